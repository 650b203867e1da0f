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
