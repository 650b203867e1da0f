// Chinese labels of the core's enums, through i18n.
import type { Status } from './bindings/Status'
import type { Channel } from './bindings/Channel'
import type { Validity } from './bindings/Validity'
import type { PublishMode } from './bindings/PublishMode'
import type { Role } from './bindings/Role'
import type { ApplicantSubtype } from './bindings/ApplicantSubtype'
import type { RequestChannel } from './bindings/RequestChannel'
import type { RequestOutcome } from './bindings/RequestOutcome'
import type { RequestStatus } from './bindings/RequestStatus'

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

// 依申请公开: the core's words are their own Chinese labels (the CLI's JSON values).
export const APPLICANT_SUBTYPES: ApplicantSubtype[] = ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']
export const REQUEST_CHANNELS: RequestChannel[] = ['当面', '邮寄', '平常信函', '网络', '传真']
/** What 第三十一条 takes as the day of receipt, by channel. */
export const RECEIPT_RULE: Record<RequestChannel, string> = {
  当面: '申请人提交之日',
  邮寄: '行政机关签收之日',
  平常信函: '与申请人确认之日',
  网络: '双方确认之日',
  传真: '双方确认之日',
}
export const REQUEST_OUTCOMES: RequestOutcome[] = [
  '予以公开',
  '部分公开',
  '不予公开：属于国家秘密',
  '不予公开：其他法律行政法规禁止公开',
  '不予公开：危及“三安全一稳定”',
  '不予公开：保护第三方合法权益',
  '不予公开：属于三类内部事务信息',
  '不予公开：属于四类过程性信息',
  '不予公开：属于行政执法案卷',
  '不予公开：属于行政查询事项',
  '无法提供：本机关不掌握相关政府信息',
  '无法提供：没有现成信息需要另行制作',
  '无法提供：补正后申请内容仍不明确',
  '不予处理：信访举报投诉类申请',
  '不予处理：重复申请',
  '不予处理：要求提供公开出版物',
  '不予处理：无正当理由大量反复申请',
  '不予处理：要求行政机关确认或重新出具已获取信息',
  '其他处理：申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  '其他处理：申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  '其他处理：其他',
]
export const REQUEST_STATUS_TAG: Record<RequestStatus, 'info' | 'warning' | 'success' | 'danger' | 'primary'> = {
  办理中: 'primary',
  待补正: 'warning',
  征求意见中: 'warning',
  待缴费: 'warning',
  已答复: 'success',
  视为放弃: 'info',
  已撤回: 'info',
}

/** Closed applications (the core's `Status::is_closed`): answered, abandoned, withdrawn. */
export function requestClosed(status: string): boolean {
  return status === '已答复' || status === '视为放弃' || status === '已撤回'
}

/** Who may read applications (the core's `request::require_reader`). */
export const REQUEST_READERS: Role[] = ['request_handler', 'leader', 'office_head', 'admin']

/**
 * The remedies paragraph still has the default's blanks (the core's
 * `LetterSettings::remedies_unfilled`, `letters::BLANK`): the 复议机关 or the court unnamed.
 */
export const remediesUnfilled = (remedies: string) => remedies.includes('……')
