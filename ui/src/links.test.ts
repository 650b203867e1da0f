import { describe, expect, it } from 'vitest'
import { leavesApp } from './links'

describe('links in item bodies', () => {
  it('every address but the app’s own routes is stopped', () => {
    for (const h of ['https://evil.example/', 'http://x', 'javascript:alert(1)', 'mailto:a@b.c', '//evil.example', 'file:///etc/passwd', ' https://a ']) {
      expect(leavesApp(h), h).toBe(true)
    }
    for (const h of ['#/items/3', '#', '', null]) expect(leavesApp(h), String(h)).toBe(false)
  })
})
