import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN'
import enUS from './en-US'

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  )
}

describe('UI strings', () => {
  it('en-US has exactly the keys of zh-CN', () => {
    expect(keys(enUS).sort()).toEqual(keys(zhCN).sort())
  })

  it('zh-CN strings are Chinese, not English left in by mistake', () => {
    const asciiOnly = keys(zhCN).filter((k) => {
      const v = k.split('.').reduce<any>((o, p) => o[p], zhCN) as string
      return /^[\x00-\x7F]+$/.test(v)
    })
    expect(asciiOnly).toEqual([])
  })
})

describe('every UI string renders', () => {
  it('compiles in vue-i18n without error (a string that fails renders nothing in the window)', async () => {
    const { i18n } = await import('./index')
    const failures: string[] = []
    for (const locale of ['zh-CN', 'en-US'] as const) {
      i18n.global.locale.value = locale
      const messages = locale === 'zh-CN' ? zhCN : enUS
      for (const key of keys(messages)) {
        try {
          const text = i18n.global.t(key, { n: 1, name: '名', row: 1, message: '消息', v: '1' })
          if (!text || text === key) failures.push(`${locale} ${key}: empty`)
        } catch (e) {
          failures.push(`${locale} ${key}: ${(e as Error).message}`)
        }
      }
    }
    expect(failures).toEqual([])
    i18n.global.locale.value = 'zh-CN'
    expect(i18n.global.t('settings.shortNameHint')).toMatch(/\\ \/ : \* \? " < > \|$/)
  })
})
