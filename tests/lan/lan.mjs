// The LAN tests' fixtures: a `disclosure serve` on a free port of this machine, an HTTPS
// client for "another desk" (trusting the server's own CA only), and Debian's chromium
// driven through chromedriver as the browser desk.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import https from 'node:https'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { remote } from 'webdriverio'
import { cliPath } from '../e2e/harness.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const uiDir = path.join(root, 'ui/dist')

export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

/** Starts `disclosure serve` on `dataDir` (on `port`, or a free one); resolves once it printed its fingerprint. */
export async function startServer(dataDir, port = 0) {
  port = port || (await freePort())
  const child = spawn(cliPath, ['--data-dir', dataDir, 'serve', '--listen', `127.0.0.1:${port}`, '--ui-dir', uiDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  process.once('exit', () => child.kill('SIGKILL'))
  for (let i = 0; i < 300 && !/证书指纹/.test(out); i++) {
    if (child.exitCode !== null) throw new Error(`disclosure serve exited: ${out}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  const fingerprint = /证书指纹（SHA-256）：(\S+)/.exec(out)?.[1]
  if (!fingerprint) throw new Error(`disclosure serve did not start: ${out}`)
  const ca = readFileSync(path.join(dataDir, 'server-tls/ca.pem'))
  const stop = async () => {
    if (child.exitCode !== null) return
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    await exited
  }
  return { port, base: `https://localhost:${port}`, fingerprint, ca, stop, output: () => out }
}

/** Another desk: calls commands over HTTPS as the UI does, trusting only the server's CA. */
export class Desk {
  constructor(server) {
    this.server = server
    this.token = null
  }

  request(method, urlPath, body, headers = {}) {
    return new Promise((resolve, reject) => {
      const req = https.request(
        `${this.server.base}${urlPath}`,
        {
          method,
          ca: this.server.ca,
          headers: {
            'x-desk': '1',
            'content-type': 'application/json',
            ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks = []
          res.on('data', (c) => chunks.push(c))
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8')
            let json = null
            try {
              json = JSON.parse(text)
            } catch {
              json = null
            }
            resolve({ status: res.statusCode, headers: res.headers, body: json })
          })
        },
      )
      req.on('error', reject)
      if (body !== undefined) req.write(typeof body === 'string' ? body : JSON.stringify(body))
      req.end()
    })
  }

  async call(cmd, args = {}) {
    const r = await this.request('POST', `/api/${cmd}`, args)
    if (r.status !== 200) throw new Error(`${cmd}: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body
  }

  async signIn(name, password) {
    const r = await this.request('POST', '/api/session_sign_in', { name, password })
    if (r.status !== 200) throw new Error(`sign-in of ${name}: ${r.status} ${JSON.stringify(r.body)}`)
    this.token = r.headers['x-desk-token']
    return r.body
  }
}

function chromedriverPath() {
  for (const p of [process.env.CHROMEDRIVER, '/usr/bin/chromedriver']) if (p && existsSync(p)) return p
  throw new Error('chromedriver missing (apt-get install chromium-driver)')
}

/**
 * Debian's chromium, headless, 1366×768, through chromedriver; downloads go to
 * `downloads`. The browser trusts the server's CA as an office PC does once IT installed
 * it (README): in its own NSS database (a fresh HOME), with `certutil`; nothing else.
 */
export async function startBrowser(downloads, caPem) {
  mkdirSync(downloads, { recursive: true })
  const home = mkdtempSync(path.join(os.tmpdir(), 'desk-lan-home-'))
  const nssdb = `sql:${path.join(home, '.pki/nssdb')}`
  mkdirSync(path.join(home, '.pki/nssdb'), { recursive: true })
  const caFile = path.join(home, 'disclosure-desk-ca.crt')
  writeFileSync(caFile, caPem)
  for (const args of [
    ['-d', nssdb, '-N', '--empty-password'],
    ['-d', nssdb, '-A', '-t', 'C,,', '-n', '政务公开工作台', '-i', caFile],
  ]) {
    const r = spawnSync('certutil', args, { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`certutil ${args.join(' ')}: ${r.stderr}${r.error ?? ''}`)
  }
  const port = await freePort()
  const driver = spawn(chromedriverPath(), [`--port=${port}`], { stdio: 'ignore', env: { ...process.env, HOME: home } })
  process.once('exit', () => driver.kill('SIGKILL'))
  for (let i = 0; i < 100; i++) {
    const open = await new Promise((r) => {
      const s = net.connect(port, '127.0.0.1')
      s.once('connect', () => (s.destroy(), r(true)))
      s.once('error', () => r(false))
    })
    if (open) break
    await new Promise((r) => setTimeout(r, 100))
  }
  const browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'error',
    waitforTimeout: 15000,
    capabilities: {
      browserName: 'chrome',
      'wdio:enforceWebDriverClassic': true,
      'goog:chromeOptions': {
        binary: '/usr/bin/chromium',
        args: [
          '--headless=new',
          '--no-sandbox',
          '--disable-gpu',
          '--window-size=1366,768',
          '--lang=zh-CN',
          `--user-data-dir=${path.join(home, 'profile')}`,
        ],
        prefs: { 'download.default_directory': downloads, 'download.prompt_for_download': false },
      },
    },
  })
  // Headless chromium saves downloads only where it is told through DevTools.
  const cdp = await fetch(`http://127.0.0.1:${port}/session/${browser.sessionId}/goog/cdp/execute`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      cmd: 'Browser.setDownloadBehavior',
      params: { behavior: 'allow', downloadPath: downloads, eventsEnabled: true },
    }),
  })
  if (!cdp.ok) throw new Error(`setDownloadBehavior: ${cdp.status} ${await cdp.text()}`)
  const stop = async () => {
    await browser.deleteSession().catch(() => {})
    driver.kill('SIGTERM')
    rmSync(home, { recursive: true, force: true })
  }
  return { browser, stop }
}

/** A draft of 通知公告 titled `title`, made by `desk` (signed in as its drafter); its id. */
export async function createDraft(desk, title) {
  const defaults = await desk.call('item_defaults')
  const categories = await desk.call('category_list')
  const input = {
    ...defaults,
    category_id: categories.find((c) => c.name === '通知公告').id,
    title,
    summary: `${title}的内容概述。`,
    topic: '教育',
    body_html: `<p>${title}正文。</p>`,
  }
  return (await desk.call('item_create', { input })).item.id
}

/** `disclosure verify` on a bundle (no data directory needed). */
export function verifyBundle(zip) {
  return spawnSync(cliPath, ['verify', zip], { encoding: 'utf8' })
}
