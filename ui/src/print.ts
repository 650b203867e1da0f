// Prints (opens in the system PDF viewer) or saves review sheets and the register, and
// tells the user where the file went and which characters the fonts lacked. `printing` is
// true while the sheets are made, for the page to show their progress (with 取消).
import { ref } from 'vue'
import { sheetLedger, sheetPrint, sheetRegister } from './ipc/commands'
import type { PrintedFile } from './bindings/PrintedFile'
import { done, failed } from './notify'
import { i18n } from './i18n'

function report(file: PrintedFile | null, save: boolean) {
  if (!file) return
  const t = i18n.global.t
  done(save ? t('print.saved', { path: file.path, pages: file.pages }) : t('print.opened', { pages: file.pages }))
  if (file.missing) failed({ code: 'invalid', message: t('print.missing', { chars: file.missing }) })
}

export const printing = ref(false)

export async function sheets(ids: number[], save: boolean, round: number | null = null) {
  printing.value = true
  try {
    report(await sheetPrint(ids, round, save), save)
  } catch (e) {
    failed(e)
  } finally {
    printing.value = false
  }
}

export async function register(from: string, to: string, save: boolean) {
  try {
    report(await sheetRegister(from, to, save), save)
  } catch (e) {
    failed(e)
  }
}

export async function ledger(save: boolean) {
  try {
    report(await sheetLedger(save), save)
  } catch (e) {
    failed(e)
  }
}
