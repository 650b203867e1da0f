// 备份与恢复 (设置) and the start-up screen's restore.
import { call } from './core'
import type { BackupInfo } from '../bindings/BackupInfo'
import type { BackupOverview } from '../bindings/BackupOverview'
import type { BackupSettings } from '../bindings/BackupSettings'

export const backupOverview = () => call<BackupOverview>('backup_overview')
export const lastBackup = () => call<string | null>('backup_last')
export const createBackup = () => call<BackupInfo>('backup_create')
export const setBackupSettings = (settings: BackupSettings) =>
  call<BackupSettings>('backup_settings_set', { settings })
export const pickBackupDir = () => call<string | null>('backup_pick_dir')
export const restoreBackup = (path: string) => call<void>('backup_restore', { path })
export const startupRestore = () => call<void>('startup_restore')
export const openDataDir = () => call<void>('startup_open_data_dir')
