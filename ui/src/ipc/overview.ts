import { listen, type UnlistenFn } from '@tauri-apps/api/event'
import { call } from './core'
import type { Overview } from '../bindings/Overview'
import type { Dashboard } from '../bindings/Dashboard'
import type { PlanTask } from '../bindings/PlanTask'
import type { BackupInfo } from '../bindings/BackupInfo'

export interface StartupStatus {
  ok: boolean
  data_dir: string
  error: { code: string; message: string } | null
  /** The newest good backup, offered when the data failed the start-up check. */
  restore: BackupInfo | null
}

export const startupStatus = () => call<StartupStatus>('startup_status')
/** The check of the whole database, run shortly after start-up, found it damaged. */
export const onDamaged = (handler: () => void): Promise<UnlistenFn> => listen('desk-damaged', handler)
export const getOverview = () => call<Overview>('overview_get')
export const listPlanTasks = () => call<PlanTask[]>('plan_list')
export const getDashboard = () => call<Dashboard>('dashboard_get')
import type { TaskUpdate } from '../bindings/TaskUpdate'
import type { DeadlineRule } from '../bindings/DeadlineRule'
import type { RuleCode } from '../bindings/RuleCode'
import type { Due } from '../bindings/Due'

export const updatePlanTask = (id: number, update: TaskUpdate) => call<PlanTask[]>('plan_update', { id, update })
export const deadlineRules = () => call<DeadlineRule[]>('deadline_rules')
export const setDeadlineRule = (code: RuleCode, days: number) => call<DeadlineRule[]>('deadline_rule_set', { code, days })
/** The deadlines of a list page's rows (items no rule applies to are left out). */
export const itemDues = (ids: number[]) => call<Due[]>('item_dues', { ids })
export const openDataDir = () => call<void>('data_dir_open')
