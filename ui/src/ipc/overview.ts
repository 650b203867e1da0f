import { call } from './core'
import type { Overview } from '../bindings/Overview'
import type { Dashboard } from '../bindings/Dashboard'
import type { PlanTask } from '../bindings/PlanTask'

export interface StartupStatus {
  ok: boolean
  data_dir: string
  error: { code: string; message: string } | null
}

export const startupStatus = () => call<StartupStatus>('startup_status')
export const getOverview = () => call<Overview>('overview_get')
export const listPlanTasks = () => call<PlanTask[]>('plan_list')
export const getDashboard = () => call<Dashboard>('dashboard_get')
export const openDataDir = () => call<void>('data_dir_open')
