import { call } from './core'
import type { Staff } from '../bindings/Staff'
import type { NewStaff } from '../bindings/NewStaff'
import type { StaffUpdate } from '../bindings/StaffUpdate'
import type { Agency } from '../bindings/Agency'
import type { AgencyInput } from '../bindings/AgencyInput'
import type { StaffImportReport } from '../bindings/StaffImportReport'
import type { Added } from '../bindings/Added'

export interface SessionInfo {
  needs_setup: boolean
  user: Staff | null
  /** Idle too long: the page stays, the same person's password opens it. */
  locked: boolean
  auto_lock_minutes: number
}

export const getSession = () => call<SessionInfo>('session_get')
export const setupAgency = (input: AgencyInput) => call<Agency>('session_setup_agency', { input })
export const setupAdmin = (name: string, officeId: number, password: string) =>
  call<Staff>('session_setup_admin', { name, officeId, password })
export const signIn = (name: string, password: string) => call<Staff>('session_sign_in', { name, password })
export const signOut = () => call<void>('session_sign_out')
export const lockSession = () => call<void>('session_lock')
export const unlockSession = (password: string) => call<Staff>('session_unlock', { password })
/** The password again, before a decision, export, restore or staff change. */
export const confirmPassword = (password: string) => call<Staff>('session_confirm', { password })
/** Activity in the window: keeps the session from locking. */
export const touchSession = () => call<void>('session_touch')
export const changePassword = (current: string, password: string) =>
  call<Staff>('session_change_password', { current, password })
export const setAutoLock = (minutes: number) => call<number>('session_set_auto_lock', { minutes })

export const listStaff = () => call<Staff[]>('staff_list')
/** Adds a person; the answer carries their random initial password, shown once. */
export const addStaff = (value: NewStaff) => call<Added>('staff_add', { new: value })
export const updateStaff = (id: number, change: StaffUpdate) => call<Staff>('staff_update', { id, change })
/** A new random initial password, to be changed at the next sign-in. */
export const resetPassword = (id: number) => call<Added>('staff_reset_password', { id })
/** Picks an .xlsx (姓名, 处室, 角色) and imports everyone; null when the dialog was cancelled. */
export const importStaffPick = () => call<StaffImportReport | null>('staff_import_pick')
/** Saves the 初始密码单 of people just added; the saved path, or null when cancelled. */
export const saveSlips = (people: Added[]) => call<string | null>('staff_slips_save', { people })
