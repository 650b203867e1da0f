// Generated from src-tauri/api/src/table.rs by `make bindings`: do not edit.
// One function per command; each goes through `call`, so every failure is an AppError.
import { call } from './core'
import type { Added } from '../bindings/Added'
import type { Agency } from '../bindings/Agency'
import type { AgencyInput } from '../bindings/AgencyInput'
import type { AnnualInputs } from '../bindings/AnnualInputs'
import type { AnnualReport } from '../bindings/AnnualReport'
import type { AppealInput } from '../bindings/AppealInput'
import type { Assessment } from '../bindings/Assessment'
import type { AuditCheck } from '../bindings/AuditCheck'
import type { AuditEntry } from '../bindings/AuditEntry'
import type { AuditFilter } from '../bindings/AuditFilter'
import type { BackupInfo } from '../bindings/BackupInfo'
import type { BackupOverview } from '../bindings/BackupOverview'
import type { BackupSettings } from '../bindings/BackupSettings'
import type { BundleCheck } from '../bindings/BundleCheck'
import type { BundleResult } from '../bindings/BundleResult'
import type { CalendarYear } from '../bindings/CalendarYear'
import type { Candidate } from '../bindings/Candidate'
import type { Category } from '../bindings/Category'
import type { Chain } from '../bindings/Chain'
import type { ClockSettings } from '../bindings/ClockSettings'
import type { Dashboard } from '../bindings/Dashboard'
import type { DeadlineRule } from '../bindings/DeadlineRule'
import type { DecisionInput } from '../bindings/DecisionInput'
import type { DraftingSettings } from '../bindings/DraftingSettings'
import type { Due } from '../bindings/Due'
import type { EventKind } from '../bindings/EventKind'
import type { ExportedFile } from '../bindings/ExportedFile'
import type { FeeBasis } from '../bindings/FeeBasis'
import type { FeeCalculation } from '../bindings/FeeCalculation'
import type { FindingView } from '../bindings/FindingView'
import type { Ground } from '../bindings/Ground'
import type { ImportReport } from '../bindings/ImportReport'
import type { Item } from '../bindings/Item'
import type { ItemInput } from '../bindings/ItemInput'
import type { ItemPage } from '../bindings/ItemPage'
import type { ItemQuery } from '../bindings/ItemQuery'
import type { Job } from '../bindings/Job'
import type { LanServer } from '../bindings/LanServer'
import type { LanStatus } from '../bindings/LanStatus'
import type { MaskRequest } from '../bindings/MaskRequest'
import type { NewStaff } from '../bindings/NewStaff'
import type { Office } from '../bindings/Office'
import type { Overview } from '../bindings/Overview'
import type { PartInput } from '../bindings/PartInput'
import type { PlanTask } from '../bindings/PlanTask'
import type { Preferences } from '../bindings/Preferences'
import type { PrintedFile } from '../bindings/PrintedFile'
import type { Problem } from '../bindings/Problem'
import type { PublishReport } from '../bindings/PublishReport'
import type { QueueEntry } from '../bindings/QueueEntry'
import type { Redaction } from '../bindings/Redaction'
import type { Request } from '../bindings/Request'
import type { RequestInput } from '../bindings/RequestInput'
import type { RequestLetter } from '../bindings/RequestLetter'
import type { RequestLetterKind } from '../bindings/RequestLetterKind'
import type { RequestLetterSettings } from '../bindings/RequestLetterSettings'
import type { RequestSummary } from '../bindings/RequestSummary'
import type { RereviewInput } from '../bindings/RereviewInput'
import type { ReviewHistory } from '../bindings/ReviewHistory'
import type { ReviewSettings } from '../bindings/ReviewSettings'
import type { RevokeKind } from '../bindings/RevokeKind'
import type { RuleCode } from '../bindings/RuleCode'
import type { RuleLists } from '../bindings/RuleLists'
import type { Saved } from '../bindings/Saved'
import type { SavedReport } from '../bindings/SavedReport'
import type { ServedHow } from '../bindings/ServedHow'
import type { SessionInfo } from '../bindings/SessionInfo'
import type { Settlement } from '../bindings/Settlement'
import type { SheetMatch } from '../bindings/SheetMatch'
import type { ShippedWording } from '../bindings/ShippedWording'
import type { ShippedWordingList } from '../bindings/ShippedWordingList'
import type { Staff } from '../bindings/Staff'
import type { StaffImportReport } from '../bindings/StaffImportReport'
import type { StaffUpdate } from '../bindings/StaffUpdate'
import type { StartupStatus } from '../bindings/StartupStatus'
import type { StepUpdate } from '../bindings/StepUpdate'
import type { TaskUpdate } from '../bindings/TaskUpdate'
import type { VersionDiff } from '../bindings/VersionDiff'
import type { VersionInfo } from '../bindings/VersionInfo'
import type { WaitingRevocation } from '../bindings/WaitingRevocation'
import type { WordingList } from '../bindings/WordingList'
import type { YearReport } from '../bindings/YearReport'

/** 备份与恢复 (管理员). */
export const backupOverview = () =>
  call<BackupOverview>('backup_overview')

/** When the last backup was made, for 设置 → 关于 (anyone signed in). */
export const backupLast = () =>
  call<string | null>('backup_last')

export const backupCreate = () =>
  call<BackupInfo>('backup_create')

export const backupSettingsSet = (settings: BackupSettings) =>
  call<BackupSettings>('backup_settings_set', { settings })

export const backupPickDir = () =>
  call<string | null>('backup_pick_dir')

/** 校验 one backup completely, as a restore would first (管理员); changes nothing. */
export const backupCheck = (path: string) =>
  call<BackupInfo>('backup_check', { path })

export const backupRestore = (path: string) =>
  call<void>('backup_restore', { path })

export const startupRestore = () =>
  call<void>('startup_restore')

export const startupOpenDataDir = () =>
  call<void>('startup_open_data_dir')

export const bundleCandidates = () =>
  call<Candidate[]>('bundle_candidates')

/** The 撤回 / 废止 the next bundle carries to the site. */
export const bundleRevocations = () =>
  call<WaitingRevocation[]>('bundle_revocations')

/** Asks for the folder, then exports; `null` when the dialog was cancelled. */
export const bundleExport = (itemIds: number[] | null) =>
  call<BundleResult | null>('bundle_export', { itemIds })

export const bundleCancel = () =>
  call<void>('bundle_cancel')

/** Checks `path`, or a zip the user picks when `path` is null; `null` when cancelled. */
export const bundleVerify = (path: string | null) =>
  call<BundleCheck | null>('bundle_verify', { path })

/** 登记发布 one exported item: on the site at `url` since `date` (`YYYY-MM-DD`). */
export const bundlePublish = (id: number, url: string, date: string) =>
  call<Item>('bundle_publish', { id, url, date })

/** Imports a publication CSV the user picks; `null` when cancelled. */
export const bundlePublishCsv = () =>
  call<PublishReport | null>('bundle_publish_csv')

/** 撤回 / 废止 a published item; the next bundle tells the site. */
export const bundleRevoke = (id: number, kind: RevokeKind, reason: string) =>
  call<Item>('bundle_revoke', { id, kind, reason })

export const categoryList = () =>
  call<Category[]>('category_list')

/** 时限: the item's disclosure deadline and its state, or `None` when no rule applies yet. */
export const itemDue = (id: number) =>
  call<Due | null>('item_due', { id })

export const rulesLists = () =>
  call<RuleLists>('rules_lists')

export const itemDefaults = () =>
  call<ItemInput>('item_defaults')

export const itemCreate = (input: ItemInput) =>
  call<Saved>('item_create', { input })

/**
 * Saves the draft; `base` is the `revision` of the item the editor started from (the
 * save is refused with who changed it meanwhile, rather than overwrite their change).
 */
export const itemSave = (id: number, input: ItemInput, autosave: boolean, base: string | null) =>
  call<Saved>('item_save', { id, input, autosave, base })

export const itemGet = (id: number) =>
  call<Item>('item_get', { id })

export const itemDelete = (id: number) =>
  call<void>('item_delete', { id })

export const itemList = (query: ItemQuery) =>
  call<ItemPage>('item_list', { query })

export const itemCheck = (id: number) =>
  call<Problem[]>('item_check', { id })

/** The same checks on the fields being edited, before they are saved. */
export const itemCheckDraft = (id: number | null, input: ItemInput) =>
  call<Problem[]>('item_check_draft', { id, input })

export const itemVersions = (id: number) =>
  call<VersionInfo[]>('item_versions', { id })

export const itemDiff = (id: number, from: number, to: number) =>
  call<VersionDiff>('item_diff', { id, from, to })

export const itemPickAttachments = (id: number) =>
  call<Item>('item_pick_attachments', { id })

/** 一键脱敏: masks a finding's text in the body and fields, as a new version. */
export const itemMask = (id: number, request: MaskRequest) =>
  call<Item>('item_mask', { id, request })

/** 一键脱敏 of an attachment: its redacted copy in its place, as a new version. */
export const itemRedactAttachment = (id: number, attachmentId: number) =>
  call<Redaction>('item_redact_attachment', { id, attachmentId })

/** The pages of a PDF attachment as pictures: the reviewer looks at a redacted copy. */
export const itemAttachmentPages = (id: number, attachmentId: number) =>
  call<string[]>('item_attachment_pages', { id, attachmentId })

/** Attaches files dropped on the window. */
export const itemAddAttachments = (id: number, paths: string[]) =>
  call<Item>('item_add_attachments', { id, paths })

export const itemRemoveAttachment = (id: number, attachmentId: number) =>
  call<Item>('item_remove_attachment', { id, attachmentId })

export const itemOpenAttachment = (id: number, attachmentId: number) =>
  call<void>('item_open_attachment', { id, attachmentId })

/** Who else has the item open now (on the LAN), for whoever may read it. */
export const itemViewers = (id: number) =>
  call<string[]>('item_viewers', { id })

export const itemImportPick = () =>
  call<ImportReport | null>('item_import_pick')

export const startupStatus = () =>
  call<StartupStatus>('startup_status')

export const overviewGet = () =>
  call<Overview>('overview_get')

export const dataDirOpen = () =>
  call<void>('data_dir_open')

export const planList = () =>
  call<PlanTask[]>('plan_list')

export const dashboardGet = () =>
  call<Dashboard>('dashboard_get')

/** 责任分工台账: an administrator changes a task's offices and 落实专人. */
export const planUpdate = (id: number, update: TaskUpdate) =>
  call<PlanTask[]>('plan_update', { id, update })

/** 时限规则. */
export const deadlineRules = () =>
  call<DeadlineRule[]>('deadline_rules')

export const deadlineRuleSet = (code: RuleCode, days: number) =>
  call<DeadlineRule[]>('deadline_rule_set', { code, days })

/** The deadlines of a list page's rows (items no rule applies to are left out). */
export const itemDues = (ids: number[]) =>
  call<Due[]>('item_dues', { ids })

export const reportAssessment = (year: number, officeId: number | null) =>
  call<Assessment>('report_assessment', { year, officeId })

export const reportAnnual = (year: number) =>
  call<AnnualReport>('report_annual', { year })

export const reportAssessmentSave = (year: number, officeId: number | null, format: string) =>
  call<SavedReport | null>('report_assessment_save', { year, officeId, format })

export const reportAnnualSave = (year: number) =>
  call<SavedReport | null>('report_annual_save', { year })

/** The whole 政府信息公开工作年度报告 of `year` (anyone signed in: counts only). */
export const reportYear = (year: number) =>
  call<YearReport>('report_year', { year })

/** Saves the whole report as `docx` or `xlsx`; `null` when the dialog was cancelled. */
export const reportYearSave = (year: number, format: string) =>
  call<SavedReport | null>('report_year_save', { year, format })

/**
 * The whole report as a PDF opened in the viewer (or saved when `save`): anyone signed in,
 * as `report_year`.
 */
export const reportYearPreview = (year: number, save: boolean) =>
  call<PrintedFile | null>('report_year_preview', { year, save })

/**
 * Saves the texts of sections 一、五、六 and section 二's figures the office writes for
 * `year` (管理员, 发布员, 依申请承办人); `report_year` reads them.
 */
export const reportYearInputsSet = (year: number, inputs: AnnualInputs) =>
  call<AnnualInputs>('report_year_inputs_set', { year, inputs })

/** 依申请公开: every application, newest first (依申请承办人, 负责人, 管理员; ID numbers masked). */
export const requestList = () =>
  call<RequestSummary[]>('request_list')

/** Open applications due within `within` working days, or overdue. */
export const requestDue = (within: number) =>
  call<RequestSummary[]>('request_due', { within })

/** One application with its clock and history (the ID number in full for 依申请承办人 only). */
export const requestGet = (number: string) =>
  call<Request>('request_get', { number })

/** Registers an application (依申请承办人). */
export const requestAdd = (input: RequestInput) =>
  call<Request>('request_add', { input })

/** Records what happened on `on` (`YYYY-MM-DD`): 补正, extension, consultation, fee, reply. */
export const requestRecord = (number: string, on: string, event: EventKind) =>
  call<Request>('request_record', { number, on, event })

/** Routes a request to an office (协办): 依申请承办人; the office's draft is made. */
export const requestAssign = (number: string, part: PartInput) =>
  call<Request>('request_assign', { number, part })

/** Cancels a part its office has not yet submitted: 依申请承办人. */
export const requestPartCancel = (number: string, partId: number) =>
  call<Request>('request_part_cancel', { number, partId })

/** Records a 行政复议 or 行政诉讼 against the reply (依申请承办人). */
export const requestAppeal = (number: string, appeal: AppealInput) =>
  call<void>('request_appeal', { number, appeal })

/** The 信息处理费 and its working (anyone signed in: a calculation). */
export const requestFee = (basis: FeeBasis, quantity: number) =>
  call<FeeCalculation>('request_fee', { basis, quantity })

/** The letters issued on an application (readers), oldest first. */
export const requestLetters = (number: string) =>
  call<RequestLetter[]>('request_letters', { number })

/** Issues a letter for what was recorded (依申请承办人): the 文号 is given, the text fixed. */
export const requestLetterIssue = (number: string, kind: RequestLetterKind, on: string) =>
  call<RequestLetter>('request_letter_issue', { number, kind, on })

/** Saves a letter as PDF where the user picks; `null` when the dialog was cancelled. */
export const requestLetterSave = (id: number) =>
  call<SavedReport | null>('request_letter_save', { id })

/** Records how and when a letter was served (依申请承办人; 邮寄 needs the tracking number). */
export const requestLetterServed = (id: number, how: ServedHow, on: string, trackingNo: string | null) =>
  call<RequestLetter>('request_letter_served', { id, how, on, trackingNo })

export const requestClockSettings = () =>
  call<ClockSettings>('request_clock_settings')

/** The letters' settings (文号格式, 救济途径, 缴纳方式): readers of requests. */
export const requestLetterSettings = () =>
  call<RequestLetterSettings>('request_letter_settings')

/** Changes the letters' settings (管理员). */
export const requestLetterSettingsSet = (settings: RequestLetterSettings) =>
  call<RequestLetterSettings>('request_letter_settings_set', { settings })

/** Changes the clock's settings (管理员). */
export const requestClockSettingsSet = (settings: ClockSettings) =>
  call<ClockSettings>('request_clock_settings_set', { settings })

export const itemSubmit = (id: number) =>
  call<Item>('item_submit', { id })

export const itemWithdraw = (id: number) =>
  call<Item>('item_withdraw', { id })

export const reviewDecide = (id: number, input: DecisionInput) =>
  call<Item>('review_decide', { id, input })

/** 批量通过: the same decision on many items, all or none. */
export const reviewDecideMany = (ids: number[], input: DecisionInput) =>
  call<number>('review_decide_many', { ids, input })

export const reviewQueue = () =>
  call<QueueEntry[]>('review_queue')

export const reviewGrounds = () =>
  call<Ground[]>('review_grounds')

export const reviewHistory = (id: number) =>
  call<ReviewHistory>('review_history', { id })

/** 提交前自查: what the scanner finds in the item as saved now (nothing is stored). */
export const itemSelfCheck = (id: number) =>
  call<FindingView[]>('item_self_check', { id })

/** The findings stored with the item's latest round. */
export const reviewFindings = (id: number) =>
  call<FindingView[]>('review_findings', { id })

export const reviewSettle = (id: number, findingId: number, settlement: Settlement) =>
  call<FindingView>('review_settle', { id, findingId, settlement })

export const reviewRecordReferral = (id: number, input: DecisionInput) =>
  call<Item>('review_record_referral', { id, input })

export const reviewRereview = (id: number, input: RereviewInput) =>
  call<Item>('review_rereview', { id, input })

export const reviewChains = () =>
  call<Chain[]>('review_chains')

export const reviewSetStep = (categoryId: number, step: number, update: StepUpdate) =>
  call<Chain[]>('review_set_step', { categoryId, step, update })

export const reviewSettingsGet = () =>
  call<ReviewSettings>('review_settings_get')

export const reviewSettingsSet = (settings: ReviewSettings) =>
  call<ReviewSettings>('review_settings_set', { settings })

export const sessionGet = () =>
  call<SessionInfo>('session_get')

/** 首次设置, step 1: the agency's name and code, before anyone exists. */
export const sessionSetupAgency = (input: AgencyInput) =>
  call<Agency>('session_setup_agency', { input })

export const sessionSetupAdmin = (name: string, officeId: number, password: string) =>
  call<Staff>('session_setup_admin', { name, officeId, password })

export const sessionSignIn = (name: string, password: string) =>
  call<Staff>('session_sign_in', { name, password })

export const sessionSignOut = () =>
  call<void>('session_sign_out')

export const sessionLock = () =>
  call<void>('session_lock')

/** 解锁: the same person's password opens the locked session, the page as it was. */
export const sessionUnlock = (password: string) =>
  call<Staff>('session_unlock', { password })

/**
 * The password again, before a decision, export, restore or staff change.
 * 确认身份: the password again, before a decision, export, restore or staff change.
 */
export const sessionConfirm = (password: string) =>
  call<Staff>('session_confirm', { password })

/**
 * Activity in the window: keeps the session from locking.
 * Activity in the window (typing, clicking) keeps the session from locking; answers
 * `session_locked` once it has.
 */
export const sessionTouch = () =>
  call<void>('session_touch')

export const sessionChangePassword = (current: string, password: string) =>
  call<Staff>('session_change_password', { current, password })

/** 自动锁定 minutes: administrators (checked in the core), audited. */
export const sessionSetAutoLock = (minutes: number) =>
  call<number>('session_set_auto_lock', { minutes })

/** Anyone signed in: the people and their roles (no passwords, no hashes). */
export const staffList = () =>
  call<Staff[]>('staff_list')

/** 设置 → 局域网 (管理员): 单机 or 服务器, the certificate, the people signed in. */
export const lanStatus = () =>
  call<LanStatus>('lan_status')

/** 结束会话 (管理员, password confirmed): that person is signed out at once. */
export const lanSessionEnd = (id: string) =>
  call<void>('lan_session_end', { id })

/**
 * 连接局域网服务器 (the desktop app; the first-run wizard, or 管理员 with password
 * confirmed): without a fingerprint, what the server shows; with it, connects.
 */
export const lanConnect = (address: string, fingerprint: string | null) =>
  call<LanServer>('lan_connect', { address, fingerprint })

/**
 * 本机作为服务器 (the desktop app; the first-run wizard, or 管理员 with password
 * confirmed): this desk's data served on `port`; the window then works on it.
 */
export const lanServe = (port: number) =>
  call<LanServer>('lan_serve', { port })

/**
 * Adds a person; the answer carries their random initial password, shown once.
 * Administrators, password confirmed: the new person and their initial password, shown
 * once to the administrator.
 */
export const staffAdd = (new_: NewStaff) =>
  call<Added>('staff_add', { new: new_ })

/** Administrators, password confirmed. */
export const staffUpdate = (id: number, change: StaffUpdate) =>
  call<Staff>('staff_update', { id, change })

/** A new random initial password, to be changed at the next sign-in. */
export const staffResetPassword = (id: number) =>
  call<Added>('staff_reset_password', { id })

/** Picks an .xlsx (姓名, 处室, 角色) and imports everyone; null when the dialog was cancelled. */
export const staffImportPick = () =>
  call<StaffImportReport | null>('staff_import_pick')

/** Saves the 初始密码单 of people just added; the saved path, or null when cancelled. */
export const staffSlipsSave = (people: Added[]) =>
  call<string | null>('staff_slips_save', { people })

export const agencyGet = () =>
  call<Agency>('agency_get')

export const agencyUpdate = (input: AgencyInput) =>
  call<Agency>('agency_update', { input })

export const officeList = (includeInactive: boolean) =>
  call<Office[]>('office_list', { includeInactive })

export const officeAdd = (name: string) =>
  call<Office>('office_add', { name })

export const officeRename = (id: number, name: string) =>
  call<Office>('office_rename', { id, name })

export const officeSetActive = (id: number, active: boolean) =>
  call<Office>('office_set_active', { id, active })

export const preferencesGet = () =>
  call<Preferences>('preferences_get')

export const preferencesSet = (prefs: Preferences) =>
  call<Preferences>('preferences_set', { prefs })

export const draftingSettingsGet = () =>
  call<DraftingSettings>('drafting_settings_get')

export const draftingSettingsSet = (settings: DraftingSettings) =>
  call<DraftingSettings>('drafting_settings_set', { settings })

export const categorySetOffices = (id: number, officeIds: number[]) =>
  call<Category>('category_set_offices', { id, officeIds })

export const auditVerify = () =>
  call<AuditCheck>('audit_verify')

/** 取消 a running audit check or backup (anyone at the window: it only stops a job). */
export const jobCancel = (job: Job) =>
  call<void>('job_cancel', { job })

export const auditSearch = (filter: AuditFilter, limit: number) =>
  call<AuditEntry[]>('audit_search', { filter, limit })

export const auditExportCsv = (filter: AuditFilter) =>
  call<ExportedFile | null>('audit_export_csv', { filter })

/**
 * 公开联系方式: the agency's public numbers and e-mails the scanner never reports (anyone
 * signed in reads them; 管理员 and 保密审查员 write them).
 */
export const contactsGet = () =>
  call<string[]>('contacts_get')

export const contactsSet = (entries: string[]) =>
  call<string[]>('contacts_set', { entries })

export const sensitiveWordsGet = () =>
  call<string[]>('sensitive_words_get')

export const sensitiveWordsSet = (words: string[]) =>
  call<string[]>('sensitive_words_set', { words })

export const sensitiveWordsImport = () =>
  call<string[] | null>('sensitive_words_import')

export const sensitiveWordsExport = () =>
  call<ExportedFile | null>('sensitive_words_export')

/** 错敏词: one of the agency's lists as lines (anyone signed in reads; 管理员 writes). */
export const wordingGet = (list: WordingList) =>
  call<string[]>('wording_get', { list })

export const wordingSet = (list: WordingList, lines: string[]) =>
  call<string[]>('wording_set', { list, lines })

export const wordingImport = (list: WordingList) =>
  call<string[] | null>('wording_import', { list })

export const wordingExport = (list: WordingList) =>
  call<ExportedFile | null>('wording_export', { list })

/** The shipped 错敏词 lists: version, sources, entries and which are switched on. */
export const wordingShipped = () =>
  call<ShippedWording[]>('wording_shipped')

export const wordingShippedSwitch = (list: ShippedWordingList, wrong: string, enabled: boolean) =>
  call<ShippedWording[]>('wording_shipped_switch', { list, wrong, enabled })

export const calendarYears = () =>
  call<CalendarYear[]>('calendar_years')

export const calendarImport = () =>
  call<CalendarYear[] | null>('calendar_import')

export const sheetPrint = (ids: number[], round: number | null, save: boolean) =>
  call<PrintedFile | null>('sheet_print', { ids, round, save })

export const sheetRegister = (from: string, to: string, save: boolean) =>
  call<PrintedFile | null>('sheet_register', { from, to, save })

/** 扫码查找: the review round of a paper sheet's QR code or hash, for whoever may read its item. */
export const sheetLookup = (text: string) =>
  call<SheetMatch>('sheet_lookup', { text })

export const sheetLedger = (save: boolean) =>
  call<PrintedFile | null>('sheet_ledger', { save })
