// Prints (opens in the system PDF viewer) or saves review sheets and the register, and
// tells the user where the file went and which characters the fonts lacked. `printing` is
// true while the sheets are made, for the page to show their progress (with 取消).
import { shownPath } from './ipc/http'
import { ref } from 'vue'
import { ElMessageBox } from 'element-plus'
import { reportYearPreview, sheetLedger, sheetPrint, sheetRegister } from './ipc/commands'
import type { PrintedFile } from './bindings/PrintedFile'
import { toAppError } from './ipc/core'
import { done, failed } from './notify'
import { i18n } from './i18n'

/**
 * Runs `make(save)`; when opening failed for want of a PDF viewer, says so and offers
 * 另存为 (the same PDF, saved where the user picks).
 */
async function deliver(make: (save: boolean) => Promise<PrintedFile | null>, save: boolean) {
  try {
    report(await make(save), save)
  } catch (e) {
    const err = toAppError(e)
    if (save || err.field !== 'viewer') {
      failed(err)
      return
    }
    const t = i18n.global.t
    try {
      await ElMessageBox.confirm(err.message, t('print.noViewer'), {
        type: 'warning',
        confirmButtonText: t('print.saveAs'),
        cancelButtonText: t('common.cancel'),
      })
    } catch {
      return
    }
    await deliver(make, true)
  }
}

function report(file: PrintedFile | null, save: boolean) {
  if (!file) return
  const t = i18n.global.t
  done(save ? t('print.saved', { path: shownPath(file.path), pages: file.pages }) : t('print.opened', { pages: file.pages }))
  if (file.missing) failed({ code: 'invalid', message: t('print.missing', { chars: file.missing }) })
}

export const printing = ref(false)

export async function sheets(ids: number[], save: boolean, round: number | null = null) {
  printing.value = true
  try {
    await deliver((toFile) => sheetPrint(ids, round, toFile), save)
  } finally {
    printing.value = false
  }
}

export async function register(from: string, to: string, save: boolean) {
  await deliver((toFile) => sheetRegister(from, to, toFile), save)
}

export async function ledger(save: boolean) {
  await deliver((toFile) => sheetLedger(toFile), save)
}

/** The whole annual report of `year` as a PDF, to look at before the Word file goes out. */
export async function yearReport(year: number, save: boolean) {
  await deliver((toFile) => reportYearPreview(year, toFile), save)
}
