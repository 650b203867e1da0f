import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '../i18n'
import * as commands from '../ipc/commands'
import type { Item } from '../bindings/Item'
import type { ItemInput } from '../bindings/ItemInput'
import ItemEditPage from './ItemEditPage.vue'
import { connection } from '../ipc/http'

// The edit page as the drafter meets it: what it shows, and when the draft is saved — by
// itself 3 s after the last change, at once on Ctrl+S, and once more when the page is left
// with unsaved changes. The core is replaced by canned answers.

vi.mock('../ipc/commands', async (original) => {
  const real = (await original()) as Record<string, unknown>
  return Object.fromEntries(Object.keys(real).map((name) => [name, vi.fn(async () => null)]))
})

// No shell to send job progress or others' changes from (the check shows the scan's
// progress bar; the open item reloads when someone else changes it).
vi.mock('../ipc/events', () => ({
  onJobProgress: vi.fn(async () => () => {}),
  onDeskChanged: vi.fn(async () => () => {}),
}))

// jsdom does no layout: ProseMirror asks a Range for caret rectangles.
Range.prototype.getClientRects ??= () => [] as unknown as DOMRectList
Range.prototype.getBoundingClientRect ??= () => new DOMRect()

const fields = (over: Partial<ItemInput> = {}) =>
  ({
    category_id: 1, title: '关于学籍管理的通知', summary: '', publisher: '', doc_number: '', written_on: null,
    topic: '', keywords: '', publish_mode: 'active', channels: [], validity: 'valid', validity_date: null,
    office_id: 1, handler_id: null, planned_publish_on: null, task_id: null, body_html: '<p>正文</p>',
    extra: {
      budget_components: [], comment_start: null, comment_end: null, feedback_record: '', interprets_item_id: null,
      project_stage: '', inspection_basis: '', inspection_subject: '', inspection_content: '', inspection_method: '',
    },
    ...over,
  }) as ItemInput

const item = (over: Partial<Item> = {}) =>
  ({
    id: 5, index_no: 'JYJ-2026-0005', status: 'draft', fields: fields(), category_code: 'notice', category_name: '通知公告',
    office_name: '法规处', handler_name: null, task_title: null, version: 1, created_by: 1, created_by_name: '张伟',
    created_at: '2026-03-01T10:00:00', updated_at: '2026-03-01T10:00:00',
    attachments: [{ id: 9, name: '预算表.csv', size: 2048, sha256: '' }], revision: 'r1', ...over,
  }) as Item

const mocked = vi.mocked(commands)
let wrapper: VueWrapper | undefined

async function open(url: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/items/:id', component: ItemEditPage }, { path: '/items', component: { render: () => h('div') } }],
  })
  await router.push(url)
  await router.isReady()
  wrapper = mount(defineComponent({ render: () => h(RouterView) }), {
    global: { plugins: [ElementPlus, i18n, router] },
    attachTo: document.body,
  })
  await flushPromises()
  await vi.advanceTimersByTimeAsync(1) // the form's own loading settles
  return wrapper
}

const titleInput = (w: VueWrapper) => w.find('input[data-testid="field-title"], [data-testid="field-title"] input')
const saves = () => mocked.itemSave.mock.calls.map(([, input, autosave]) => [input.title, autosave])

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  mocked.categoryList.mockResolvedValue([{ id: 1, code: 'notice', name: '通知公告', active: true, offices: [] }])
  mocked.officeList.mockResolvedValue([{ id: 1, name: '法规处', sort_order: 1, active: true }])
  mocked.planList.mockResolvedValue([])
  mocked.rulesLists.mockResolvedValue({ budget_components: [], project_stages: [] })
  mocked.staffList.mockResolvedValue([])
  mocked.itemGet.mockResolvedValue(item())
  mocked.itemSave.mockImplementation(async (_id, input) => ({ item: item({ fields: input, version: 2 }), warnings: [] }))
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
  vi.clearAllMocks()
  vi.useRealTimers()
})

describe('ItemEditPage', () => {
  it('shows the item in its header, fields, body and attachments', async () => {
    const w = await open('/items/5')
    expect(w.find('[data-testid="page-item-edit"] h1.page-title').text()).toBe('关于学籍管理的通知')
    expect(w.find('[data-testid="item-index-no"]').text()).toBe('JYJ-2026-0005')
    expect((titleInput(w).element as HTMLInputElement).value).toBe('关于学籍管理的通知')
    expect(w.find('[data-testid="field-body"] .ProseMirror').text()).toBe('正文')
    expect(w.find('[data-testid="attachments"]').text()).toContain('预算表.csv')
    for (const id of ['item-save', 'item-check', 'item-versions', 'item-submit', 'attach', 'save-state']) {
      expect(w.find(`[data-testid="${id}"]`).exists(), id).toBe(true)
    }
  })

  it('saves by itself 3 s after the last change, and at once on Ctrl+S', async () => {
    const w = await open('/items/5')
    await titleInput(w).setValue('改过的标题')
    expect(w.find('[data-testid="save-state"]').text()).toBe('有未保存的修改')
    await vi.advanceTimersByTimeAsync(2900)
    expect(saves()).toEqual([])
    await vi.advanceTimersByTimeAsync(100)
    expect(saves()).toEqual([['改过的标题', true]])
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true }))
    await flushPromises()
    expect(saves()).toEqual([['改过的标题', true], ['改过的标题', false]])
  })

  it('saves over the revision it loaded; after a conflict it keeps the typing and saves nothing more', async () => {
    const w = await open('/items/5')
    mocked.itemSave.mockRejectedValueOnce({ code: 'conflict', message: '这份草稿在您编辑时已被李娜于 10:32 修改。' })
    await titleInput(w).setValue('我改的标题')
    await vi.advanceTimersByTimeAsync(3000)
    await flushPromises()
    expect(mocked.itemSave).toHaveBeenCalledWith(5, expect.objectContaining({ title: '我改的标题' }), true, 'r1')
    expect(w.find('[data-testid="edit-conflict"]').text()).toContain('李娜于 10:32')
    expect((titleInput(w).element as HTMLInputElement).value).toBe('我改的标题')
    await titleInput(w).setValue('接着改')
    await vi.advanceTimersByTimeAsync(3000)
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true }))
    await flushPromises()
    expect(mocked.itemSave).toHaveBeenCalledTimes(1)
    // 载入最新内容: the item as the other left it, and saving again.
    mocked.itemGet.mockResolvedValue(item({ fields: fields({ title: '李娜的标题' }), revision: 'r2' }))
    await w.find('[data-testid="edit-reload-latest"]').trigger('click')
    await flushPromises()
    await vi.advanceTimersByTimeAsync(1)
    expect(w.find('[data-testid="edit-conflict"]').exists()).toBe(false)
    expect((titleInput(w).element as HTMLInputElement).value).toBe('李娜的标题')
  })

  it('keeps what was typed while the server was away and saves it once it is back', async () => {
    const w = await open('/items/5')
    mocked.itemSave.mockRejectedValueOnce({ code: 'offline', message: '连接不上服务器。' })
    await titleInput(w).setValue('断网时写的标题')
    connection.offline = true
    await vi.advanceTimersByTimeAsync(3000)
    await flushPromises()
    expect(saves()).toEqual([['断网时写的标题', true]])
    expect(w.find('[data-testid="save-state"]').text()).toBe('有未保存的修改')
    connection.offline = false
    await flushPromises()
    expect(saves()).toEqual([['断网时写的标题', true], ['断网时写的标题', true]])
  })

  it('says who else has the item open, asking again every 10 s', async () => {
    mocked.itemViewers.mockResolvedValue(['李娜（法规处）'])
    const w = await open('/items/5')
    expect(mocked.itemViewers).toHaveBeenCalledWith(5)
    expect(w.find('[data-testid="item-viewers"]').text()).toContain('李娜（法规处） 也打开着这个事项')
    mocked.itemViewers.mockResolvedValue([])
    await vi.advanceTimersByTimeAsync(10000)
    await flushPromises()
    expect(mocked.itemViewers).toHaveBeenCalledTimes(2)
    expect(w.find('[data-testid="item-viewers"]').exists()).toBe(false)
  })

  it('saves unsaved changes when the page is left', async () => {
    const w = await open('/items/5')
    await titleInput(w).setValue('离开前改的')
    w.unmount()
    wrapper = undefined
    await flushPromises()
    expect(saves()).toEqual([['离开前改的', true]])
  })

  it('re-checks as the drafter types: a filled field is no longer a problem, before any save', async () => {
    mocked.itemCheck.mockResolvedValue([{ field: 'summary', message: '请填写内容概述。' }])
    mocked.itemSelfCheck.mockResolvedValue([])
    const w = await open('/items/5')
    await w.find('[data-testid="item-check"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="problems"]').text()).toContain('请填写内容概述。')
    mocked.itemCheckDraft.mockResolvedValue([])
    await w.find('textarea[data-testid="field-summary"], [data-testid="field-summary"] textarea').setValue('已填写的概述。')
    await vi.advanceTimersByTimeAsync(300)
    await flushPromises()
    expect(mocked.itemCheckDraft).toHaveBeenCalledWith(5, expect.objectContaining({ summary: '已填写的概述。' }))
    expect(w.find('[data-testid="problems"]').exists()).toBe(false)
    expect(saves()).toEqual([])
  })

  it('creates a new draft only once it has a title and a category', async () => {
    mocked.itemDefaults.mockResolvedValue(fields({ title: '', category_id: 0 as number }))
    mocked.itemCreate.mockImplementation(async (input) => ({ item: item({ fields: input }), warnings: [] }))
    const w = await open('/items/new')
    expect(w.find('[data-testid="item-index-no"]').exists()).toBe(false)
    await titleInput(w).setValue('只有标题')
    await vi.advanceTimersByTimeAsync(3100)
    expect(mocked.itemCreate).not.toHaveBeenCalled()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true }))
    await flushPromises()
    expect(mocked.itemCreate).toHaveBeenCalledTimes(1)
    expect(w.find('[data-testid="item-index-no"]').text()).toBe('JYJ-2026-0005')
  })
})
