// Drafting through the real window: every category with its fields, a Word-style paste
// kept clean, an attachment, search by a two-character word and by 文号, and everything
// still there after a restart.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  clearMessages,
  USER_PASSWORD,
  byTestId,
  choose,
  cli,
  lastMessage,
  localDay,
  screenshot,
  signIn,
  textOf,
  typeInto,
  typeKeys,
} from './harness.mjs'
import { useSuite } from './suite.mjs'

const files = mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-files-'))
const ATTACHMENT = path.join(files, '2026年预算表.csv')
writeFileSync(ATTACHMENT, '项目,金额\n基本支出,100\n')

const WORD_PASTE = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><body>
<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->
<p class="MsoNormal" style="mso-line-height-alt:150%"><span style="font-family:仿宋_GB2312;color:red;mso-bidi-font-size:16pt">为进一步规范学籍管理，现将有关事项通知如下。</span><o:p></o:p></p>
<p class="MsoListParagraph" style="mso-list:l0 level1 lfo1"><span style="mso-list:Ignore">1.</span>各校按时上报。</p>
<p class="MsoListParagraph" style="mso-list:l0 level1 lfo1"><span style="mso-list:Ignore">2.</span>区教育局统一审核。</p>
</body></html>`

// [category, title, extra steps on the form]
const CATEGORIES = [
  ['权力清单和责任清单', '2026年行政权力清单'],
  ['随机抽查事项及结果', '2026年民办学校随机抽查事项清单', 'inspection'],
  ['政务服务事项与办事指南', '教师资格认定办事指南'],
  ['政策文件', '关于规范中小学学籍管理的通知'],
  ['重大建设项目', '第三十中学教学楼新建项目', 'construction'],
  ['重大决策预公开', '学区划分调整方案征求意见', 'decision'],
  ['政策执行与落实', '义务教育均衡发展推进情况'],
  ['部门预决算', '2026年部门预算', 'budget'],
  ['政策解读', '《关于规范中小学学籍管理的通知》解读', 'interpretation'],
  ['回应社会关切', '关于校外培训收费问题的回应'],
  ['通知公告', '2026年教师招聘公告'],
  ['规章和规范性文件', '鞍山市中小学生学籍管理办法'],
  ['其他', '政务公开工作培训安排'],
]

describe('drafting', () => {
  const app = useSuite({
    people: [['张伟', '法规处', 'drafter']],
    env: { DISCLOSURE_DESK_PICK_FILES: ATTACHMENT },
    user: '张伟',
  })
  const { browser, dir } = app

  async function fillDate(selector, value) {
    await typeInto(browser, selector, value)
    await browser.keys(['Tab'])
    await browser
      .waitUntil(async () => (await browser.$(selector).getValue()) === value, { timeout: 15000 })
      .catch(async () => {
        await screenshot(browser, `failed-date-${value}`)
        assert.fail(`date ${value} not taken: ${await browser.$(selector).getValue()}`)
      })
  }

  async function newItem(category, title, n) {
    await browser.$(byTestId('nav-items')).click()
    await browser.$(byTestId('item-new')).click()
    await browser.$(byTestId('page-item-edit')).waitForDisplayed()
    // No category chosen yet: the select says so (a new draft's category 0 is not shown as "0").
    await browser.waitUntil(async () => (await textOf(browser, byTestId('field-category'))).includes('请选择'), {
      timeout: 10000,
      timeoutMsg: 'the empty 公开类别 select does not show its placeholder',
    })
    assert.doesNotMatch(await textOf(browser, byTestId('field-category')), /\b0\b/)
    await choose(browser, byTestId('field-category'), category)
    await typeInto(browser, byTestId('field-title'), title)
    await typeInto(browser, byTestId('field-doc-number'), `鞍教发〔2026〕${n}号`)
    await typeInto(browser, byTestId('field-summary'), `${title}的内容概述。`)
    await typeInto(browser, byTestId('field-topic'), '教育')
    await typeInto(browser, byTestId('field-keywords'), '教育 公开')
    await fillDate(`${byTestId('field-written-on')} input`, '2026-03-02')
    await fillDate(`${byTestId('field-planned-on')} input`, '2026-12-01')
    await browser.$(`//label[@data-testid="channel-wechat"]`).click()
    await choose(browser, byTestId('field-task'), '12. 推进政务公开制度化标准化')
    // Focus the body as a click would; the page may shift when the draft is first autosaved.
    await browser.execute(() => document.querySelector('.ProseMirror').focus())
    await typeKeys(browser, `${title}正文第一段。`)
    await browser
      .waitUntil(async () => (await textOf(browser, '.ProseMirror')).includes(`${title}正文第一段。`), { timeout: 15000 })
      .catch(async () => {
        await screenshot(browser, `failed-body-${title}`)
        assert.fail(`${title}: the body did not take the typing: ${await textOf(browser, '.ProseMirror')}`)
      })
  }

  async function fillCategory(kind) {
    const card = byTestId('category-fields')
    await browser.$(card).waitForDisplayed({ timeout: 15000 })
    if (kind === 'budget') {
      for (const label of await browser.$$(`${card} .el-checkbox`)) await label.click()
    } else if (kind === 'decision') {
      // Open for comment from today for 45 days.
      await fillDate(`${byTestId('field-comment-start')} input`, localDay(0))
      await fillDate(`${byTestId('field-comment-end')} input`, localDay(45))
    } else if (kind === 'interpretation') {
      await choose(browser, `${card} .el-select`, '关于规范中小学学籍管理的通知')
    } else if (kind === 'construction') {
      await browser.$(`//div[@data-testid="category-fields"]//span[normalize-space()="核准"]`).click()
    } else if (kind === 'inspection') {
      const inputs = await browser.$$(`${card} input`)
      const values = ['《民办教育促进法》', '市教育局', '办学条件', '双随机、一公开']
      for (let i = 0; i < 4; i++) {
        await inputs[i].click()
        await typeKeys(browser, values[i])
      }
    }
  }

  async function saveAndCheck(title) {
    await browser.$(byTestId('item-save')).click()
    await browser.waitUntil(async () => (await browser.$(byTestId('item-index-no')).isExisting()), {
      timeout: 10000,
      timeoutMsg: `${title} was not created`,
    })
    // Earlier toasts must not answer for this check.
    await clearMessages(browser)
    await browser.$(byTestId('item-check')).click()
    let problems = ''
    await browser
      .waitUntil(
        async () => {
          if (await browser.$(byTestId('problems')).isExisting()) {
            problems = await textOf(browser, byTestId('problems'))
            return true
          }
          return /自查通过/.test(await lastMessage(browser).catch(() => ''))
        },
        { timeout: 10000 },
      )
      .catch(async () => {
        problems = 'no answer to the check'
      })
    if (problems) {
      await screenshot(browser, `failed-${title}`)
      assert.fail(`${title}: ${problems}`)
    }
  }

  it('creates an item of every category with its fields, passing the pre-submission check', async () => {
    let n = 1
    for (const [category, title, kind] of CATEGORIES) {
      await newItem(category, title, n++)
      if (kind) await fillCategory(kind)
      await saveAndCheck(title)
      if (kind === 'budget') await screenshot(browser, 'item-edit-budget')
    }
    const list = JSON.parse(cli(dir, ['item', 'list', '--json', '--user', '管理员']))
    assert.equal(list.total, CATEGORIES.length)
  })

  it('refuses a budget without its components and says which are missing', async () => {
    await newItem('部门预决算', '缺内容的预算', 99)
    await browser.$(byTestId('item-save')).click()
    await browser.$(byTestId('item-index-no')).waitForExist({ timeout: 10000 })
    await browser.$(byTestId('item-check')).click()
    const problems = await textOf(browser, byTestId('problems'))
    assert.match(problems, /部门预决算还缺少：部门主要职责、预决算单位构成/)
  })

  it('keeps clean structure from a Word paste and attaches a file', async () => {
    await newItem('通知公告', '关于做好学籍管理工作的通知', 100)
    await browser.execute((html) => {
      const target = document.querySelector('.ProseMirror')
      const dt = new DataTransfer()
      dt.setData('text/html', html)
      dt.setData('text/plain', '粘贴')
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }))
    }, WORD_PASTE)
    await browser.keys(['Control', 's'])
    await browser.$(byTestId('item-index-no')).waitForExist({ timeout: 10000 })
    await browser.$(byTestId('attach')).click()
    await browser.waitUntil(async () => (await textOf(browser, byTestId('attachments'))).includes('2026年预算表.csv'), {
      timeout: 10000,
      timeoutMsg: 'attachment not listed',
    })
    await browser.keys(['Control', 's'])
    await browser.pause(1000)
    await screenshot(browser, 'item-edit-paste')
    const indexNo = await textOf(browser, byTestId('item-index-no'))
    const shown = JSON.parse(cli(dir, ['item', 'show', indexNo, '--json', '--user', '管理员']))
    const html = shown.fields.body_html
    // Pasted at the cursor: the first pasted paragraph joins the one being typed.
    assert.match(html, /^<p>关于做好学籍管理工作的通知正文第一段。为进一步规范学籍管理，现将有关事项通知如下。<\/p>/)
    assert.match(html, /<ol><li><p>各校按时上报。<\/p><\/li><li><p>区教育局统一审核。<\/p><\/li><\/ol>/)
    for (const bad of ['mso', 'style', 'class', 'font', 'o:p', 'span', 'WordDocument']) {
      assert.ok(!html.includes(bad), `${bad} survived: ${html}`)
    }
    assert.equal(shown.attachments[0].name, '2026年预算表.csv')
    assert.equal(shown.fields.written_on, '2026-03-02')
  })

  it('finds items by a two-character word from the body and by 文号', async () => {
    await browser.$(byTestId('nav-items')).click()
    await browser.$(byTestId('items-table')).waitForDisplayed()
    await typeInto(browser, byTestId('item-search'), '审核')
    await browser.keys(['Enter'])
    await browser.waitUntil(async () => {
      const text = await textOf(browser, byTestId('items-table'))
      return text.includes('关于做好学籍管理工作的通知') && !text.includes('2026年部门预算')
    }, { timeout: 10000, timeoutMsg: 'two-character search failed' })
    const marks = await browser.execute(() => [...document.querySelectorAll('[data-testid="items-table"] mark')].map((m) => m.textContent))
    assert.ok(marks.includes('审核'), `highlight missing: ${marks}`)
    await screenshot(browser, 'items-search')
    await typeInto(browser, byTestId('item-search'), '鞍教发〔2026〕8号')
    await browser.keys(['Enter'])
    await browser.waitUntil(async () => {
      const rows = await browser.$$(`${byTestId('items-table')} tbody tr`)
      return rows.length === 1 && (await textOf(browser, byTestId('items-table'))).includes('2026年部门预算')
    }, { timeout: 10000, timeoutMsg: '文号 search failed' })
  })

  it('still has everything after a restart', async () => {
    await app.restart()
    await signIn(browser, '张伟', USER_PASSWORD)
    await browser.$(byTestId('nav-items')).click()
    await browser.waitUntil(async () => (await textOf(browser, byTestId('items-table'))).includes('关于做好学籍管理工作的通知'), {
      timeout: 10000,
    })
    await screenshot(browser, 'items-list')
    // A person clicks the title link; a toast may still cover it, so click it as the page does.
    await browser.execute((el) => el.click(), await browser.$('=关于做好学籍管理工作的通知'))
    await browser.$(byTestId('page-item-edit')).waitForDisplayed()
    await browser.waitUntil(async () => (await textOf(browser, '.ProseMirror')).includes('区教育局统一审核'), { timeout: 10000 })
    assert.ok((await textOf(browser, byTestId('attachments'))).includes('2026年预算表.csv'))
    const summary = await browser.$(byTestId('field-summary')).getValue()
    assert.equal(summary, '关于做好学籍管理工作的通知的内容概述。')
  })
})
