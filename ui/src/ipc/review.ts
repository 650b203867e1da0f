import { call } from './core'
import type { DecisionInput } from '../bindings/DecisionInput'
import type { Ground } from '../bindings/Ground'
import type { Item } from '../bindings/Item'
import type { QueueEntry } from '../bindings/QueueEntry'

export const submitItem = (id: number) => call<Item>('item_submit', { id })
export const withdrawItem = (id: number) => call<Item>('item_withdraw', { id })
export const decide = (id: number, input: DecisionInput) => call<Item>('review_decide', { id, input })
export const reviewQueue = () => call<QueueEntry[]>('review_queue')
export const listGrounds = () => call<Ground[]>('review_grounds')
