import { describe, expect, it, vi } from 'vitest'
import { dateCell, dateText, sizeText } from './format'

describe('dates', () => {
  it('text dates have no leading zeros', () => {
    expect(dateText('2026-01-05T09:00:00+08:00')).toBe('2026年1月5日')
    expect(dateText(new Date(2026, 10, 27))).toBe('2026年11月27日')
  })
  it('table dates are ISO', () => {
    expect(dateCell(new Date(2026, 0, 5))).toBe('2026-01-05')
    expect(dateCell('2026-11-27T17:03:00+08:00')).toBe('2026-11-27')
  })
  it("today is the office's local date, not UTC's (01:00 in Beijing is the day before in UTC)", () => {
    vi.stubEnv('TZ', 'Asia/Shanghai')
    try {
      const early = new Date(2026, 11, 2, 1, 0)
      expect(early.toISOString().slice(0, 10)).toBe('2026-12-01')
      expect(dateCell(early)).toBe('2026-12-02')
    } finally {
      vi.unstubAllEnvs()
    }
  })
  it('garbage gives an empty cell, not "NaN"', () => {
    expect(dateText('not a date')).toBe('')
    expect(dateCell(new Date('x'))).toBe('')
  })
})

describe('sizes', () => {
  it('uses the largest unit below 1024, one decimal under 10', () => {
    expect(sizeText(0)).toBe('0 B')
    expect(sizeText(1023)).toBe('1023 B')
    expect(sizeText(1536)).toBe('1.5 KB')
    expect(sizeText(250 * 1024)).toBe('250 KB')
    expect(sizeText(12 * 1024 * 1024)).toBe('12 MB')
    expect(sizeText(5 * 1024 ** 4)).toBe('5120 GB')
  })
})
