// The browser's way to the LAN server: the same commands as the desktop window's
// `invoke`, as `POST /api/<command>` with JSON (the session is an HttpOnly cookie; every
// POST carries the `X-Desk` header the server requires against cross-site requests).
// Where the window would open a file dialog, the browser asks for a file and uploads it
// first; what the window would save or open, the browser downloads.

import { reactive } from 'vue'
import { i18n } from '../i18n'

/**
 * Whether this page is the desktop app working on a LAN server (客户端): the app's own
 * proxy on this computer serves it and marks it with a cookie. It then runs as in a
 * browser; the proxy pins the server's certificate and holds the session.
 */
export const inClient =
  typeof document !== 'undefined' && document.cookie.split(';').some((c) => c.trim() === 'desk_client=1')

/** Whether this page speaks HTTP to the LAN server: in a browser, or as the app's client. */
export const inBrowser = typeof window !== 'undefined' && (!('__TAURI_INTERNALS__' in window) || inClient)

/** Commands that read a file the person picks, and the files they accept. */
export const PICKS: Record<string, { accept: string; multiple?: boolean }> = {
  item_import_pick: { accept: '.json,.xlsx,.xls' },
  item_pick_attachments: { accept: '', multiple: true },
  staff_import_pick: { accept: '.xlsx,.xls' },
  sensitive_words_import: { accept: '.txt' },
  wording_import: { accept: '.txt' },
  calendar_import: { accept: '.json' },
  bundle_publish_csv: { accept: '.csv,.txt' },
  bundle_verify: { accept: '.zip' },
}

const PREFS_KEY = 'disclosure-desk.preferences'

/** Display preferences belong to the person's own computer: kept in this browser. */
function localPreferences(cmd: string, args?: Record<string, unknown>): unknown {
  const fallback = { font_size: 14, locale: 'zh-CN' }
  if (cmd === 'preferences_set') {
    localStorage.setItem(PREFS_KEY, JSON.stringify(args?.prefs ?? fallback))
  }
  try {
    return { ...fallback, ...JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}') }
  } catch {
    return fallback
  }
}

/**
 * The connection to the server: `offline` while it does not answer (a banner says so; the
 * editor keeps what is typed and saves it when the server is back).
 */
export const connection = reactive({ offline: false, certificateChanged: false })
let probing = false

/** Asks the server every 2 s until it answers again. */
function lost() {
  connection.offline = true
  if (probing) return
  probing = true
  const probe = async () => {
    try {
      const res = await fetch('/api/health', { cache: 'no-store' })
      if (res.ok) {
        connection.offline = false
        probing = false
        return
      }
    } catch {
      // still away
    }
    setTimeout(probe, 2000)
  }
  setTimeout(probe, 2000)
}

/** Asks for files with the browser's own chooser; empty when the person cancelled. */
function chooseFiles(accept: string, multiple: boolean): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = accept
    input.multiple = multiple
    input.style.display = 'none'
    input.dataset.testid = 'browser-file-input'
    document.body.appendChild(input)
    let done = false
    const finish = (files: File[]) => {
      if (done) return
      done = true
      input.remove()
      resolve(files)
    }
    input.addEventListener('change', () => finish(Array.from(input.files ?? [])))
    input.addEventListener('cancel', () => finish([]))
    input.click()
  })
}

async function failure(res: Response): Promise<unknown> {
  try {
    const body = (await res.json()) as { code?: string }
    // The desktop client's proxy: the server away, or showing another certificate.
    if (res.status === 502 && body.code === 'offline') lost()
    if (body.code === 'certificate_changed') connection.certificateChanged = true
    return body
  } catch {
    return { code: res.status === 401 ? 'unauthenticated' : 'internal', message: '服务器没有回应，请检查网络后重试。' }
  }
}

/** Uploads one file; its id on the server. */
export async function upload(file: File): Promise<string> {
  const res = await fetch('/api/upload', {
    method: 'POST',
    headers: { 'X-Desk': '1', 'X-Desk-File-Name': encodeURIComponent(file.name) },
    body: file,
    credentials: 'same-origin',
  })
  if (!res.ok) throw await failure(res)
  return ((await res.json()) as { id: string }).id
}

/**
 * Hands a file the server made to the browser: a PDF opens in a new tab (to read or print),
 * anything else is downloaded (the server sends it as an attachment, so the page stays).
 * A blocked new tab falls back to downloading the PDF.
 */
function deliver(url: string) {
  if (inClient) {
    // The app saves it in the 下载 folder (and opens a PDF in the system's reader).
    window.location.assign(`${url}${url.includes('?') ? '&' : '?'}attachment=1`)
    return
  }
  if (/\.pdf$/i.test(url)) {
    const tab = window.open(url, '_blank')
    if (tab) {
      tab.opener = null
      return
    }
    url += '?attachment=1'
  }
  window.location.assign(url)
}

/** The test hook: what the last command delivered (the e2e tests read it). */
export const delivered: string[] = []

/** Files dropped on the page, given to the next command that would ask for files. */
let dropped: File[] | null = null

/**
 * Runs a command that picks files (`item_pick_attachments`) with files dropped on the page
 * instead of the chooser: each is uploaded (streamed, hashed by the server) as if chosen.
 */
export async function invokeWithFiles<T>(cmd: string, args: Record<string, unknown>, files: File[]): Promise<T> {
  dropped = files
  try {
    return await httpInvoke<T>(cmd, args)
  } finally {
    dropped = null
  }
}

export async function httpInvoke<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  if (cmd === 'preferences_get' || cmd === 'preferences_set') return localPreferences(cmd, args) as T
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Desk': '1', 'X-Desk-Version': __APP_VERSION__ }
  const pick = PICKS[cmd]
  if (pick && !(cmd === 'bundle_verify' && args?.path)) {
    const files = dropped ?? (await chooseFiles(pick.accept, pick.multiple ?? false))
    if (files.length === 0) {
      // As when the window's dialog is cancelled; adding no attachment shows the item.
      if (cmd !== 'item_pick_attachments') return null as T
    }
    const ids: string[] = []
    for (const f of files) ids.push(await upload(f))
    if (ids.length) headers['X-Desk-Upload'] = ids.join(',')
  }
  let res: Response
  try {
    res = await fetch(`/api/${cmd}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(args ?? {}),
      credentials: 'same-origin',
    })
  } catch {
    lost()
    throw { code: 'offline', message: '连接不上服务器，请检查网络；正在编辑的内容不会丢失。' }
  }
  if (!res.ok) throw await failure(res)
  const body = (await res.json()) as T
  const downloads = res.headers.get('X-Desk-Downloads')
  if (downloads) {
    for (const url of downloads.split(',')) {
      delivered.push(url)
      deliver(url)
    }
  }
  return body
}

type Handler = (payload: unknown) => void
const handlers = new Map<string, Set<Handler>>()
let source: EventSource | null = null

function connect() {
  if (source) return
  source = new EventSource('/api/events', { withCredentials: true })
  for (const name of handlers.keys()) attach(name)
}

function attach(name: string) {
  source?.addEventListener(name, (e) => {
    let payload: unknown = null
    try {
      payload = JSON.parse((e as MessageEvent).data)
    } catch {
      payload = null
    }
    for (const h of handlers.get(name) ?? []) h(payload)
  })
}

/** Listens to the server's event `name` (its event stream is opened on first use). */
export function httpListen(name: string, handler: Handler): () => void {
  let set = handlers.get(name)
  if (!set) {
    set = new Set()
    handlers.set(name, set)
    attach(name)
  }
  set.add(handler)
  connect()
  return () => set.delete(handler)
}

/** After sign-in (a new session cookie), the event stream is opened anew. */
export function reconnectEvents() {
  source?.close()
  source = null
  if (handlers.size) connect()
}

/**
 * Where a saved file is, as the person is told: its path on this computer, or in a browser
 * the file the browser downloaded (the server's own folders mean nothing at the desk).
 */
export function shownPath(path: string): string {
  if (!inBrowser) return path
  const name = path.split(/[\\/]/).pop() ?? path
  return i18n.global.t(inClient ? 'lan.downloadedClient' : 'lan.downloaded', { name })
}

/** The server this app works on, as its proxy tells (客户端 only); `here`: the address the
 * others open, when the server is this computer's own (本机作为服务器). */
export async function clientInfo(): Promise<{ server: string; fingerprint: string; here: string | null }> {
  const res = await fetch('/__desk/info', { credentials: 'same-origin' })
  if (!res.ok) throw await failure(res)
  return (await res.json()) as { server: string; fingerprint: string; here: string | null }
}

/** 断开连接 (客户端): the app forgets the server and starts again on its own data. */
export async function clientForget(): Promise<void> {
  const res = await fetch('/__desk/forget', { method: 'POST', headers: { 'X-Desk': '1' }, credentials: 'same-origin' })
  if (!res.ok) throw await failure(res)
}
