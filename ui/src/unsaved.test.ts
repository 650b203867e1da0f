import { describe, expect, it } from 'vitest'
import type { ItemInput } from './bindings/ItemInput'
import { dropUnsaved, findUnsaved, keepUnsaved } from './unsaved'

class Memory implements Storage {
  private m = new Map<string, string>()
  get length() {
    return this.m.size
  }
  clear() {
    this.m.clear()
  }
  getItem(k: string) {
    return this.m.get(k) ?? null
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null
  }
  removeItem(k: string) {
    this.m.delete(k)
  }
  setItem(k: string, v: string) {
    this.m.set(k, v)
  }
}

const form = (title: string) => ({ title }) as unknown as ItemInput

describe('typing kept while the server is away', () => {
  it('is kept per person and item, replaced by newer typing, and dropped once saved', () => {
    const s = new Memory()
    keepUnsaved({ user: 1, item: 7, base: 'r1', form: form('甲'), at: '10:00' }, s)
    keepUnsaved({ user: 1, item: 7, base: 'r1', form: form('甲乙'), at: '10:01' }, s)
    keepUnsaved({ user: 2, item: 7, base: 'r1', form: form('丙'), at: '10:02' }, s)
    keepUnsaved({ user: 1, item: null, base: null, form: form('新'), at: '10:03' }, s)
    expect(findUnsaved(1, 7, s)?.form.title).toBe('甲乙')
    expect(findUnsaved(2, 7, s)?.form.title).toBe('丙')
    expect(findUnsaved(1, null, s)?.form.title).toBe('新')
    expect(findUnsaved(3, 7, s)).toBeNull()
    dropUnsaved(1, 7, s)
    expect(findUnsaved(1, 7, s)).toBeNull()
    expect(findUnsaved(2, 7, s)?.form.title).toBe('丙')
    dropUnsaved(2, 7, s)
    dropUnsaved(1, null, s)
    expect(s.length).toBe(0)
  })

  it('a damaged entry is ignored, not an error', () => {
    const s = new Memory()
    s.setItem('disclosure-desk.unsaved', '{broken')
    expect(findUnsaved(1, 7, s)).toBeNull()
    keepUnsaved({ user: 1, item: 7, base: 'r1', form: form('甲'), at: '10:00' }, s)
    expect(findUnsaved(1, 7, s)?.base).toBe('r1')
  })
})
