import { describe, expect, it } from 'vitest'
import { applyFontSize } from './prefs'

describe('applyFontSize', () => {
  it('scales text and control heights together', () => {
    const el = document.createElement('div')
    applyFontSize(18, el)
    expect(el.style.getPropertyValue('--el-font-size-base')).toBe('18px')
    expect(el.style.getPropertyValue('--el-component-size')).toBe('40px')
    applyFontSize(14, el)
    expect(el.style.getPropertyValue('--el-component-size')).toBe('32px')
  })
})
