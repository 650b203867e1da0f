import { call } from './core'
import type { SheetMatch } from '../bindings/SheetMatch'

/** A PDF written for the user; `missing` lists characters the fonts lack (printed as 〓). */
export interface PrintedFile {
  path: string
  pages: number
  missing: string
}

export const printSheets = (ids: number[], save: boolean, round: number | null = null) =>
  call<PrintedFile | null>('sheet_print', { ids, round, save })
export const printRegister = (from: string, to: string, save: boolean) =>
  call<PrintedFile | null>('sheet_register', { from, to, save })
export const lookupSheet = (text: string) => call<SheetMatch>('sheet_lookup', { text })
export const printLedger = (save: boolean) => call<PrintedFile | null>('sheet_ledger', { save })
