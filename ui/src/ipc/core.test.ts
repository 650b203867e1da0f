import { describe, expect, it, vi } from 'vitest'
import { AppError, FALLBACK_MESSAGE, toAppError } from './core'

describe('toAppError', () => {
  it('keeps the code, Chinese message and field of a core error', () => {
    const e = toAppError({ code: 'invalid', message: '请填写机构名称。', field: 'name' })
    expect(e).toBeInstanceOf(AppError)
    expect(e.code).toBe('invalid')
    expect(e.message).toBe('请填写机构名称。')
    expect(e.field).toBe('name')
  })

  it('never shows a raw tauri or Rust string', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {})
    const e = toAppError('Command office_add not allowed by ACL')
    expect(e.code).toBe('internal')
    expect(e.message).toBe(FALLBACK_MESSAGE)
    expect(spy).toHaveBeenCalled()
    spy.mockRestore()
  })
})
