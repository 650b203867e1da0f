// The everyday flow's timings with the release build (`make bench-everyday`), each the median
// of 5: start-up to the sign-in screen, sign-in, opening an item, saving, submitting, each
// review decision (the window's own clock, from the click to what it shows after), and
// printing one 审批表 and exporting 20 items (the release CLI, its process start and the
// password check included). Prints a Markdown table for the README.
// Usage (under Xvfb): DESK_APP=…/release/disclosure-desk DESK_CLI=…/release/disclosure node bench/everyday.mjs
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import {
  ADMIN_PASSWORD,
  PUBLISHING_PEOPLE,
  USER_PASSWORD,
  approveThroughCli,
  byTestId,
  cli,
  cliPath,
  closeApp,
  launch,
  prepareBureau,
  startDriver,
  typeInto,
} from '../e2e/harness.mjs'

const RUNS = 5
const dir = mkdtempSync(path.join(os.tmpdir(), 'desk-everyday-'))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

// ---- the data: five drafts for the window, twenty approved items for the export ----
prepareBureau(dir, PUBLISHING_PEOPLE)
const item = (title) => ({
  title,
  category: '通知公告',
  office: '法规处',
  summary: `${title}的内容概述。`,
  topic: '教育',
  body_html: `<p>${title}。${'本通知自发布之日起施行，请各单位认真贯彻落实。'.repeat(20)}</p>`,
})
function importItems(titles) {
  const file = path.join(dir, 'items.json')
  writeFileSync(file, JSON.stringify(titles.map(item)))
  return JSON.parse(cli(dir, ['item', 'import', file, '--user', '张伟', '--json'], USER_PASSWORD)).created
}
const drafts = importItems(Array.from({ length: RUNS }, (_, i) => `关于做好第${i + 1}批教师培训工作的通知`))
const draftIds = drafts.map((no) => JSON.parse(cli(dir, ['item', 'show', no, '--json', '--user', '管理员'])).id)
const exported = importItems(Array.from({ length: 20 }, (_, i) => `关于第${i + 1}号事项的公告`))
for (const no of exported) approveThroughCli(dir, no, '张伟', ['赵处长', '钱审查', '孙局长'])

/**
 * Clicks `selector` in the window and waits, in the window, until the newest message says
 * `text` (or, with `shown`, until that element exists): milliseconds on the page's clock.
 */
async function timed(browser, selector, { text, shown }) {
  return browser.executeAsync(
    (selector, text, shown, done) => {
      document.querySelectorAll('.el-message').forEach((m) => m.remove())
      const t0 = performance.now()
      document.querySelector(selector).click()
      const ready = () => {
        if (shown) return !!document.querySelector(shown)
        const all = document.querySelectorAll('.el-message .el-message__content')
        return all.length > 0 && all[all.length - 1].innerText.includes(text)
      }
      const poll = () => (ready() ? done(performance.now() - t0) : requestAnimationFrame(poll))
      poll()
    },
    selector,
    text ?? '',
    shown ?? '',
  )
}

const rows = []
const driver = await startDriver()
try {
  // ---- start-up and sign-in, a fresh app each time ----
  const startup = []
  const signIn = []
  let browser
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    browser = await launch(dir, ['sign-in'])
    await browser.$(byTestId('sign-in-submit')).waitForDisplayed({ timeout: 20000 })
    startup.push(performance.now() - t0)
    await typeInto(browser, byTestId('sign-in-name'), '张伟')
    await typeInto(browser, byTestId('sign-in-password'), USER_PASSWORD)
    signIn.push(await timed(browser, byTestId('sign-in-submit'), { shown: byTestId('app-title') }))
    if (i < RUNS - 1) await closeApp(browser, dir)
  }
  rows.push(['启动到登录界面', startup, 1500], ['登录（含 argon2 校验）', signIn, 300])

  // ---- the drafter: open, save, submit ----
  const open = []
  const save = []
  const submit = []
  for (const id of draftIds) {
    await browser.execute(() => (location.hash = '#/items'))
    await browser.$(byTestId('items-table')).waitForDisplayed({ timeout: 10000 })
    open.push(
      await browser.executeAsync((id, done) => {
        const t0 = performance.now()
        location.hash = `#/items/${id}`
        const poll = () => {
          const shown = document.querySelector('[data-testid="item-index-no"]')
          const body = document.querySelector('[data-testid="field-body"] .ProseMirror')
          return shown && body && body.innerText.length > 0 ? done(performance.now() - t0) : requestAnimationFrame(poll)
        }
        poll()
      }, id),
    )
    await typeInto(browser, byTestId('field-summary'), '修改后的内容概述。')
    save.push(await timed(browser, byTestId('item-save'), { text: '已保存为第' }))
    submit.push(await timed(browser, byTestId('item-submit'), { text: '已提交' }))
  }
  rows.push(['打开事项', open, 300], ['保存', save, 300], ['提交审查（含扫描）', submit, 300])

  // ---- each step of the review ----
  for (const [who, step] of [
    ['赵处长', '处室负责人审核'],
    ['钱审查', '保密审查员审查'],
    ['孙局长', '分管领导审批'],
  ]) {
    await browser.execute(() => document.querySelector('[data-testid="sign-out"]').click())
    await browser.$(byTestId('sign-in')).waitForDisplayed({ timeout: 10000 })
    await typeInto(browser, byTestId('sign-in-name'), who)
    await typeInto(browser, byTestId('sign-in-password'), USER_PASSWORD)
    await browser.$(byTestId('sign-in-submit')).click()
    await browser.$(byTestId('app-title')).waitForDisplayed({ timeout: 10000 })
    const decide = []
    for (let i = 0; i < RUNS; i++) {
      await browser.execute(() => (location.hash = '#/review'))
      const link = `${byTestId('review-queue')} tbody tr .link`
      await browser.$(link).waitForDisplayed({ timeout: 10000 })
      await browser.execute((s) => document.querySelector(s).click(), link)
      const approve = '//div[@data-testid="decision"]//span[normalize-space()="通过"]'
      await browser.$(approve).waitForDisplayed({ timeout: 10000 })
      await browser.execute((e) => e.click(), await browser.$(approve))
      decide.push(await timed(browser, byTestId('decision-submit'), { text: '已通过' }))
      await browser.$('.el-drawer').waitForDisplayed({ reverse: true, timeout: 10000 }).catch(() => {})
    }
    rows.push([`审查决定：${step}`, decide, 300])
  }
  await closeApp(browser, dir)
} finally {
  await driver.stop()
}

// ---- the CLI: one sheet, twenty items ----
function cliTimes(args, password) {
  const out = []
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    const r = spawnSync(cliPath, ['--data-dir', dir, ...args(i)], {
      env: { ...process.env, DISCLOSURE_PASSWORD: password },
      encoding: 'utf8',
    })
    out.push(performance.now() - t0)
    if (r.status !== 0) throw new Error(`${args(i).join(' ')}: ${r.stderr}`)
  }
  return out
}
rows.push(
  [
    '打印一份审批表（命令行）',
    cliTimes((i) => ['sheet', '-o', path.join(dir, `sheet-${i}.pdf`), '--user', '管理员', exported[0]], ADMIN_PASSWORD),
    1000,
  ],
  [
    '导出 20 个事项（命令行）',
    cliTimes((i) => {
      const out = path.join(dir, `out-${i}`)
      mkdirSync(out, { recursive: true })
      return ['export', '-o', out, '--user', '周发布', ...exported]
    }, USER_PASSWORD),
    1000,
  ],
)

console.log('| 操作 | 中位数 | 5 次 | 目标 |')
console.log('|---|---:|---|---:|')
for (const [what, xs, target] of rows) {
  const m = median(xs)
  console.log(`| ${what} | ${Math.round(m)} ms | ${xs.map((x) => Math.round(x)).join(' / ')} | < ${target} ms ${m < target ? '✓' : '✗'} |`)
}
rmSync(dir, { recursive: true, force: true })
