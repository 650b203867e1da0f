// 报表 through the real window: three items of 法规处 go the whole way by the command line
// (import, review — one returned once —, export, publication on set dates): one on time,
// one late, one 行政规范性文件. The 报表 page shows 法规处's figures and the annual counts;
// the assessment for 法规处 downloads (the save dialog's seam) as a PDF that pdftotext
// reads back with the office and the year, and as an xlsx whose summary sheet has the
// expected header; the annual table downloads as xlsx too.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import {
  clearMessages,
  PUBLISHING_PEOPLE,
  USER_PASSWORD,
  approveThroughCli,
  byTestId,
  choose,
  cliAs,
  cli,
  expectMessage,
  screenshot,
  textOf,
} from './harness.mjs'
import { useSuite } from './suite.mjs'

// The suite runs on 16 November of this year whatever the real date: late enough that
// every date below has passed and an item due in March is long overdue (in January the
// figures would not be those asserted). The app and the CLI, test builds, add
// DISCLOSURE_CLOCK_OFFSET seconds to their clock; the processes inherit it from here.
const YEAR = new Date().getFullYear()
const TODAY = `${YEAR}-11-16`
process.env.DISCLOSURE_CLOCK_OFFSET = String(Math.round((new Date(`${TODAY}T10:00:00`).getTime() - Date.now()) / 1000))
const URL = 'https://www.example.gov.cn/zwgk/'

/** `unzip -p` of one member of a zip. */
function member(zip, name) {
  const r = spawnSync('unzip', ['-p', zip, name], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout
}

describe('reports', () => {
  let saveDir
  let item
  let ruleNo

  const app = useSuite({
    people: [
      ...PUBLISHING_PEOPLE,
      ['王芳', '财审处', 'drafter'],
      ['吴处长', '财审处', 'office_head'],
    ],
    async prepare({ dir }) {
      item = (title, category, office = '法规处', written = `${YEAR}-01-05`) => ({
        title,
        category,
        office,
        summary: `${title}。`,
        topic: '教育',
        written_on: written,
        body_html: `<p>${title}的正文。</p>`,
      })
      const file = path.join(dir, 'items.json')
      writeFileSync(
        file,
        JSON.stringify([
          item('关于寒假安全工作的通知', '通知公告'),
          item('关于规范中小学招生工作的通知', '通知公告'),
          item('鞍山市中小学学籍管理办法', '规章和规范性文件'),
        ]),
      )
      const created = JSON.parse(cli(dir, ['item', 'import', file, '--user', '张伟', '--json'], USER_PASSWORD)).created
      const [onTime, late, regulation] = created
      // 财审处: one published on time, one never submitted and long past its due date.
      const other = path.join(dir, 'other.json')
      writeFileSync(
        other,
        JSON.stringify([
          item('部门预算公开说明', '通知公告', '财审处', `${YEAR}-02-02`),
          item('学生资助资金使用情况', '通知公告', '财审处', `${YEAR}-03-02`),
        ]),
      )
      const [budget] = JSON.parse(cli(dir, ['item', 'import', other, '--user', '王芳', '--json'], USER_PASSWORD)).created
      approveThroughCli(dir, budget, '王芳', ['吴处长', '钱审查', '孙局长'])
      cliAs(dir, '张伟', ['item', 'submit', late])
      cliAs(dir, '赵处长', ['review', 'decide', late, '--decision', 'return', '--comment', '请补充招生范围。'])
      for (const no of created) approveThroughCli(dir, no, '张伟', ['赵处长', '钱审查', '孙局长'])
      const out = path.join(dir, 'bundles')
      mkdirSync(out)
      cliAs(dir, '周发布', ['export', '--all-approved', '-o', out])
      cliAs(dir, '周发布', ['publish', onTime, '--url', `${URL}1.html`, '--date', `${YEAR}-01-09`])
      cliAs(dir, '周发布', ['publish', late, '--url', `${URL}2.html`, '--date', TODAY])
      cliAs(dir, '周发布', ['publish', regulation, '--url', `${URL}3.html`, '--date', `${YEAR}-01-09`])
      cliAs(dir, '周发布', ['publish', budget, '--url', `${URL}4.html`, '--date', `${YEAR}-02-10`])

      // Made now: the CLI may not write once the app holds the data directory.
      const rule = path.join(dir, 'rule.json')
      writeFileSync(rule, JSON.stringify([item('鞍山市教育督导规定', '规章和规范性文件', '法规处', TODAY)]))
      ;[ruleNo] = JSON.parse(cli(dir, ['item', 'import', rule, '--user', '张伟', '--json'], USER_PASSWORD)).created

      saveDir = path.join(dir, 'saved')
      mkdirSync(saveDir)
    },
    env: () => ({ DISCLOSURE_DESK_SAVE_DIR: saveDir }),
    user: '赵处长',
  })
  const { browser, dir, press, as } = app

  const saved = async (name) => {
    const file = path.join(saveDir, name)
    await browser.waitUntil(() => existsSync(file), { timeout: 20000, timeoutMsg: `${name} was not saved` })
    return file
  }

  it('shows each office’s figures, the chart and the annual counts', async () => {
    await press(byTestId('nav-reports'))
    const table = byTestId('assessment-table')
    await browser.waitUntil(async () => (await textOf(browser, table)).includes('法规处'), { timeout: 15000 })
    const row = await browser.execute(() => {
      const rows = [...document.querySelectorAll('[data-testid="assessment-table"] .el-table__body tr')]
      const r = rows.find((tr) => tr.innerText.includes('法规处'))
      return r ? r.innerText.replace(/\s+/g, ' ').trim() : ''
    })
    // 发布 3; on time 2 of 3; 3 rounds approved + 1 returned = 4 concluded rounds; 1 return; 1 late.
    assert.match(row, /法规处 3 66\.7%（2\/3） \d+\.\d 4 1 1/)
    const caishen = await textOf(browser, table)
    assert.match(caishen.replace(/\s+/g, ' '), /财审处 1 50\.0%（1\/2） \d+\.\d 1 0 1/)
    assert.match(caishen.replace(/\s+/g, ' '), /合计 4 60\.0%（3\/5）/)
    assert.ok(await browser.$(`${byTestId('assessment-chart')} svg`).isExisting(), 'the chart is drawn')
    assert.match(await textOf(browser, byTestId('annual-normative')), /行政规范性文件\s+1\s+0\s+1/)
    assert.match(await textOf(browser, byTestId('annual-rule')), /规章\s+0\s+0\s+0/)
    await screenshot(browser, 'reports')

    // 法规处's own table: its categories and the late item.
    await browser.execute(() => {
      const rows = [...document.querySelectorAll('[data-testid="assessment-table"] .el-table__body tr')]
      rows.find((tr) => tr.innerText.includes('法规处'))?.querySelector('.el-table__expand-icon')?.click()
    })
    const detail = byTestId('assessment-detail-法规处')
    await browser.$(detail).waitForDisplayed({ timeout: 10000 })
    const shown = await textOf(browser, detail)
    assert.match(shown, /通知公告 2/)
    assert.match(shown, /规章和规范性文件 1/)
    assert.match(shown, new RegExp(`关于规范中小学招生工作的通知\\s+${YEAR}-\\d\\d-\\d\\d\\s+${TODAY}\\s+\\d+`))
    await browser.execute((el) => el.scrollIntoView({ block: 'start' }), await browser.$(detail))
    // Only for the screenshot: a scroll that did not happen is no failure.
    await browser
      .waitUntil(async () => (await browser.execute((el) => el.getBoundingClientRect().top, await browser.$(detail))) < 300, { timeout: 15000 })
      .catch(() => {})
    await screenshot(browser, 'reports-detail')
  })

  it('downloads the assessment of one office as PDF and as xlsx', async () => {
    await choose(browser, byTestId('report-office'), '法规处')
    await browser.waitUntil(
      async () => {
        const shown = await textOf(browser, byTestId('assessment-table'))
        return shown.includes('法规处') && !shown.includes('发展规划处')
      },
      { timeout: 10000, timeoutMsg: 'the table shows 法规处 only' },
    )
    await clearMessages(browser)
    await press(byTestId('assessment-pdf'))
    const pdf = await saved(`${YEAR}年度政务公开考核-法规处.pdf`)
    await expectMessage(browser, /已保存到 .*法规处\.pdf（共 \d+ 页）/)
    const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '')
    assert.ok(text.includes(`${YEAR}年度政务公开考核`), text.slice(0, 400))
    assert.ok(text.includes('1.法规处'), text.slice(0, 800))
    assert.ok(text.includes('关于规范中小学招生工作的通知'), 'the late item is listed')

    await press(byTestId('assessment-xlsx'))
    const xlsx = await saved(`${YEAR}年度政务公开考核-法规处.xlsx`)
    const workbook = member(xlsx, 'xl/workbook.xml')
    assert.match(workbook, /name="考核汇总"/)
    assert.match(workbook, /name="逾期事项"/)
    const strings = member(xlsx, 'xl/sharedStrings.xml')
    for (const header of ['处室', '发布事项数', '按时公开率', '平均审查用时（工作日）', '退回修改次数', '逾期事项数', '法规处']) {
      assert.ok(strings.includes(`>${header}<`), `${header} in the workbook`)
    }
  })

  it('downloads the annual counts as xlsx laid out like the national table', async () => {
    await press(byTestId('annual-xlsx'))
    const xlsx = await saved(`${YEAR}年政府信息公开工作年度报告-主动公开情况.xlsx`)
    const strings = member(xlsx, 'xl/sharedStrings.xml')
    for (const s of ['二、主动公开政府信息情况', '第二十条第（一）项', '本年制发件数', '现行有效件数', '行政规范性文件']) {
      assert.ok(strings.includes(s), s)
    }
  })

  it('a document marked 规章 on its form counts in the 规章 row', async () => {
    const no = ruleNo
    const id = JSON.parse(cli(dir, ['item', 'show', no, '--json', '--user', '管理员'])).id
    await as('张伟')
    await browser.execute((id) => (location.hash = `#/items/${id}`), id)
    const field = byTestId('field-regulation-kind')
    await browser.$(field).waitForDisplayed({ timeout: 10000 })
    assert.match(await textOf(browser, field), /未选择时按行政规范性文件统计/)
    await press(`//div[@data-testid="field-regulation-kind"]//span[normalize-space()="规章"]`)
    await press(byTestId('item-save'))
    await browser.waitUntil(async () => JSON.parse(cli(dir, ['item', 'show', no, '--json', '--user', '管理员'])).fields.extra.regulation_kind === 'rule', {
      timeout: 10000,
      timeoutMsg: 'the kind was not saved',
    })
    // The CLI may not write while the app holds the data directory: close it for the
    // review and publication, then open it again.
    await app.close()
    approveThroughCli(dir, no, '张伟', ['赵处长', '钱审查', '孙局长'])
    cliAs(dir, '周发布', ['export', no, '-o', path.join(dir, 'bundles')])
    cliAs(dir, '周发布', ['publish', no, '--url', `${URL}5.html`, '--date', TODAY])
    await app.launch()
    await as('赵处长')

    await press(byTestId('nav-home'))
    await press(byTestId('nav-reports'))
    await browser.waitUntil(async () => /规章\s+1\s+0\s+1/.test(await textOf(browser, byTestId('annual-rule'))), {
      timeout: 10000,
      timeoutMsg: 'the 规章 row counts the document',
    })
    assert.match(await textOf(browser, byTestId('annual-normative')), /行政规范性文件\s+1\s+0\s+1/)
  })
})
