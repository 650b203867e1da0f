import { call } from './core'
import type { Agency } from '../bindings/Agency'
import type { AgencyInput } from '../bindings/AgencyInput'
import type { Office } from '../bindings/Office'
import type { Preferences } from '../bindings/Preferences'
import type { DraftingSettings } from '../bindings/DraftingSettings'
import type { Category } from '../bindings/Category'
import type { AuditCheck } from '../bindings/AuditCheck'
import type { AuditEntry } from '../bindings/AuditEntry'
import type { AuditFilter } from '../bindings/AuditFilter'
import type { CalendarYear } from '../bindings/CalendarYear'

export const getAgency = () => call<Agency>('agency_get')
export const updateAgency = (input: AgencyInput) => call<Agency>('agency_update', { input })

export const listOffices = (includeInactive = false) =>
  call<Office[]>('office_list', { includeInactive })
export const addOffice = (name: string) => call<Office>('office_add', { name })
export const renameOffice = (id: number, name: string) => call<Office>('office_rename', { id, name })
export const setOfficeActive = (id: number, active: boolean) =>
  call<Office>('office_set_active', { id, active })

export const getPreferences = () => call<Preferences>('preferences_get')
export const setPreferences = (prefs: Preferences) => call<Preferences>('preferences_set', { prefs })

export const getDraftingSettings = () => call<DraftingSettings>('drafting_settings_get')
export const setDraftingSettings = (settings: DraftingSettings) =>
  call<DraftingSettings>('drafting_settings_set', { settings })
export const setCategoryOffices = (id: number, officeIds: number[]) =>
  call<Category>('category_set_offices', { id, officeIds })
export const verifyAudit = () => call<AuditCheck>('audit_verify')
export const searchAudit = (filter: AuditFilter, limit = 500) => call<AuditEntry[]>('audit_search', { filter, limit })
export const exportAudit = (filter: AuditFilter) =>
  call<{ path: string; count: number } | null>('audit_export_csv', { filter })
export const calendarYears = () => call<CalendarYear[]>('calendar_years')
export const importCalendar = () => call<CalendarYear[] | null>('calendar_import')
export const sensitiveWords = () => call<string[]>('sensitive_words_get')
export const setSensitiveWords = (words: string[]) => call<string[]>('sensitive_words_set', { words })
export const importSensitiveWords = () => call<string[] | null>('sensitive_words_import')
export const exportSensitiveWords = () => call<{ path: string; count: number } | null>('sensitive_words_export')
