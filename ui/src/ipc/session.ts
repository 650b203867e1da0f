import { call } from './core'
import type { Staff } from '../bindings/Staff'
import type { NewStaff } from '../bindings/NewStaff'
import type { StaffUpdate } from '../bindings/StaffUpdate'
import type { Agency } from '../bindings/Agency'
import type { AgencyInput } from '../bindings/AgencyInput'
import type { StaffImportReport } from '../bindings/StaffImportReport'

export interface SessionInfo {
  needs_setup: boolean
  user: Staff | null
}

export const getSession = () => call<SessionInfo>('session_get')
export const setupAgency = (input: AgencyInput) => call<Agency>('session_setup_agency', { input })
export const setupAdmin = (name: string, officeId: number, password: string) =>
  call<Staff>('session_setup_admin', { name, officeId, password })
export const signIn = (name: string, password: string) => call<Staff>('session_sign_in', { name, password })
export const signOut = () => call<void>('session_sign_out')

export const listStaff = () => call<Staff[]>('staff_list')
export const addStaff = (value: NewStaff) => call<Staff>('staff_add', { new: value })
export const updateStaff = (id: number, change: StaffUpdate) => call<Staff>('staff_update', { id, change })
export const resetPassword = (id: number, password: string) =>
  call<void>('staff_reset_password', { id, password })
/** Picks an .xlsx (姓名, 处室, 角色) and imports everyone; null when the dialog was cancelled. */
export const importStaffPick = (password: string) =>
  call<StaffImportReport | null>('staff_import_pick', { password })
