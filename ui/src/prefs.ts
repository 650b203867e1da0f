// Display preferences (text size, language): loaded once at start, applied to the whole
// window, saved through the core.
import { reactive } from 'vue'
import type { Preferences } from './bindings/Preferences'
import { preferencesGet, preferencesSet } from './ipc/commands'
import { i18n, type Locale } from './i18n'

export const prefs = reactive<Preferences>({ font_size: 14, locale: 'zh-CN' })

/** Scales Element Plus and our own text from one base size (14, 16, 18 or 20 px). */
export function applyFontSize(size: number, root: HTMLElement = document.documentElement) {
  const vars: Record<string, number> = {
    '--el-font-size-extra-small': size - 2,
    '--el-font-size-small': size - 1,
    '--el-font-size-base': size,
    '--el-font-size-medium': size + 2,
    '--el-font-size-large': size + 4,
    '--el-font-size-extra-large': size + 6,
    '--el-component-size-small': size * 2 - 4,
    '--el-component-size': size * 2 + 4,
    '--el-component-size-large': size * 2 + 12,
    '--app-font-size': size,
  }
  for (const [k, v] of Object.entries(vars)) root.style.setProperty(k, `${v}px`)
}

function apply(p: Preferences) {
  Object.assign(prefs, p)
  applyFontSize(p.font_size)
  i18n.global.locale.value = p.locale as Locale
  document.documentElement.lang = p.locale
}

export async function loadPrefs() {
  apply(await preferencesGet())
}

export async function savePrefs(p: Preferences) {
  apply(await preferencesSet(p))
}
