import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { connection, httpInvoke, shownPath } from './http'

// The browser's transport: the CSRF header on every command, the server's answer or its
// error as the window would get them, and the connection banner while the server is away.

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
})

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
  connection.offline = false
})

describe('httpInvoke', () => {
  it('posts the arguments as JSON with the X-Desk header and returns the answer', async () => {
    const fetch = vi.fn(async () => answer(200, { id: 3 }))
    vi.stubGlobal('fetch', fetch)
    expect(await httpInvoke('item_get', { id: 3 })).toEqual({ id: 3 })
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/item_get')
    expect(init.method).toBe('POST')
    expect((init.headers as Record<string, string>)['X-Desk']).toBe('1')
    expect(init.body).toBe('{"id":3}')
  })

  it('rejects with the core error the server sent', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer(403, { code: 'forbidden', message: '只有管理员可以这样做。' })))
    await expect(httpInvoke('office_add', { name: 'x' })).rejects.toEqual({ code: 'forbidden', message: '只有管理员可以这样做。' })
  })

  it('shows the banner while the server is away and clears it once it answers again', async () => {
    const fetch = vi.fn(async (..._args: unknown[]): Promise<Response> => {
      throw new TypeError('Failed to fetch')
    })
    vi.stubGlobal('fetch', fetch)
    await expect(httpInvoke('item_save', {})).rejects.toMatchObject({ code: 'offline' })
    expect(connection.offline).toBe(true)
    await vi.advanceTimersByTimeAsync(2000)
    expect(connection.offline).toBe(true)
    fetch.mockImplementation(async () => answer(200, { ok: true }))
    await vi.advanceTimersByTimeAsync(2000)
    expect(fetch).toHaveBeenLastCalledWith('/api/health', expect.anything())
    expect(connection.offline).toBe(false)
  })
})

describe('shownPath', () => {
  it('in a browser names the downloaded file, not the server’s folder', () => {
    expect(shownPath('/tmp/disclosure-server-x/out/1/审计日志-20261204.csv')).toContain('审计日志-20261204.csv')
    expect(shownPath('/tmp/disclosure-server-x/out/1/审计日志-20261204.csv')).not.toContain('/tmp')
  })
})
