// The e2e harness: starts tauri-driver, opens the real built app (its real webview and IPC)
// through WebKitWebDriver, and gives tests a few helpers. Run under Xvfb (`make e2e`).
//
// Environment: DESK_APP overrides the app binary (default target/debug/disclosure-desk),
// TAURI_DRIVER the driver binary. Screenshots go to target/e2e-screenshots/.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { remote } from 'webdriverio'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const appPath = path.resolve(process.env.DESK_APP ?? path.join(root, 'target/debug/disclosure-desk'))
export const screenshotDir = path.join(root, 'target/e2e-screenshots')
const PORT = 4444

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

/** Starts tauri-driver; the returned stop() must run on every exit path. */
export async function startDriver() {
  if (!existsSync(appPath)) throw new Error(`app binary missing: ${appPath} (run make app)`)
  if (await portOpen(PORT)) throw new Error(`port ${PORT} is taken: a leftover tauri-driver is running`)
  const child = spawn(driverPath(), ['--port', String(PORT)], { stdio: ['ignore', 'inherit', 'inherit'] })
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM')
  }
  process.once('exit', stop)
  for (let i = 0; i < 100; i++) {
    if (await portOpen(PORT)) return { stop }
    if (child.exitCode !== null) break
    await new Promise((r) => setTimeout(r, 100))
  }
  stop()
  throw new Error('tauri-driver did not start')
}

/** A fresh temporary data directory, removed by the returned cleanup. */
export function tempDataDir() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Opens the app on `dataDir` and waits for the first page. */
export async function launch(dataDir) {
  const browser = await remote({
    hostname: '127.0.0.1',
    port: PORT,
    logLevel: 'error',
    connectionRetryCount: 0,
    capabilities: {
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: appPath, args: ['--data-dir', dataDir] },
    },
  })
  await browser.$('[data-testid="app-title"]').waitForDisplayed({ timeout: 20000 })
  return browser
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
  if (text) await browser.keys(text.split(''))
}

export const byTestId = (id) => `[data-testid="${id}"]`

/** The text of the newest Element Plus message toast. */
export async function lastMessage(browser) {
  await browser.$('.el-message .el-message__content').waitForDisplayed({ timeout: 5000 })
  return browser.execute(() => {
    const all = document.querySelectorAll('.el-message .el-message__content')
    return all[all.length - 1].innerText
  })
}

/** What a person sees in the element: its rendered text (innerText). */
export async function textOf(browser, selector) {
  const el = await browser.$(selector)
  await el.waitForExist({ timeout: 10000 })
  return browser.execute((e) => e.innerText, el)
}
