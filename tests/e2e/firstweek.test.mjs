// A first week in the office at 1366×768 (issue 24): one message at a time and none left
// for the next person, errors that go when the field is filled, the editor's actions
// always in reach, masking that shows before → after and leaves the office's own public
// number alone, the whole 索引号 in the list, the largest text size, the 政策解读 picker
// with no policy yet, and a new person with nothing chosen for them.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { USER_PASSWORD, byTestId, choose, cli, expectMessage, screenshot, textOf, typeInto } from './harness.mjs'
import { useSuite } from './suite.mjs'

const ID = '210302199001011238'
const MASKED = '210302********1238'
const HOTLINE = '0412-2221234'

/** The message toasts on screen, not counting one already fading out. */
const visibleMessages = (browser) =>
  browser.execute(
    () =>
      [...document.querySelectorAll('.el-message')].filter(
        (m) => !m.className.includes('leave') && getComputedStyle(m).display !== 'none',
      ).length,
  )

describe('a first week in the office', () => {
  let noticeNo
  let noticeId

  const { browser, dir, press, as } = useSuite({
    people: [
      ['张伟', '法规处', 'drafter'],
      ['钱审查', '办公室', 'reviewer'],
    ],
    async prepare({ dir }) {
      const file = path.join(dir, 'items.json')
      writeFileSync(
        file,
        JSON.stringify([
          {
            title: '关于张某申请事项的办理结果',
            category: '通知公告',
            office: '法规处',
            summary: '',
            topic: '教育',
            body_html: `<p>申请人张某，身份证号 ${ID}，已按规定办理。咨询电话${HOTLINE}。</p>`,
          },
        ]),
      )
      noticeNo = JSON.parse(cli(dir, ['item', 'import', file, '--user', '张伟', '--json'], USER_PASSWORD)).created[0]
      noticeId = JSON.parse(cli(dir, ['item', 'show', noticeNo, '--json', '--user', '管理员'])).id
    },
  })

  const openNotice = async () => {
    await browser.execute((id) => (location.hash = `#/items/${id}`), noticeId)
    await browser.$(byTestId('item-index-no')).waitForDisplayed({ timeout: 10000 })
  }

  it('a failed sign-in is said under the password, and no message follows anyone out', async () => {
    await browser.setWindowSize(1366, 768)
    await typeInto(browser, byTestId('sign-in-name'), '张伟')
    await typeInto(browser, byTestId('sign-in-password'), 'wrong-password')
    await press(byTestId('sign-in-submit'))
    await browser.$('.el-form-item__error').waitForDisplayed({ timeout: 10000 })
    assert.match(await textOf(browser, '.el-form-item__error'), /姓名或密码不正确/)
    assert.equal(await visibleMessages(browser), 0, 'the error is under the field, not a toast')
    await as('张伟')
    await browser.pause(400)
    assert.ok((await visibleMessages(browser)) <= 1)
    await press(byTestId('sign-out'))
    await browser.$(byTestId('sign-in')).waitForDisplayed({ timeout: 10000 })
    await browser.pause(400)
    assert.equal(await visibleMessages(browser), 0, 'nothing is left for the next person')
  })

  it('a problem goes as soon as its field is filled, before any save', async () => {
    await as('张伟')
    await openNotice()
    await press(byTestId('item-check'))
    await browser.$(byTestId('problems')).waitForDisplayed({ timeout: 15000 })
    assert.match(await textOf(browser, byTestId('problems')), /内容概述/)
    await typeInto(browser, byTestId('field-summary'), '办理结果的概述。')
    // The list follows the typing: it is gone while the change is still unsaved (the
    // autosave comes three seconds after the last key), however loaded the machine.
    let unsavedWhenGone = null
    await browser.waitUntil(
      async () => {
        const seen = await browser.execute(() => ({
          gone: !document.querySelector('[data-testid="problems"]'),
          state: document.querySelector('[data-testid="save-state"]').innerText,
        }))
        if (seen.gone) unsavedWhenGone = seen.state.includes('未保存')
        return seen.gone
      },
      { timeout: 15000, interval: 50, timeoutMsg: 'the filled 内容概述 is still listed as a problem' },
    )
    assert.equal(unsavedWhenGone, true, 'the problem went before any save, not because of one')
  })

  it('the rarely changed sections fold to one line each, and stay folded for the next item', async () => {
    await openNotice()
    const bodyTop = () =>
      browser.execute(() => document.querySelector('[data-testid="field-body"]').getBoundingClientRect().top)
    const before = await bodyTop()
    await press(byTestId('fold-catalog-toggle'))
    await press(byTestId('fold-handling-toggle'))
    assert.match(await textOf(browser, byTestId('fold-catalog-summary')), /教育 · 主动公开/)
    assert.match(await textOf(browser, byTestId('fold-handling-summary')), /法规处/)
    const after = await bodyTop()
    assert.ok(after < before - 250, `the body moved up from ${before} to ${after}`)
    await browser.execute(() =>
      document.querySelector('[data-testid="fold-catalog"]').scrollIntoView({ block: 'center' }),
    )
    await browser.pause(800)
    await screenshot(browser, 'editor-folded-1366')
    await browser.execute(() => (location.hash = '#/items'))
    await browser.$(byTestId('item-new')).waitForDisplayed({ timeout: 10000 })
    await openNotice()
    await browser.$(byTestId('fold-catalog-summary')).waitForDisplayed({ timeout: 10000 })
    assert.ok(await browser.$(byTestId('fold-handling-summary')).isDisplayed(), 'still folded on the next visit')
    await press(byTestId('fold-catalog-toggle'))
    await press(byTestId('fold-handling-toggle'))
    await browser.$(byTestId('field-topic')).waitForDisplayed({ timeout: 5000 })
  })

  it('the actions stay in reach at the bottom of the long form', async () => {
    await openNotice()
    await browser.execute(() => {
      const main = document.querySelector('.content')
      main.scrollTop = main.scrollHeight
    })
    await browser.pause(300)
    const bar = await browser.execute(() => {
      const r = document.querySelector('[data-testid="item-actions"]').getBoundingClientRect()
      const main = document.querySelector('.content')
      return { top: r.top, bottom: r.bottom, height: innerHeight, scrolled: main.scrollTop }
    })
    assert.ok(bar.scrolled > 300, `the form is long enough to scroll (${bar.scrolled})`)
    assert.ok(bar.top >= 0 && bar.bottom <= bar.height, JSON.stringify(bar))
    assert.ok(await browser.$(byTestId('item-save')).isDisplayed())
    await screenshot(browser, 'editor-scrolled-1366')
  })

  it('masking shows the number before and after, and one message after it', async () => {
    await openNotice()
    await press(byTestId('item-check'))
    await browser.$(byTestId('self-check')).waitForDisplayed({ timeout: 15000 })
    const rows = `${byTestId('self-check')} tbody tr`
    const idRow = `//div[@data-testid="self-check"]//tr[.//td[normalize-space()="身份证号"]]`
    const phoneRow = `//div[@data-testid="self-check"]//tr[.//td[normalize-space()="固定电话"]]`
    assert.match(await textOf(browser, rows), /身份证号/)
    // The office's hotline is a warning, and masking it is a deliberate choice.
    assert.equal(await textOf(browser, `${phoneRow}//button[@data-testid="finding-mask"]`), '确属个人信息时脱敏…')
    await press(`${phoneRow}//button[@data-testid="finding-mask"]`)
    await browser.$(byTestId('mask-warning')).waitForDisplayed({ timeout: 10000 })
    assert.match(await textOf(browser, byTestId('mask-warning')), /公开联系方式/)
    await press('.el-message-box__btns .el-button:not(.el-button--primary)')
    await browser.$('.el-message-box').waitForDisplayed({ reverse: true, timeout: 10000 })

    await press(`${idRow}//button[@data-testid="finding-mask"]`)
    await browser.$(byTestId('mask-preview')).waitForDisplayed({ timeout: 10000 })
    assert.equal(await textOf(browser, byTestId('mask-before')), ID)
    assert.equal(await textOf(browser, byTestId('mask-after')), MASKED)
    assert.ok((await textOf(browser, byTestId('mask-reads'))).includes(MASKED))
    assert.ok(!(await browser.$(byTestId('mask-warning')).isExisting()), 'an ID number is simply masked')
    await screenshot(browser, 'mask-confirm')
    await press('.el-message-box__btns .el-button--primary')
    await browser.waitUntil(async () => (await textOf(browser, byTestId('field-body'))).includes(MASKED), {
      timeout: 10000,
      timeoutMsg: 'the editor shows the masked number',
    })
    await browser.pause(600)
    assert.ok((await visibleMessages(browser)) <= 1, 'at most one message after masking')
  })

  it('the office’s public number, once in 机构信息, is listed and not reported at all', async () => {
    await as('管理员')
    await press(byTestId('nav-settings'))
    await browser.$(byTestId('agency-phone')).waitForDisplayed({ timeout: 10000 })
    await typeInto(browser, byTestId('agency-phone'), '2221')
    await press(byTestId('agency-save'))
    await browser.waitUntil(async () => (await textOf(browser, '.el-form-item__error')).includes('请填写完整的电话号码'), {
      timeout: 10000,
      timeoutMsg: 'no error under a partial number',
    })
    await typeInto(browser, byTestId('agency-phone'), HOTLINE)
    await typeInto(browser, byTestId('agency-email'), 'jyj@anshan.gov.cn')
    await press(byTestId('agency-save'))
    await expectMessage(browser, '机构信息已保存。新生成的索引号将使用新的机构代码。')
    await screenshot(browser, 'agency-contacts')
    // The reviewer finds the agency's details already on the list the scanner reads.
    await as('钱审查')
    await press(byTestId('nav-settings'))
    await press('#tab-contacts')
    await browser.$(byTestId('contacts-text')).waitForDisplayed({ timeout: 10000 })
    // The box shows at once and is filled when the list arrives.
    let listed = ''
    await browser
      .waitUntil(async () => (listed = await browser.$(byTestId('contacts-text')).getValue()).includes('咨询电话'), { timeout: 10000 })
      .catch(() => {})
    assert.match(listed, new RegExp(`咨询电话：${HOTLINE}`))
    assert.match(listed, /电子邮箱：jyj@anshan.gov.cn/)
    await as('张伟')
    await openNotice()
    await press(byTestId('item-check'))
    await browser.$(byTestId('self-check')).waitForDisplayed({ timeout: 15000 })
    assert.doesNotMatch(await textOf(browser, byTestId('self-check')), /固定电话/)
    const body = JSON.parse(cli(dir, ['item', 'show', noticeNo, '--json', '--user', '管理员'])).fields.body_html
    assert.ok(body.includes(HOTLINE), 'the hotline was never masked')
  })

  it('the item list shows the whole 索引号', async () => {
    await press(byTestId('nav-items'))
    await press('#tab-all')
    const cell = byTestId('item-index-cell')
    await browser.$(cell).waitForDisplayed({ timeout: 10000 })
    assert.equal((await textOf(browser, cell)).replace(/\s/g, ''), noticeNo)
    const fits = await browser.execute(() => {
      const c = document.querySelector('[data-testid="item-index-cell"]').closest('.cell')
      return c.scrollWidth <= c.clientWidth
    })
    assert.ok(fits, 'the 索引号 is not cut')
    await screenshot(browser, 'items-1366')
  })

  it('a 政策解读 with no policy yet says so at once and offers to draft the policy', async () => {
    await press(byTestId('nav-items'))
    await press(byTestId('item-new'))
    await browser.$(byTestId('field-title')).waitForDisplayed({ timeout: 10000 })
    await choose(browser, byTestId('field-category'), '政策解读')
    await browser.$(byTestId('no-policy')).waitForDisplayed({ timeout: 10000 })
    assert.match(await textOf(browser, byTestId('no-policy')), /须先作为“政策文件”事项录入/)
    await typeInto(browser, byTestId('field-title'), '《教师资格认定办法》解读')
    await press(byTestId('new-policy'))
    await browser.waitUntil(async () => (await browser.getUrl()).includes('/items/new?category=policy'), {
      timeout: 10000,
      timeoutMsg: 'the new policy draft did not open',
    })
    await browser.waitUntil(async () => (await textOf(browser, byTestId('field-category'))).includes('政策文件'), {
      timeout: 10000,
    })
    const kept = JSON.parse(cli(dir, ['item', 'list', '--json', '--user', '管理员']))
    assert.ok(JSON.stringify(kept).includes('《教师资格认定办法》解读'), 'the interpretation draft was kept')
  })

  it('a new person has no office and no role chosen; a leader goes under 局领导', async () => {
    await as('管理员')
    await press(byTestId('nav-settings'))
    await press('#tab-staff')
    await press(byTestId('staff-add'))
    await browser.$(byTestId('staff-roles')).waitForDisplayed({ timeout: 10000 })
    const ticked = await browser.execute(
      () => document.querySelectorAll('[data-testid="staff-roles"] .el-checkbox.is-checked').length,
    )
    assert.equal(ticked, 0, 'no role is pre-ticked')
    assert.match(await textOf(browser, byTestId('staff-office')), /请选择处室/)
    await browser.$(byTestId('role-leader')).click()
    await browser.waitUntil(async () => (await textOf(browser, byTestId('staff-office'))).includes('局领导'), {
      timeout: 5000,
      timeoutMsg: 'a leader is not filed under 局领导',
    })
    await browser.keys(['Escape'])
  })

  it('at the largest text size the name, the 索引号 and the selects still fit', async () => {
    await as('张伟')
    await press(byTestId('nav-settings'))
    await press('#tab-display')
    await browser.$(byTestId('font-size-20')).click()
    await press(byTestId('display-save'))
    await browser.waitUntil(
      async () => (await browser.execute(() => getComputedStyle(document.documentElement).getPropertyValue('--app-font-size'))).trim() === '20px',
      { timeout: 5000 },
    )
    await press(byTestId('nav-items'))
    await press('#tab-all')
    await browser.$(byTestId('item-index-cell')).waitForDisplayed({ timeout: 10000 })
    const fit = await browser.execute(() => {
      const brand = document.querySelector('[data-testid="app-title"]')
      const cell = document.querySelector('[data-testid="item-index-cell"]')
      const select = document.querySelector('.filters .el-select__wrapper')
      return {
        brand: brand.scrollWidth <= brand.clientWidth,
        serialLines: Math.round(cell.querySelector('.index-serial').getBoundingClientRect().height / 20),
        selectFont: getComputedStyle(select).fontSize,
        cutPlaceholders: [...document.querySelectorAll('.filters .el-select__placeholder')]
          .filter((p) => p.scrollWidth > p.clientWidth)
          .map((p) => p.innerText),
      }
    })
    assert.ok(fit.brand, 'the name fits the sidebar')
    assert.ok(fit.serialLines <= 1, `the serial part is on one line (${fit.serialLines})`)
    assert.equal(fit.selectFont, '20px')
    assert.deepEqual(fit.cutPlaceholders, [], 'no filter’s placeholder is cut')
    await screenshot(browser, 'items-1366-largest')
    // Back to the normal size for whoever comes next.
    await press(byTestId('nav-settings'))
    await press('#tab-display')
    await browser.$(byTestId('font-size-14')).click()
    await press(byTestId('display-save'))
  })
})
