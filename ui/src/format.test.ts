import { describe, expect, it } from 'vitest'
import { dateCell, dateText } from './format'

describe('dates', () => {
  it('text dates have no leading zeros', () => {
    expect(dateText('2026-01-05T09:00:00+08:00')).toBe('2026年1月5日')
    expect(dateText(new Date(2026, 10, 27))).toBe('2026年11月27日')
  })
  it('table dates are ISO', () => {
    expect(dateCell(new Date(2026, 0, 5))).toBe('2026-01-05')
    expect(dateCell('2026-11-27T17:03:00+08:00')).toBe('2026-11-27')
  })
  it('garbage gives an empty cell, not "NaN"', () => {
    expect(dateText('not a date')).toBe('')
    expect(dateCell(new Date('x'))).toBe('')
  })
})
