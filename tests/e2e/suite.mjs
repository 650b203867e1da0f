// One suite's app, from data to teardown: `useSuite()` inside a node:test `describe` makes
// the suite's data directory, prepares it, starts tauri-driver, opens the app and signs in;
// after the suite (even when a before hook failed) it closes the window, stops the driver and
// removes the data. It returns the helpers the tests share, bound to the current window:
//
//   describe('review', () => {
//     let no
//     const { browser, dir, press, as } = useSuite({
//       people: [['张伟', '法规处', 'drafter']],
//       async prepare({ dir }) { no = JSON.parse(cli(dir, [...])).created[0] },
//       env: ({ dir }) => ({ DISCLOSURE_DESK_SAVE_DIR: dir }),
//     })
//     it('…', async () => {
//       await as('张伟')
//       await press(byTestId('nav-review'))
//     })
//   })
import { rmSync } from 'node:fs'
import path from 'node:path'
import { after, before } from 'node:test'
import {
  ADMIN_PASSWORD,
  USER_PASSWORD,
  closeApp,
  launch,
  prepareBureau,
  press as pressIn,
  startDriver,
  switchUser,
  tempDataDir,
} from './harness.mjs'

/**
 * A stand-in for the window's WebdriverIO session that always reaches the current one, so
 * tests may hold it from the start and keep it across `restart()` and `close()`/`launch()`.
 */
function currentSession(get) {
  return /** @type {import('webdriverio').Browser} */ (new Proxy(
    {},
    {
      get(_, prop) {
        // Not a promise: `await` and Promise.resolve look for `then`.
        if (prop === 'then') return undefined
        const session = get()
        if (!session) throw new Error(`browser.${String(prop)}: the app is not open (it opens in the suite's before hook)`)
        const value = Reflect.get(session, prop)
        return typeof value === 'function' ? value.bind(session) : value
      },
      has: (_, prop) => prop in (get() ?? {}),
    },
  ))
}

/**
 * Registers the app's lifecycle with the enclosing `describe` and returns the suite's app.
 *
 * Before the tests, in this order: a fresh data directory (made at once, so its path is
 * known while the suite is declared); `prepareBureau` with `people` ([name, office, roles]),
 * if given; `await prepare(app)` (CLI work on `app.dir`, files, the suite's own variables:
 * the CLI may not write once the app holds the directory); tauri-driver with `env` (an
 * object, or `env(app)` called after `prepare`; the app inherits it); the app on `app.dir`,
 * waiting for one of the `ready` test ids (`launch`'s default when not given); then, with
 * `user`, that person signs in (`as(user)`).
 *
 * `subdir` opens the app on a folder of that name inside the temporary one (`app.root`),
 * not yet made, for a suite that keeps other files beside the data.
 *
 * The app: `browser` (the current window's session), `dir` (the app's data directory),
 * `root` (the temporary folder, removed at the end), `press(selector)`, `as(name,
 * password)` (signs `name` in; the password defaults to ADMIN_PASSWORD for 管理员 and to
 * USER_PASSWORD for everyone else), `close()` (ends the session and waits until the app
 * has let go of the directory), `launch(ready)` (opens it again) and `restart()` (both).
 */
export function useSuite({ people, prepare, env = {}, ready, user, subdir } = {}) {
  const data = tempDataDir()
  // A suite whose hooks never run (skipped, filtered out) leaves nothing behind either.
  process.once('exit', () => rmSync(data.dir, { recursive: true, force: true }))
  let driver
  let session

  const app = {
    root: data.dir,
    dir: subdir ? path.join(data.dir, subdir) : data.dir,
    browser: currentSession(() => session),
    press: (selector) => pressIn(session, selector),
    as: (name, password = name === '管理员' ? ADMIN_PASSWORD : USER_PASSWORD) => switchUser(session, name, password),
    async launch(screens = ready) {
      session = await launch(app.dir, screens)
    },
    async close() {
      const closing = session
      session = undefined
      await closeApp(closing, app.dir)
    },
    async restart() {
      await app.close()
      await app.launch()
    },
  }

  before(async () => {
    if (people) prepareBureau(app.dir, people)
    await prepare?.(app)
    driver = await startDriver(typeof env === 'function' ? env(app) : env)
    await app.launch()
    if (user) await app.as(user)
  })

  // Registered before the suite's own after hooks, so those run once the app is gone.
  after(async () => {
    await session?.deleteSession().catch(() => {})
    session = undefined
    await driver?.stop()
    data.cleanup()
  })

  return app
}
