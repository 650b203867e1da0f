// Trust in the real window: a drafter of another office cannot open a draft by typing its
// address, the window locks itself after the idle minutes and keeps what was typed, the same
// person unlocks it, and everyone changes their own password from the top bar.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { USER_PASSWORD, byTestId, cli, cliAs, screenshot, signIn, textOf, typeInto } from './harness.mjs'
import { useSuite } from './suite.mjs'

describe('trust', () => {
  let draftId
  const { browser, press, as } = useSuite({
    people: [
      ['张伟', '人事处', 'drafter'],
      ['王芳', '财审处', 'drafter'],
    ],
    async prepare({ dir }) {
      const src = `${dir}/draft.json`
      writeFileSync(
        src,
        JSON.stringify([
          { title: '2027年人事调整方案（草稿）', category: '通知公告', office: '人事处', summary: '内部草稿。', body_html: '<p>内部草稿。</p>' },
        ]),
      )
      const no = JSON.parse(cliAs(dir, '张伟', ['item', 'import', src, '--json'])).created[0]
      draftId = JSON.parse(cli(dir, ['item', 'show', no, '--json', '--user', '管理员'])).id
    },
  })

  /** The value of the input with test id `id` (Element Plus puts the id on the <input>). */
  async function inputValue(id) {
    return browser.execute((id) => {
      const el = document.querySelector(`[data-testid="${id}"]`)
      return el?.value ?? el?.querySelector('input')?.value ?? ''
    }, id)
  }

  it('a drafter of 财审处 (finance) cannot open a 人事处 draft by typing its route', async () => {
    await signIn(browser, '王芳', USER_PASSWORD)
    await browser.execute((to) => (location.hash = to), `#/items/${draftId}`)
    await browser.$(byTestId('item-missing')).waitForDisplayed({ timeout: 15000 })
    const text = await textOf(browser, byTestId('item-missing'))
    assert.match(text, /找不到该事项，或您没有查看它的权限/)
    assert.doesNotMatch(await browser.$('body').getText(), /人事调整方案/)
    await screenshot(browser, 'read-policy-refused')
    // Nor in the list or the search.
    await press(byTestId('nav-items'))
    await browser.pause(1500)
    assert.doesNotMatch(await browser.$('body').getText(), /人事调整方案/)
    // Its own office does read it.
    await as('张伟')
    await browser.execute((to) => (location.hash = to), `#/items/${draftId}`)
    await browser.$(byTestId('page-item-edit')).waitForDisplayed({ timeout: 15000 })
    // The page shows before the item has loaded into the form.
    await browser
      .waitUntil(async () => (await inputValue('field-title')) !== '', { timeout: 15000 })
      .catch(() => {})
    assert.equal(await inputValue('field-title'), '2027年人事调整方案（草稿）')
  })

  it('locks after the idle minutes, keeps the unsaved text and opens for the same person', async () => {
    // The administrator chooses one minute.
    await as('管理员')
    await press(byTestId('nav-settings'))
    await press('#tab-staff')
    const minutes = `${byTestId('auto-lock-minutes')} input, input${byTestId('auto-lock-minutes')}`
    await browser.$(minutes).waitForDisplayed({ timeout: 10000 })
    await typeInto(browser, minutes, '1')
    await browser.keys(['Tab'])
    await browser.waitUntil(async () => /1 分钟无操作自动锁定/.test(await browser.$('body').getText()), {
      timeout: 15000,
      timeoutMsg: 'the auto-lock minutes were not saved',
    })
    await as('张伟')
    await browser.execute((to) => (location.hash = to), `#/items/${draftId}`)
    await browser.$(byTestId('page-item-edit')).waitForDisplayed({ timeout: 15000 })
    await typeInto(browser, byTestId('field-title'), '2027年人事调整方案（修改中，未保存）')
    // A minute without touching anything.
    await browser.$(byTestId('lock-screen')).waitForDisplayed({ timeout: 100000, interval: 2000 })
    assert.match(await textOf(browser, byTestId('lock-screen')), /已锁定[\s\S]*张伟/)
    await screenshot(browser, 'locked')
    await typeInto(browser, byTestId('unlock-password'), 'wrong-pass-123')
    await press(byTestId('unlock-submit'))
    await browser.waitUntil(async () => /姓名或密码不正确/.test(await textOf(browser, byTestId('lock-screen'))), {
      timeout: 15000,
    })
    await typeInto(browser, byTestId('unlock-password'), USER_PASSWORD)
    await press(byTestId('unlock-submit'))
    await browser.$(byTestId('lock-screen')).waitForDisplayed({ reverse: true, timeout: 15000 })
    assert.equal(await inputValue('field-title'), '2027年人事调整方案（修改中，未保存）', 'the text typed is still there')
  })

  it('changes one’s own password from the top bar', async () => {
    await press(byTestId('change-password-open'))
    await browser.$(byTestId('change-password')).waitForDisplayed({ timeout: 10000 })
    await typeInto(browser, byTestId('password-current'), USER_PASSWORD)
    await typeInto(browser, byTestId('password-next'), 'zhangwei-2027')
    await typeInto(browser, byTestId('password-again'), 'zhangwei-2027')
    await press(byTestId('password-submit'))
    await browser.waitUntil(async () => /拼音/.test(await textOf(browser, byTestId('change-password'))), {
      timeout: 15000,
      timeoutMsg: 'a password with the name in pinyin was accepted',
    })
    await typeInto(browser, byTestId('password-next'), 'chunlan-3lou-dong')
    await typeInto(browser, byTestId('password-again'), 'chunlan-3lou-dong')
    await press(byTestId('password-submit'))
    await browser.$(byTestId('change-password')).waitForDisplayed({ reverse: true, timeout: 15000 })
    await as('张伟', 'chunlan-3lou-dong')
    assert.equal(await textOf(browser, byTestId('topbar-user')), '张伟')
  })
})
