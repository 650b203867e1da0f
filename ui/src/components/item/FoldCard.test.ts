import { afterEach, describe, expect, it } from 'vitest'
import { h } from 'vue'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '../../i18n'
import FoldCard from './FoldCard.vue'

// A folding section of the item form: folded, it shows its values in one line; the choice
// is remembered for the next item; a problem inside opens it whatever was chosen.

const card = (mustShow = false) =>
  mount(FoldCard, {
    props: { title: '目录信息', section: 'catalog', summary: '教育 · 主动公开', mustShow },
    slots: { default: () => h('input', { 'data-testid': 'field-topic' }) },
    global: { plugins: [ElementPlus, i18n] },
  })

const folded = (w: ReturnType<typeof card>) => w.find('[data-testid="fold-catalog"]').classes().includes('folded')

afterEach(() => localStorage.clear())

describe('FoldCard', () => {
  it('starts open, folds to a one-line summary and stays folded next time', async () => {
    const first = card()
    expect(folded(first)).toBe(false)
    expect(first.find('[data-testid="fold-catalog-summary"]').exists()).toBe(false)
    await first.find('[data-testid="fold-catalog-toggle"]').trigger('click')
    expect(folded(first)).toBe(true)
    expect(first.find('[data-testid="fold-catalog-summary"]').text()).toBe('教育 · 主动公开')
    expect(first.find('[data-testid="fold-catalog-toggle"]').attributes('aria-expanded')).toBe('false')
    first.unmount()

    const next = card()
    expect(folded(next)).toBe(true)
    await next.find('[data-testid="fold-catalog-toggle"]').trigger('click')
    expect(folded(next)).toBe(false)
    next.unmount()
    expect(folded(card())).toBe(false)
  })

  it('opens by itself while something in it needs fixing', async () => {
    localStorage.setItem('disclosure-desk.fold.0.catalog', '1')
    expect(folded(card(false))).toBe(true)
    expect(folded(card(true))).toBe(false)
  })
})
