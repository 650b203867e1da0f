// Deadlines, the dashboard and the responsibility ledger through the real window, on a
// bureau with a year of realistic data made through the CLI (import, review, export,
// publication): a policy published the day before the 2026 National Day holiday gives its
// interpretation a due date after the holiday (computed here from the shipped calendar),
// shown on the item, in the item list and, overdue, on the dashboard; changing the
// interpretation rule in 设置 → 时限规则 moves that date; an administrator names the staff
// of a task in the ledger, and the saved ledger PDF holds the task and the name.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { USER_PASSWORD, byTestId, cli, expectMessage, screenshot, textOf, typeInto } from './harness.mjs'
import { useSuite } from './suite.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const HOLIDAYS = JSON.parse(readFileSync(path.join(root, 'src-tauri/core/assets/cn-holidays.json'), 'utf8'))

/** The n-th working day after `from` on the State Council's arrangement (weekends, holidays, 调休). */
function addWorkingDays(from, n) {
  const off = new Set()
  const on = new Set()
  for (const year of Object.values(HOLIDAYS)) {
    for (const h of year.holidays) {
      for (let d = new Date(`${h.from}T00:00:00Z`); d <= new Date(`${h.to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
        off.add(d.toISOString().slice(0, 10))
      }
    }
    for (const w of year.workdays) on.add(w)
  }
  const d = new Date(`${from}T00:00:00Z`)
  while (n > 0) {
    d.setUTCDate(d.getUTCDate() + 1)
    const iso = d.toISOString().slice(0, 10)
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6
    if (on.has(iso) || (!weekend && !off.has(iso))) n--
  }
  return d.toISOString().slice(0, 10)
}

const POLICY = '关于进一步规范中小学办学行为的若干意见'
const INTERPRETATION = `《${POLICY}》政策解读`
const POLICY_PUBLISHED = '2026-09-30'

// [office, drafter, office head, category, title, written, published, task]
const PUBLISHED = [
  ['法规处', '张伟', '赵处长', '政策文件', POLICY, '2026-09-21', POLICY_PUBLISHED, 4],
  ['法规处', '张伟', '赵处长', '权力清单和责任清单', '鞍山市教育局2026年权力清单和责任清单', '2026-01-12', '2026-01-30', 1],
  ['法规处', '张伟', '赵处长', '通知公告', '关于开展2026年“双随机、一公开”抽查工作的通知', '2026-03-02', '2026-04-20', 2],
  ['法规处', '张伟', '赵处长', '政务服务事项与办事指南', '市教育局政务服务事项目录（2026年版）', '2026-08-03', '2026-08-20', 3],
  ['法规处', '张伟', '赵处长', '规章和规范性文件', '鞍山市中小学学籍管理办法', '2026-10-12', '2026-10-28', 12],
  ['财审处', '王芳', '钱处长', '政策执行与落实', '2025年教育经费执行情况', '2026-02-02', '2026-02-27', 7],
  ['财审处', '王芳', '钱处长', '通知公告', '关于做好2026年教育收费公示工作的通知', '2026-04-01', '2026-04-15', 8],
  ['财审处', '王芳', '钱处长', '政策执行与落实', '2026年上半年重点工作进展情况', '2026-07-06', '2026-07-24', 7],
  ['宣传部', '刘洋', '孙处长', '回应社会关切', '关于学区划分热点问题的回应', '2026-05-06', '2026-05-12', 10],
  ['宣传部', '刘洋', '孙处长', '通知公告', '2026年市教育局新闻发布会安排', '2026-06-01', '2026-07-20', 11],
  ['宣传部', '刘洋', '孙处长', '通知公告', '关于做好秋季开学安全工作的通知', '2026-08-24', '2026-09-04', 11],
  ['宣传部', '刘洋', '孙处长', '回应社会关切', '关于课后服务收费问题的回应', '2026-11-02', '2026-11-13', 10],
]
// Drafts still waiting: [office, drafter, category, title, written, task]
const WAITING = [
  ['法规处', '张伟', '通知公告', '关于2026年秋季教师公开招聘的通知', '2026-10-20', 12],
  ['财审处', '王芳', '通知公告', '关于开展教育收费专项检查的通知', '2026-11-02', 8],
  ['宣传部', '刘洋', '其他', '关于评选2026年度优秀教育新闻作品的通知', '2026-11-20', 11],
]

function entry(office, category, title, written, task, extra = {}) {
  return {
    title,
    category,
    office,
    summary: `${title}。`,
    topic: '教育',
    written_on: written,
    task,
    body_html: `<p>各有关单位：${title}，现予公开。</p>`,
    ...extra,
  }
}

/** Imports `rows` as `user` and returns their 索引号. */
function importAs(dir, user, rows) {
  const file = path.join(dir, `import-${user}-${rows.length}-${Date.now()}.json`)
  writeFileSync(file, JSON.stringify(rows))
  return JSON.parse(cli(dir, ['item', 'import', file, '--user', user, '--json'], USER_PASSWORD)).created
}

describe('deadlines, dashboard and ledger', () => {
  let interpretationId

  const { browser, dir, press } = useSuite({
    people: [
      ['张伟', '法规处', 'drafter'],
      ['赵处长', '法规处', 'office_head'],
      ['王芳', '财审处', 'drafter'],
      ['钱处长', '财审处', 'office_head'],
      ['刘洋', '宣传部', 'drafter'],
      ['孙处长', '宣传部', 'office_head'],
      ['李审查', '办公室', 'reviewer'],
      ['周局长', '办公室', 'leader'],
      ['吴发布', '办公室', 'publisher'],
    ],
    async prepare({ dir }) {
      // A year of publications: each item through the whole review chain, exported and
      // recorded as published on its date.
      const published = []
      for (const drafter of ['张伟', '王芳', '刘洋']) {
        const rows = PUBLISHED.filter((p) => p[1] === drafter)
        const nos = importAs(dir, drafter, rows.map(([office, , , category, title, written, , task]) => entry(office, category, title, written, task)))
        nos.forEach((no, i) => published.push([no, rows[i]]))
      }
      for (const [no, [, drafter, head]] of published) {
        cli(dir, ['item', 'submit', no, '--user', drafter], USER_PASSWORD)
        for (const approver of [head, '李审查', '周局长']) {
          if (JSON.parse(cli(dir, ['item', 'show', no, '--json', '--user', '管理员'])).status !== 'in_review') break
          cli(dir, ['review', 'decide', no, '--user', approver, '--decision', 'approve'], USER_PASSWORD)
        }
      }
      const out = path.join(dir, 'bundles')
      mkdirSync(out)
      cli(dir, ['export', '--all-approved', '-o', out, '--user', '吴发布'], USER_PASSWORD)
      const csv = path.join(dir, 'published.csv')
      writeFileSync(
        csv,
        published.map(([no, row], i) => `${no},https://jyj.anshan.gov.cn/zwgk/${i + 1}.html,${row[6]}`).join('\n') + '\n',
      )
      cli(dir, ['publish', '--csv', csv, '--user', '吴发布'], USER_PASSWORD)

      const policyNo = published.find(([, row]) => row[4] === POLICY)[0]
      const [interpretationNo] = importAs(dir, '刘洋', [
        entry('宣传部', '政策解读', INTERPRETATION, '2026-09-30', 9, { interprets: policyNo }),
      ])
      interpretationId = JSON.parse(cli(dir, ['item', 'show', interpretationNo, '--json', '--user', '管理员'])).id
      for (const drafter of ['张伟', '王芳', '刘洋']) {
        const rows = WAITING.filter((w) => w[1] === drafter)
        importAs(dir, drafter, rows.map(([office, , category, title, written, task]) => entry(office, category, title, written, task)))
      }
    },
    env: ({ dir }) => ({ DISCLOSURE_DESK_SAVE_DIR: dir }),
    user: '管理员',
  })

  async function shownDue() {
    await browser.execute((id) => (location.hash = `#/items/${id}`), interpretationId)
    await browser.$(byTestId('item-due')).waitForDisplayed({ timeout: 10000 })
    return textOf(browser, byTestId('item-due'))
  }

  it('an interpretation of a policy published before National Day is due after the holiday', async () => {
    const expected = addWorkingDays(POLICY_PUBLISHED, 3)
    assert.equal(expected, '2026-10-10', 'the calendar skips 10-01…10-07 and counts Saturday 10-10')
    const due = await shownDue()
    assert.ok(due.includes(expected), `item page shows ${due}`)
    assert.ok(due.includes('已逾期'), due)

    await press(byTestId('nav-items'))
    const cell = byTestId(`item-due-${interpretationId}`)
    await browser.$(cell).waitForDisplayed({ timeout: 10000 })
    assert.ok((await textOf(browser, cell)).includes(expected))
    await browser.$('.el-loading-mask').waitForDisplayed({ reverse: true, timeout: 10000 }).catch(() => {})
    await screenshot(browser, 'items-due')
  })

  it('the overdue interpretation is on the dashboard with the charts and office progress', async () => {
    await press(byTestId('nav-home'))
    const urgent = byTestId('home-urgent')
    await browser.$(urgent).waitForDisplayed({ timeout: 10000 })
    const row = `//*[@data-testid="home-urgent"]//tr[contains(., "${INTERPRETATION}")]`
    await browser.$(row).waitForExist({ timeout: 10000 })
    assert.ok((await textOf(browser, row)).includes('已逾期'))
    await browser.$(`${byTestId('home-monthly')} svg`).waitForExist({ timeout: 10000 })
    await browser.$(`${byTestId('home-on-time')} svg`).waitForExist({ timeout: 10000 })
    const progress = await textOf(browser, byTestId('home-progress'))
    for (const office of ['法规处', '财审处', '宣传部']) assert.ok(progress.includes(office), progress)
    await screenshot(browser, 'home')
    await browser.setWindowSize(1366, 1300)
    await screenshot(browser, 'home-full')
    await browser.setWindowSize(1366, 768)
  })

  it('changing the interpretation rule in 设置 moves the shown due date', async () => {
    await press(byTestId('nav-settings'))
    await press('#tab-deadlines')
    const input = `${byTestId('rule-interpretation')} input`
    await browser.$(input).waitForDisplayed({ timeout: 10000 })
    // The table's loading mask covers the input until the rules have come.
    await browser.waitUntil(async () => !(await browser.$(`${byTestId('deadline-rules')} .el-loading-mask`).isDisplayed()), { timeout: 10000 })
    await browser.$(input).waitForClickable({ timeout: 10000 })
    await typeInto(browser, input, '5')
    await browser.keys('Tab')
    await browser.waitUntil(async () => browser.$(byTestId('rule-interpretation-save')).isEnabled(), { timeout: 15000 })
    await press(byTestId('rule-interpretation-save'))
    await expectMessage(browser, /已保存“政策解读公开时限”/)
    await browser.$('.el-message').waitForExist({ reverse: true, timeout: 10000 }).catch(() => {})
    await screenshot(browser, 'settings-deadlines')
    const expected = addWorkingDays(POLICY_PUBLISHED, 5)
    await browser.waitUntil(async () => (await shownDue()).includes(expected), {
      timeout: 10000,
      timeoutMsg: `the item did not show ${expected}`,
    })
  })

  it('an administrator names the staff of a task and the saved ledger PDF lists them', async () => {
    await press(byTestId('nav-tasks'))
    await press(byTestId('task-edit-9'))
    await browser.$(byTestId('task-staff-input')).waitForDisplayed({ timeout: 10000 })
    await typeInto(browser, byTestId('task-staff-input'), '刘洋')
    await press(byTestId('task-save'))
    await browser.waitUntil(async () => (await browser.$(byTestId('task-staff-9')).isExisting()) && (await textOf(browser, byTestId('task-staff-9'))).includes('刘洋'), {
      timeout: 10000,
      timeoutMsg: 'the named staff did not appear in the ledger',
    })
    await browser.$('.el-message').waitForExist({ reverse: true, timeout: 10000 }).catch(() => {})
    await screenshot(browser, 'tasks')
    await press(byTestId('ledger-save'))
    const pdf = path.join(dir, '责任分工台账.pdf')
    await browser.waitUntil(async () => existsSync(pdf), { timeout: 20000, timeoutMsg: 'no ledger PDF was saved' })
    await expectMessage(browser, /已保存到/)
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout
    assert.ok(text.includes('政务公开工作责任分工台账'), text)
    assert.ok(text.includes('主动做好政策解读'), text)
    assert.ok(text.includes('刘洋'), text)
    writeFileSync(path.join(root, 'target/e2e-screenshots/ledger.pdf'), readFileSync(pdf))
  })

  it("a task's progress opens its linked items", async () => {
    await press(byTestId('nav-tasks'))
    await press(byTestId('task-items-9'))
    const cell = byTestId(`item-due-${interpretationId}`)
    await browser.$(cell).waitForDisplayed({ timeout: 10000 })
    await browser.waitUntil(async () => (await textOf(browser, byTestId('items-total'))).includes('共 1 条'), {
      timeout: 10000,
      timeoutMsg: 'the list is not filtered to the task',
    })
  })
})
