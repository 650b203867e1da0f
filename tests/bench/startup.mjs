// Start-up of the real app on a large data directory, for `make bench` (benches/scale.rs):
// from asking for a session (tauri-driver starts the app process) to the sign-in screen,
// and from pressing 登录 to the home page showing its counts. Prints
// `STARTUP <total ms> <to sign-in ms> <sign-in to home ms> <app peak RSS MB> <its anonymous MB>`.
// Usage (under Xvfb): node bench/startup.mjs DATA_DIR NAME PASSWORD
import { readdirSync, readFileSync } from 'node:fs'
import { appPath, byTestId, launch, startDriver, typeInto } from '../e2e/harness.mjs'

const [dir, name, password] = process.argv.slice(2)

/**
 * Peak resident memory (VmHWM, MB) of the app process serving `dir`, and how much of what
 * it holds now is its own (RssAnon, MB) rather than mapped files shared with other
 * programs (GTK, WebKitGTK, the CJK fonts).
 */
function appPeakMb() {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
      if (args[0] === appPath && args.includes(dir)) {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8')
        const mb = (key) => Math.round(Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024)
        return `${mb('VmHWM')}\t${mb('RssAnon')}`
      }
    } catch {
      // The process went away while we looked.
    }
  }
  return '?\t?'
}

const driver = await startDriver()
let browser
try {
  const t0 = performance.now()
  browser = await launch(dir)
  await browser.$(byTestId('sign-in-submit')).waitForDisplayed({ timeout: 20000 })
  const toSignIn = performance.now() - t0
  await typeInto(browser, byTestId('sign-in-name'), name)
  await typeInto(browser, byTestId('sign-in-password'), password)
  const t1 = performance.now()
  await browser.$(byTestId('sign-in-submit')).click()
  await browser.waitUntil(async () => (await browser.$$(`${byTestId('home-statuses')} .status`)).length > 0, {
    timeout: 30000,
    interval: 20,
    timeoutMsg: 'the home page did not show its counts',
  })
  const toHome = performance.now() - t1
  const mb = appPeakMb()
  console.log(`STARTUP\t${Math.round(toSignIn + toHome)}\t${Math.round(toSignIn)}\t${Math.round(toHome)}\t${mb}`)
} finally {
  await browser?.deleteSession().catch(() => {})
  await driver.stop()
}
