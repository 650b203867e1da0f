import { call } from './core'
import type { DecisionInput } from '../bindings/DecisionInput'
import type { Ground } from '../bindings/Ground'
import type { Item } from '../bindings/Item'
import type { QueueEntry } from '../bindings/QueueEntry'
import type { ReviewHistory } from '../bindings/ReviewHistory'
import type { FindingView } from '../bindings/FindingView'
import type { Settlement } from '../bindings/Settlement'
import type { MaskRequest } from '../bindings/MaskRequest'
import type { RereviewInput } from '../bindings/RereviewInput'
import type { Chain } from '../bindings/Chain'
import type { StepUpdate } from '../bindings/StepUpdate'
import type { ReviewSettings } from '../bindings/ReviewSettings'

export const submitItem = (id: number) => call<Item>('item_submit', { id })
export const withdrawItem = (id: number) => call<Item>('item_withdraw', { id })
export const decide = (id: number, input: DecisionInput) => call<Item>('review_decide', { id, input })
export const decideMany = (ids: number[], input: DecisionInput) => call<number>('review_decide_many', { ids, input })
export const reviewQueue = () => call<QueueEntry[]>('review_queue')
export const listGrounds = () => call<Ground[]>('review_grounds')
export const reviewHistory = (id: number) => call<ReviewHistory>('review_history', { id })
export const recordReferral = (id: number, input: DecisionInput) => call<Item>('review_record_referral', { id, input })
export const rereview = (id: number, input: RereviewInput) => call<Item>('review_rereview', { id, input })
export const reviewChains = () => call<Chain[]>('review_chains')
export const setChainStep = (categoryId: number, step: number, update: StepUpdate) =>
  call<Chain[]>('review_set_step', { categoryId, step, update })
export const getReviewSettings = () => call<ReviewSettings>('review_settings_get')
export const setReviewSettings = (settings: ReviewSettings) => call<ReviewSettings>('review_settings_set', { settings })
export const selfCheck = (id: number) => call<FindingView[]>('item_self_check', { id })
export const reviewFindings = (id: number) => call<FindingView[]>('review_findings', { id })
export const settleFinding = (id: number, findingId: number, settlement: Settlement) =>
  call<FindingView>('review_settle', { id, findingId, settlement })
export const maskFinding = (id: number, request: MaskRequest) => call<Item>('item_mask', { id, request })
