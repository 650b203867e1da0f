import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus, { ElMessageBox } from 'element-plus'
import { i18n } from '../../i18n'
import BodyEditor from './BodyEditor.vue'
import { makeDocx, para, style } from './docx-fixture'

// jsdom does no layout: ProseMirror asks a Range for caret rectangles when it scrolls the
// selection into view after a toolbar button focuses the editor.
Range.prototype.getClientRects ??= () => [] as unknown as DOMRectList
Range.prototype.getBoundingClientRect ??= () => new DOMRect()
// jsdom's Blob has no arrayBuffer() (the webview's has).
Blob.prototype.arrayBuffer ??= function (this: Blob) {
  return new Promise<ArrayBuffer>((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(reader.result as ArrayBuffer)
    reader.onerror = () => reject(reader.error)
    reader.readAsArrayBuffer(this)
  })
}

let wrapper: VueWrapper | undefined

async function mountEditor(props: Record<string, unknown> = {}) {
  wrapper = mount(BodyEditor, {
    props: { modelValue: '', ...props },
    global: { plugins: [ElementPlus, i18n] },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

const content = (w: VueWrapper) => w.find('.ProseMirror')
const emitted = (w: VueWrapper) => (w.emitted('update:modelValue') ?? []).map((e) => e[0] as string)
const lastEmitted = (w: VueWrapper) => emitted(w)[emitted(w).length - 1]

/** A paste as the webview delivers it: ProseMirror reads the clipboard's HTML. */
function paste(w: VueWrapper, html: string) {
  const event = new Event('paste', { bubbles: true, cancelable: true })
  const data: Record<string, string> = { 'text/html': html, 'text/plain': '' }
  Object.defineProperty(event, 'clipboardData', {
    value: { getData: (type: string) => data[type] ?? '', types: Object.keys(data), files: [], items: [] },
  })
  content(w).element.dispatchEvent(event)
}

/** The toolbar follows the editor two animation frames later (@tiptap/vue-3 batches). */
async function toolbarCatchesUp() {
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
  await flushPromises()
}

/** Chooses a file in the hidden .docx input, as the file dialog would. */
async function chooseFile(w: VueWrapper, file: File) {
  const input = w.find('[data-testid="editor-docx-input"]')
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  await input.trigger('change')
  // mammoth works through several promise chains and a dynamic import.
  await vi.waitFor(() => expect(document.querySelector('.el-message')).not.toBeNull())
}

const messages = () => Array.from(document.querySelectorAll('.el-message')).map((m) => m.textContent)

afterEach(() => {
  document.querySelectorAll('.el-message').forEach((m) => m.remove())
  wrapper?.unmount()
  wrapper = undefined
  vi.restoreAllMocks()
})

describe('BodyEditor', () => {
  it('shows the body it is given and does not echo it back', async () => {
    const w = await mountEditor({ modelValue: '<h1>工作要点</h1><p>各处室：</p>' })
    expect(content(w).find('h1').text()).toBe('工作要点')
    expect(content(w).find('p').text()).toBe('各处室：')
    await w.setProps({ modelValue: '<p>另一份正文</p>' })
    expect(content(w).text()).toBe('另一份正文')
    expect(w.emitted('update:modelValue')).toBeUndefined()
  })

  it('does not undo into the body the parent replaced', async () => {
    const w = await mountEditor({ modelValue: '<p>甲事项正文</p>' })
    await w.find('[data-testid="editor-heading2"]').trigger('click')
    expect(lastEmitted(w)).toBe('<h2>甲事项正文</h2>')
    // The parent opens another item.
    await w.setProps({ modelValue: '<p>乙事项正文</p>' })
    await toolbarCatchesUp()
    await w.find('[data-testid="editor-undo"]').trigger('click')
    expect(content(w).text()).toBe('乙事项正文')
    expect(emitted(w).filter((h) => h.includes('甲'))).toEqual(['<h2>甲事项正文</h2>'])
  })

  it('emits the new HTML when the user formats the text', async () => {
    const w = await mountEditor({ modelValue: '<p>一、总体要求</p>' })
    await w.find('[data-testid="editor-heading2"]').trigger('click')
    expect(lastEmitted(w)).toBe('<h2>一、总体要求</h2>')
    // The parent writes the value back (v-model): nothing more is emitted.
    await w.setProps({ modelValue: lastEmitted(w) })
    expect(emitted(w)).toHaveLength(1)
    expect(content(w).find('h2').exists()).toBe(true)
  })

  it('inserts a 3×3 table with a header row and no inline widths', async () => {
    const w = await mountEditor()
    expect(w.find('[data-testid="editor-deleteTable"]').attributes('disabled')).toBeDefined()
    await w.find('[data-testid="editor-insertTable"]').trigger('click')
    const html = lastEmitted(w)!
    expect(html).not.toMatch(/style|colgroup|colspan|rowspan/)
    const table = new DOMParser().parseFromString(html, 'text/html').querySelector('table')!
    expect(table.querySelectorAll('tr')).toHaveLength(3)
    expect(table.querySelectorAll('tr:first-child > th')).toHaveLength(3)
    expect(table.querySelectorAll('td')).toHaveLength(6)
    await toolbarCatchesUp()
    await w.find('[data-testid="editor-deleteTable"]').trigger('click')
    expect(lastEmitted(w)).toBe('')
  })

  it('cleans a Word paste before it reaches the body', async () => {
    const w = await mountEditor()
    paste(
      w,
      `<p class=MsoNormal style='mso-pagination:none'><span style='font-family:宋体;color:red'>请按要求报送<o:p></o:p></span></p>` +
        `<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>1.&nbsp;</span>起草</p>` +
        `<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>2.&nbsp;</span>审查</p>` +
        `<img src="x" onerror="alert(1)"><script>alert(1)</script>`,
    )
    await flushPromises()
    expect(lastEmitted(w)).toBe('<p>请按要求报送</p><ol><li><p>起草</p></li><li><p>审查</p></li></ol>')
  })

  it('adds a link only for http, https and mailto addresses', async () => {
    const w = await mountEditor()
    vi.spyOn(ElMessageBox, 'prompt').mockResolvedValue({ value: 'www.gov.cn', action: 'confirm' } as never)
    await w.find('[data-testid="editor-link"]').trigger('click')
    await flushPromises()
    expect(lastEmitted(w)).toBe('<p><a href="https://www.gov.cn">https://www.gov.cn</a></p>')

    // The dialog refuses other schemes with a Chinese message.
    const prompt = vi.mocked(ElMessageBox.prompt)
    const validate = prompt.mock.calls[0][2]!.inputValidator!
    expect(validate('javascript:alert(1)')).toBe('链接只能以 http://、https:// 或 mailto: 开头')
    expect(validate('mailto:gk@example.gov.cn')).toBe(true)

    // A body set from outside with a javascript: link does not keep it.
    await w.setProps({ modelValue: '<p><a href="javascript:alert(1)">点击</a></p>' })
    expect(content(w).find('a').exists()).toBe(false)
    expect(content(w).text()).toBe('点击')
  })

  it('is read-only without a toolbar when readonly is set', async () => {
    const w = await mountEditor({ modelValue: '<p>已发布</p>', readonly: true })
    expect(w.find('[role="toolbar"]').exists()).toBe(false)
    expect(content(w).attributes('contenteditable')).toBe('false')
    await w.setProps({ readonly: false })
    expect(w.find('[role="toolbar"]').exists()).toBe(true)
    expect(content(w).attributes('contenteditable')).toBe('true')
    expect(w.emitted('update:modelValue')).toBeUndefined()
  })

  it('shows the Chinese placeholder when empty', async () => {
    const w = await mountEditor()
    expect(content(w).find('p').attributes('data-placeholder')).toContain('在此输入正文')
    wrapper!.unmount()
    const custom = await mountEditor({ placeholder: '请输入公开内容' })
    expect(content(custom).find('p').attributes('data-placeholder')).toBe('请输入公开内容')
  })

  it('imports a .docx after confirming, replacing the body', async () => {
    const w = await mountEditor({ modelValue: '<p>旧正文</p>' })
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
    const buf = await makeDocx(
      para('工作要点', '1') + para('正文内容', 'x'),
      style('1', 'heading 1') + style('x', '正文首行缩进'),
    )
    await chooseFile(w, new File([buf], '工作要点.docx'))
    expect(confirm).toHaveBeenCalledWith('导入将替换当前正文，是否继续？', '导入 Word 文档', expect.anything())
    expect(lastEmitted(w)).toBe('<h1>工作要点</h1><p>正文内容</p>')
    // The unknown paragraph style 'x' is reported; the text is there all the same.
    expect(messages()).toEqual(['已导入“工作要点.docx”。有 1 处格式未能识别，文字已全部导入，请核对。'])
  })

  it('keeps the body when the user does not confirm the import', async () => {
    const w = await mountEditor({ modelValue: '<p>旧正文</p>' })
    vi.spyOn(ElMessageBox, 'confirm').mockRejectedValue('cancel')
    const buf = await makeDocx(para('新内容'), '')
    const input = w.find('[data-testid="editor-docx-input"]')
    Object.defineProperty(input.element, 'files', { value: [new File([buf], 'a.docx')] })
    await input.trigger('change')
    await vi.waitFor(() => expect(ElMessageBox.confirm).toHaveBeenCalled())
    await flushPromises()
    expect(content(w).text()).toBe('旧正文')
    expect(w.emitted('update:modelValue')).toBeUndefined()
  })

  it('says in Chinese when a file is not a .docx', async () => {
    const w = await mountEditor({ modelValue: '<p>旧正文</p>' })
    vi.spyOn(console, 'error').mockImplementation(() => {})
    await chooseFile(w, new File(['{\\rtf1 旧格式}'], '通知.doc'))
    expect(messages()[0]).toContain('无法读取该 Word 文档：“通知.doc”')
    expect(messages()[0]).toContain('只支持 .docx 格式')
    expect(content(w).text()).toBe('旧正文')
  })
})
