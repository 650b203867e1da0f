// What the drafter does with the draft open on 起草 / 编辑公开事项 besides editing it:
// 提交前自查 (and showing or masking what it found), submitting for review, withdrawing,
// deleting, and printing the review sheet. `scanning` is true while the self-check or the
// submission scans the attachments, for the page to show its progress (with 取消).
import { h, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { ElMessageBox } from 'element-plus'
import type { FindingView } from '../bindings/FindingView'
import { itemCheck, itemDelete, itemMask, itemRedactAttachment, itemSelfCheck, itemSubmit, itemWithdraw } from '../ipc/commands'
import { selectText } from '../locate'
import * as print from '../print'
import { done, failed } from '../notify'
import type { ItemDraft } from './useItemDraft'

export function useItemActions(draft: ItemDraft) {
  const { t } = useI18n()
  const router = useRouter()
  const { item, problems, findings, dirty, fromSheet, save, showStored, loadReviewLog } = draft
  const scanning = ref(false)

  async function runCheck() {
    if (!item.value) {
      await save(false)
      if (!item.value) return
    } else if (dirty.value) {
      await save(false)
    }
    scanning.value = true
    try {
      ;[problems.value, findings.value] = await Promise.all([itemCheck(item.value!.id), itemSelfCheck(item.value!.id)])
    } catch (e) {
      failed(e)
      return
    } finally {
      scanning.value = false
    }
    if (problems.value.length === 0 && !findings.value.some((f) => f.severity === 'block')) done(t('edit.checkOk'))
  }

  function locate(f: FindingView) {
    if (f.field === 'body_html') {
      selectText(document.querySelector('[data-testid="field-body"] .ProseMirror'), f.match)
    } else if (f.field) {
      const el = document.querySelector<HTMLElement>(`[data-testid="field-${f.field.replace(/_/g, '-')}"]`)
      el?.scrollIntoView({ block: 'center' })
      el?.focus()
    }
  }

  /**
   * What the masking will change, before it is done: the number as written, as it will read,
   * and the sentence after. A 警告-level finding (a landline, an e-mail) is often the
   * office's own published contact: that is said first, and the safe button is 取消.
   */
  function maskPreview(f: FindingView) {
    const row = (label: string, value: string, testid: string) =>
      h('div', { class: 'mask-row' }, [h('span', { class: 'mask-label' }, label), h('code', { 'data-testid': testid }, value)])
    return h('div', { 'data-testid': 'mask-preview' }, [
      f.severity !== 'block' ? h('p', { class: 'mask-warning', 'data-testid': 'mask-warning' }, t('findings.maskWarnLevel', { kind: f.kind_label })) : null,
      h('p', t('findings.maskWhat', { kind: f.kind_label, location: f.location })),
      row(t('findings.maskBefore'), f.match, 'mask-before'),
      row(t('findings.maskAfter'), f.masked ?? '', 'mask-after'),
      row(t('findings.maskReads'), f.excerpt, 'mask-reads'),
      h('p', { class: 'mask-note' }, t('findings.maskNote')),
    ])
  }

  async function mask(f: FindingView) {
    if (!item.value) return
    const deliberate = f.severity !== 'block'
    try {
      await ElMessageBox.confirm(maskPreview(f), t('findings.mask'), {
        type: 'warning',
        customClass: 'mask-confirm',
        confirmButtonText: deliberate ? t('findings.maskAnyway') : t('findings.mask'),
        cancelButtonText: t('common.cancel'),
        confirmButtonClass: deliberate ? 'el-button--warning' : '',
        // Enter must not mask an office's public number by reflex.
        autofocus: !deliberate,
        distinguishCancelAndClose: true,
      })
    } catch {
      return
    }
    try {
      // Edits not yet saved go first, quietly: the one message is the mask's.
      if (dirty.value) await save(true)
      item.value = await itemMask(item.value.id, { text: f.match, kind: f.kind })
      showStored(item.value.fields)
      done(t('findings.maskedDone', { v: item.value.version }))
      findings.value = await itemSelfCheck(item.value.id)
    } catch (e) {
      failed(e)
    }
  }

  /** 一键脱敏 of an attachment: its redacted copy takes its place, as a new version. */
  async function redact(f: FindingView) {
    if (!item.value) return
    const file = item.value.attachments.find((a) => a.name === f.attachment)
    if (!file) return
    try {
      await ElMessageBox.confirm(t('findings.redactWhat', { file: file.name }), t('findings.mask'), {
        type: 'warning',
        confirmButtonText: t('findings.mask'),
        cancelButtonText: t('common.cancel'),
      })
    } catch {
      return
    }
    scanning.value = true
    try {
      if (dirty.value) await save(true)
      const r = await itemRedactAttachment(item.value.id, file.id)
      item.value = r.item
      showStored(r.item.fields)
      done(t('findings.redactedDone', { file: r.file, n: r.count, v: r.item.version }))
      findings.value = await itemSelfCheck(r.item.id)
    } catch (e) {
      failed(e)
    } finally {
      scanning.value = false
    }
  }

  async function submitForReview() {
    if (!item.value) return
    if (dirty.value) await save(false)
    scanning.value = true
    try {
      item.value = await itemSubmit(item.value.id)
      problems.value = null
      findings.value = null
      await loadReviewLog()
      done(t('submitFlow.submitted'))
    } catch (e) {
      failed(e)
      problems.value = await itemCheck(item.value.id).catch(() => null)
    } finally {
      scanning.value = false
    }
  }

  async function withdraw() {
    if (!item.value) return
    try {
      await ElMessageBox.confirm(t('submitFlow.withdrawConfirm'), t('submitFlow.withdraw'), {
        type: 'warning',
        confirmButtonText: t('submitFlow.withdraw'),
        cancelButtonText: t('common.cancel'),
      })
    } catch {
      return
    }
    try {
      item.value = await itemWithdraw(item.value.id)
      showStored(item.value.fields)
      await loadReviewLog()
      done(t('submitFlow.withdrawn'))
    } catch (e) {
      failed(e)
    }
  }

  async function remove() {
    if (!item.value) return
    try {
      await ElMessageBox.confirm(t('edit.deleteConfirm', { index: item.value.index_no }), t('edit.delete'), {
        type: 'warning',
        confirmButtonText: t('edit.delete'),
        cancelButtonText: t('common.cancel'),
      })
    } catch {
      return
    }
    try {
      await itemDelete(item.value.id)
      await router.push('/items')
      done(t('edit.deleted'))
    } catch (e) {
      failed(e)
    }
  }

  /** Opens the review sheet in the PDF viewer, or with `toFile` saves it. */
  function printSheet(toFile: boolean) {
    if (item.value) print.sheets([item.value.id], toFile, fromSheet.value?.round ?? null)
  }

  return { runCheck, locate, mask, redact, submitForReview, withdraw, remove, printSheet, scanning }
}
