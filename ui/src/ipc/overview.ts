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
export const getOverview = () => call<Overview>('overview_get')
export const listPlanTasks = () => call<PlanTask[]>('plan_list')
export const getDashboard = () => call<Dashboard>('dashboard_get')
