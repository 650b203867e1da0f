// Chinese labels of the core's enums, through i18n.
import type { Status } from './bindings/Status'
import type { Channel } from './bindings/Channel'
import type { Validity } from './bindings/Validity'
import type { PublishMode } from './bindings/PublishMode'
import type { Role } from './bindings/Role'

export const STATUSES: Status[] = ['draft', 'in_review', 'approved', 'withheld', 'referred', 'exported', 'published', 'revoked']
export const CHANNELS: Channel[] = ['website', 'wechat', 'bulletin', 'media', 'other']
export const VALIDITIES: Validity[] = ['valid', 'expired', 'repealed']
export const PUBLISH_MODES: PublishMode[] = ['proactive', 'on_request']
export const ROLES: Role[] = ['drafter', 'office_head', 'reviewer', 'leader', 'publisher', 'request_handler', 'admin']

export const STATUS_TAG: Record<Status, 'info' | 'warning' | 'success' | 'danger' | 'primary'> = {
  draft: 'info',
  in_review: 'warning',
  approved: 'success',
  withheld: 'danger',
  referred: 'warning',
  exported: 'primary',
  published: 'success',
  revoked: 'info',
}

/** Tag colour of a deadline state (正常 / 即将到期 / 已逾期 / 按时公开 / 逾期公开). */
export const DUE_TAG = { ok: 'success', soon: 'warning', overdue: 'danger', on_time: 'success', late: 'danger' } as const
