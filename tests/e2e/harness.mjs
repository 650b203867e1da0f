// The e2e harness: starts tauri-driver, opens the real built app (its real webview and IPC)
// through WebKitWebDriver, and gives tests a few helpers. Run under Xvfb (`make e2e`).
// A suite's app lifecycle (data, driver, window, teardown) is `useSuite` in suite.mjs.
//
// Environment: DESK_APP overrides the app binary (default target/debug/disclosure-desk),
// DESK_CLI the CLI (default target/debug/disclosure), TAURI_DRIVER the driver binary.
// Screenshots go to target/e2e-screenshots/.
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { remote } from 'webdriverio'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const appPath = path.resolve(process.env.DESK_APP ?? path.join(root, 'target/debug/disclosure-desk'))
export const screenshotDir = path.join(root, 'target/e2e-screenshots')
const driverLog = path.join(root, 'target/e2e-driver.log')
// The driver's port (WebKitWebDriver takes the next one): DESK_E2E_PORT, or else the first
// pair from 4444 up that nothing on this machine listens on, so another program (or a second
// checkout's suite) holding 4444 does not fail the run.
let PORT = Number(process.env.DESK_E2E_PORT ?? 0)

function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

async function choosePort() {
  if (PORT) return
  for (let p = 4444; p < 4644; p += 2) {
    if ((await portFree(p)) && (await portFree(p + 1))) {
      PORT = p
      return
    }
  }
  throw new Error('no free pair of ports between 4444 and 4644 for tauri-driver')
}

function driverPath() {
  if (process.env.TAURI_DRIVER) return process.env.TAURI_DRIVER
  const cargoBin = path.join(os.homedir(), '.cargo/bin/tauri-driver')
  return existsSync(cargoBin) ? cargoBin : 'tauri-driver'
}

function portOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1')
    s.once('connect', () => (s.destroy(), resolve(true)))
    s.once('error', () => resolve(false))
  })
}

/** Starts tauri-driver (the app inherits `env`); stop() must run on every exit path. */
export async function startDriver(env = {}) {
  if (!existsSync(appPath)) throw new Error(`app binary missing: ${appPath} (run make app)`)
  await choosePort()
  // The previous file's driver and WebKitWebDriver (PORT + 1) may still be going away.
  for (let i = 0; i < 100 && ((await portOpen(PORT)) || (await portOpen(PORT + 1))); i++) {
    await new Promise((r) => setTimeout(r, 100))
  }
  if (await portOpen(PORT)) throw new Error(`port ${PORT} is taken: a leftover tauri-driver is running`)
  // The driver's output (and the app's, which inherits it) goes to a log file, never to
  // the test runner's pipes: an app left behind must not keep the runner waiting.
  mkdirSync(path.dirname(driverLog), { recursive: true })
  const log = openSync(driverLog, 'a')
  const child = spawn(driverPath(), ['--port', String(PORT), '--native-port', String(PORT + 1)], {
    stdio: ['ignore', log, log],
    env: { ...process.env, ...env },
  })
  closeSync(log)
  const kill = () => {
    if (child.exitCode === null) child.kill('SIGTERM')
  }
  process.once('exit', kill)
  /** Stops the driver and waits until it and its WebKitWebDriver have let go of their ports. */
  const stop = async () => {
    const exited = child.exitCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r))
    kill()
    await exited
    // An app window whose session did not close cleanly would outlive its driver.
    spawnSync('pkill', ['-f', appPath])
    for (let i = 0; i < 50 && ((await portOpen(PORT)) || (await portOpen(PORT + 1))); i++) {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  // Ready when both tauri-driver and the WebKitWebDriver it starts (PORT + 1) listen.
  for (let i = 0; i < 200; i++) {
    if ((await portOpen(PORT)) && (await portOpen(PORT + 1))) return { stop }
    if (child.exitCode !== null) break
    await new Promise((r) => setTimeout(r, 100))
  }
  await stop()
  throw new Error('tauri-driver did not start')
}

/** The local date `offset` days from today, `YYYY-MM-DD` (as the app reads today). */
export function localDay(offset = 0) {
  const d = new Date()
  d.setDate(d.getDate() + offset)
  const pad = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

// One audit-key folder for the whole run (the app and the CLI both sign the audit chain
// with the key of the data directory, kept outside it): never the user's own.
const KEY_DIR = mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-keys-'))
process.env.DISCLOSURE_KEY_DIR = KEY_DIR
process.once('exit', () => rmSync(KEY_DIR, { recursive: true, force: true }))

/** A fresh temporary data directory, removed by the returned cleanup. */
export function tempDataDir() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export const cliPath = path.resolve(process.env.DESK_CLI ?? path.join(root, 'target/debug/disclosure'))
export const ADMIN_PASSWORD = 'guanli2026mima'
export const USER_PASSWORD = 'chushi2026mima'

/** Runs the `disclosure` CLI on `dataDir` (passwords from the environment, as scripts do). */
export function cli(dataDir, args, password = ADMIN_PASSWORD, newPassword = '') {
  const r = spawnSync(cliPath, ['--data-dir', dataDir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DISCLOSURE_PASSWORD: password, DISCLOSURE_NEW_PASSWORD: newPassword },
  })
  if (r.status !== 0) throw new Error(`disclosure ${args.join(' ')} failed: ${r.stderr}`)
  return r.stdout
}

/**
 * Adds a person as the administrator; the person then changes the random initial password
 * to `password` (as at a first sign-in). Returns the initial password.
 */
export function addUser(dataDir, name, office, roles, password = USER_PASSWORD) {
  const added = JSON.parse(
    cli(dataDir, ['user', 'add', name, '--office', office, '--roles', roles, '--by', '管理员', '--json']),
  )
  cli(dataDir, ['user', 'passwd', name], added.initial_password, password)
  return added.initial_password
}

/** Runs a CLI command as `who` (a person with USER_PASSWORD), e.g. `as(dir, '张伟', ['item', 'submit', no])`. */
export function cliAs(dataDir, who, args) {
  return cli(dataDir, [...args, '--user', who], USER_PASSWORD)
}

/**
 * Through the CLI: `drafter` submits item `no`, then each of `approvers` approves their
 * step in turn (the office head, the reviewer, the leader).
 */
export function approveThroughCli(dataDir, no, drafter, approvers) {
  cliAs(dataDir, drafter, ['item', 'submit', no])
  for (const who of approvers) cliAs(dataDir, who, ['review', 'decide', no, '--decision', 'approve'])
}

/**
 * The people one item needs from draft to website: a drafter, the three review steps of
 * 通知公告 (office head, reviewer, leader) and a publisher, for `prepareBureau`.
 */
export const PUBLISHING_PEOPLE = [
  ['张伟', '法规处', 'drafter'],
  ['赵处长', '法规处', 'office_head'],
  ['钱审查', '办公室', 'reviewer'],
  ['孙局长', '办公室', 'leader'],
  ['周发布', '办公室', 'publisher'],
]

/**
 * `gen-demo` on `dataDir` through `cli` (the debug or release CLI); returns the generated
 * people's password, made for the run and printed once.
 */
export function genDemo(dataDir, args, cliBinary = cliPath) {
  const r = spawnSync(cliBinary, ['--data-dir', dataDir, 'gen-demo', ...args], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`gen-demo failed: ${r.stderr}`)
  const m = /演示人员的密码均为 (\S+)（/.exec(r.stdout)
  if (!m) throw new Error(`gen-demo printed no password: ${r.stdout}`)
  return m[1]
}

/** A data directory with an org code, an administrator and `people` ([name, office, roles]). */
export function prepareBureau(dataDir, people) {
  cli(dataDir, ['init', '--admin', '管理员', '--org-code', '11210300MB0000000X'])
  for (const [name, office, roles] of people) addUser(dataDir, name, office, roles)
}

/**
 * Opens the app on `dataDir` and waits for the first screen (setup, sign-in or home; or
 * the test ids in `ready`, e.g. the start-up error screen).
 */
export async function launch(dataDir, ready = ['app-title', 'sign-in', 'setup']) {
  const browser = await remote({
    hostname: '127.0.0.1',
    port: PORT,
    logLevel: 'error',
    connectionRetryCount: 0,
    // Waits for something to appear end as soon as it does: a generous default keeps a
    // loaded 2-core machine from failing a test that would pass on an idle one.
    waitforTimeout: 15000,
    capabilities: {
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: appPath, args: ['--data-dir', dataDir] },
    },
  })
  await browser.waitUntil(
    async () => {
      for (const id of ready) if (await browser.$(`[data-testid="${id}"]`).isExisting()) return true
      return false
    },
    { timeout: 20000, timeoutMsg: 'the app showed no first screen' },
  )
  return browser
}

/**
 * Ends the window's session and waits until the app has exited, so that it no longer
 * holds the data directory's lock and the CLI may write there.
 */
export async function closeApp(browser, dataDir) {
  await browser.deleteSession().catch(() => {})
  const lock = path.join(dataDir, 'disclosure.lock')
  for (let i = 0; i < 200; i++) {
    // util-linux flock: exits 0 once the app's lock on the directory is gone.
    if (spawnSync('flock', ['-n', '-x', lock, 'true']).status === 0) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('the app did not exit')
}

/**
 * Signs in on the sign-in screen and waits for the app. WebKitWebDriver now and then
 * loses a keystroke right after the screen appears; the form then shows a wrong-password
 * error, and typing again (as a person would) signs in. Wrong on every try still fails.
 */
export async function signIn(browser, name, password) {
  for (let attempt = 1; ; attempt++) {
    await typeInto(browser, '[data-testid="sign-in-name"]', name)
    await typeInto(browser, '[data-testid="sign-in-password"]', password)
    await browser.$('[data-testid="sign-in-submit"]').click()
    try {
      await browser.$('[data-testid="app-title"]').waitForDisplayed({ timeout: attempt < 2 ? 6000 : 10000 })
      return
    } catch (e) {
      if (attempt >= 2 || !(await browser.$('[data-testid="sign-in"]').isExisting())) throw e
    }
  }
}

/** Picks `text` in an Element Plus select (the dropdown is teleported to <body>). */
export async function choose(browser, selectSelector, text) {
  const xpath = `//li[contains(@class,"el-select-dropdown__item")][normalize-space()="${text}"]`
  const shown = async () => (await textOf(browser, selectSelector)).includes(text)
  for (let attempt = 0; attempt < 3 && !(await shown()); attempt++) {
    await browser.$(selectSelector).click()
    await browser
      .waitUntil(
        async () => {
          for (const o of await browser.$$(xpath)) {
            if (await o.isDisplayed()) {
              await o.click()
              return true
            }
          }
          return false
        },
        { timeout: 5000 },
      )
      .catch(() => {})
    await browser.waitUntil(shown, { timeout: 2000 }).catch(() => {})
  }
  if (!(await shown())) throw new Error(`could not choose ${text}`)
}

export async function screenshot(browser, name) {
  mkdirSync(screenshotDir, { recursive: true })
  await browser.saveScreenshot(path.join(screenshotDir, `${name}.png`))
}

/** Replaces an input's text by typing, as a person would (select all, then type). */
export async function typeInto(browser, selector, text) {
  const input = await browser.$(selector)
  await input.click()
  await browser.keys(['Control', 'a'])
  await browser.keys(['Backspace'])
  await typeKeys(browser, text)
}

/**
 * Types text one key action per character: WebKitWebDriver drops the second of two
 * identical characters sent in one action sequence (学学 → 学, 2099 → 209).
 */
export async function typeKeys(browser, text) {
  for (const ch of text ?? '') await browser.keys(ch)
}

export const byTestId = (id) => `[data-testid="${id}"]`

/**
 * Runs in the window: from now on, every message toast's text is noted in `window.__toasts`
 * as it appears (once per page load), together with those on screen already; returns the
 * list. The app shows one message at a time and success messages only briefly, so a test
 * reading the screen alone could miss one on a loaded machine: the list keeps it.
 */
function noteToasts() {
  const note = () => {
    for (const m of document.querySelectorAll('.el-message .el-message__content')) {
      if (!m.__noted) {
        m.__noted = true
        window.__toasts.push(m.innerText)
      }
    }
  }
  if (!window.__toasts) {
    window.__toasts = []
    new MutationObserver(note).observe(document.body, { childList: true, subtree: true, characterData: true })
  }
  note()
  return window.__toasts
}

/** Removes every message toast, so the next `lastMessage` reads only what comes after. */
export async function clearMessages(browser) {
  await browser.execute(noteToasts)
  await browser.execute(() => {
    document.querySelectorAll('.el-message').forEach((m) => m.remove())
    window.__toasts.length = 0
  })
}

/**
 * Waits until the newest Element Plus message toast, or one after it, says `expected` (a
 * string, or a pattern), and fails with the toasts seen if none does within `timeout` ms
 * (15 s; more for an answer that OCR or a large file takes long to give). A toast left
 * from an earlier step (the sign-in's greeting) is not taken for the answer to this one;
 * one that came and went between two looks is (see `noteToasts`).
 */
export async function expectMessage(browser, expected, timeout = 15000) {
  const matches = (text) => (typeof expected === 'string' ? text === expected : expected.test(text))
  let seen = []
  let from
  await browser
    .waitUntil(
      async () => {
        seen = await browser.execute(noteToasts)
        // The newest, or any that came after the first look (another may follow it at once).
        from ??= Math.max(0, seen.length - 1)
        return seen.slice(from).some(matches)
      },
      { timeout, interval: 100 },
    )
    .catch(() => {
      throw new assert.AssertionError({
        message: `no message says ${expected}; seen: ${JSON.stringify(seen)}`,
        actual: seen[seen.length - 1],
        expected,
        operator: 'match',
      })
    })
}

/** The text of the newest Element Plus message toast (since the last `clearMessages`). */
export async function lastMessage(browser) {
  let seen = []
  await browser.waitUntil(async () => (seen = await browser.execute(noteToasts)).length > 0, {
    timeout: 15000,
    interval: 100,
    timeoutMsg: 'no message appeared',
  })
  return seen[seen.length - 1]
}

/**
 * The element's text once it shows `expected` (a pattern, or a test of the text): for a
 * list shown at once and filled when its data arrives. Fails with the text last seen.
 */
export async function textOnceShowing(browser, selector, expected, timeout = 15000) {
  const shows = (text) => (typeof expected === 'function' ? expected(text) : expected.test(text))
  let text = ''
  await browser.waitUntil(async () => shows((text = await textOf(browser, selector))), { timeout, interval: 100 }).catch(() => {
    throw new assert.AssertionError({ message: `${selector} never showed ${expected}: ${text.slice(0, 400)}` })
  })
  return text
}

/** What a person sees in the element: its rendered text (innerText). */
export async function textOf(browser, selector) {
  const el = await browser.$(selector)
  await el.waitForExist({ timeout: 10000 })
  return browser.execute((e) => e.innerText, el)
}

/**
 * Clicks as a person does: once the element is there and can be pressed — not disabled or
 * busy (a list still loading leaves 导出 disabled; a click on it would do nothing and the
 * test would fail later, somewhere else). An element re-rendered between being found and
 * clicked is found again.
 */
export async function press(browser, selector) {
  for (let attempt = 1; ; attempt++) {
    try {
      const el = await browser.$(selector)
      await el.waitForExist({ timeout: 10000 })
      await browser.waitUntil(() => browser.execute((e) => !(e.disabled || e.closest('.is-disabled, .is-loading')), el), {
        timeout: 10000,
        timeoutMsg: `${selector} stayed disabled`,
      })
      await browser.execute(noteToasts)
      await browser.execute((e) => e.click(), el)
      return
    } catch (e) {
      if (attempt < 3 && /stale element/i.test(`${e.name} ${e.message}`)) continue
      throw e
    }
  }
}

/** Signs out whoever is signed in, signs `name` in and clears the welcome toast. */
export async function switchUser(browser, name, password) {
  if (await browser.$(byTestId('sign-out')).isExisting()) await press(browser, byTestId('sign-out'))
  await browser.$(byTestId('sign-in')).waitForDisplayed({ timeout: 10000 })
  await signIn(browser, name, password)
  await clearMessages(browser)
}
