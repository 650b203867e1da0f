import { listen, type UnlistenFn } from '@tauri-apps/api/event'
import { call } from './core'
import type { BundleCheck } from '../bindings/BundleCheck'
import type { BundleResult } from '../bindings/BundleResult'
import type { Candidate } from '../bindings/Candidate'
import type { Item } from '../bindings/Item'
import type { Progress } from '../bindings/Progress'
import type { PublishReport } from '../bindings/PublishReport'
import type { RevokeKind } from '../bindings/RevokeKind'
import type { WaitingRevocation } from '../bindings/WaitingRevocation'

export const bundleCandidates = () => call<Candidate[]>('bundle_candidates')
/** The 撤回 / 废止 the next bundle carries to the site. */
export const waitingRevocations = () => call<WaitingRevocation[]>('bundle_revocations')
/** Asks for the folder, then exports; `null` when the dialog was cancelled. */
export const exportBundle = (itemIds: number[] | null) => call<BundleResult | null>('bundle_export', { itemIds })
export const cancelExport = () => call<void>('bundle_cancel')
/** Checks `path`, or a zip the user picks when `path` is null; `null` when cancelled. */
export const verifyBundle = (path: string | null) => call<BundleCheck | null>('bundle_verify', { path })
export const publishItem = (id: number, url: string, date: string) => call<Item>('bundle_publish', { id, url, date })
/** Imports a publication CSV the user picks; `null` when cancelled. */
export const publishCsv = () => call<PublishReport | null>('bundle_publish_csv')
export const revokeItem = (id: number, kind: RevokeKind, reason: string) =>
  call<Item>('bundle_revoke', { id, kind, reason })
/** Progress of the running export (throttled by the shell). */
export const onExportProgress = (f: (p: Progress) => void): Promise<UnlistenFn> =>
  listen<Progress>('bundle-progress', (e) => f(e.payload))
