// The draft open on 起草 / 编辑公开事项: the item, its form, the lists the form picks from,
// what the core said about it (problems, findings, review rounds, deadline, the paper sheet
// it was opened from), and saving. Ctrl+S saves; while typing, the draft is saved by itself
// every few seconds, and once more when the page is left with unsaved changes.
import { connection, inBrowser, invokeWithFiles } from '../ipc/http'
import { dropUnsaved, findUnsaved, keepUnsaved } from '../unsaved'
import { session } from '../session'
import { computed, onBeforeUnmount, onMounted, reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute, useRouter } from 'vue-router'
import { ElMessageBox } from 'element-plus'
import { getCurrentWebview } from '@tauri-apps/api/webview'
import type { Category } from '../bindings/Category'
import type { Due } from '../bindings/Due'
import type { FindingView } from '../bindings/FindingView'
import type { Item } from '../bindings/Item'
import type { ItemInput } from '../bindings/ItemInput'
import type { Office } from '../bindings/Office'
import type { PlanTask } from '../bindings/PlanTask'
import type { Problem } from '../bindings/Problem'
import type { ReviewHistory } from '../bindings/ReviewHistory'
import type { SheetMatch } from '../bindings/SheetMatch'
import type { Staff } from '../bindings/Staff'
import {
  categoryList,
  itemAddAttachments,
  itemCheck,
  itemCheckDraft,
  itemCreate,
  itemDefaults,
  itemDue,
  itemGet,
  itemList,
  itemSave,
  officeList,
  planList,
  reviewHistory,
  sheetLookup,
  staffList,
} from '../ipc/commands'
import { itemQuery } from '../ipc/items'
import { toAppError } from '../ipc/core'
import { done, failed } from '../notify'

export const AUTOSAVE_MS = 3000
/** How soon after typing stops the form is checked again. */
export const RECHECK_MS = 300

/** A plain deep copy (reactive proxies cannot be structured-cloned). */
export const clone = <T,>(x: T): T => JSON.parse(JSON.stringify(x))

export function useItemDraft() {
  const { t } = useI18n()
  const route = useRoute()
  const router = useRouter()

  const form = ref<ItemInput | null>(null)
  const item = ref<Item | null>(null)
  /** The item asked for does not exist or may not be read: said instead of a blank form. */
  const missing = ref('')
  const errors = reactive<Record<string, string>>({})
  const problems = ref<Problem[] | null>(null)
  const categories = ref<Category[]>([])
  const offices = ref<Office[]>([])
  const staff = ref<Staff[]>([])
  const tasks = ref<PlanTask[]>([])
  const policies = ref<{ id: number; title: string }[]>([])
  /** Whether any 政策文件 exists to interpret (`null` until asked). */
  const anyPolicy = ref<boolean | null>(null)

  /**
   * The policy picker of 政策解读 searches in the core (years of policies are too many to
   * list): the newest 50 of each policy category, or those matching what was typed, plus
   * the policy already chosen.
   */
  async function searchPolicies(text: string) {
    try {
      const policyCats = categories.value.filter((c) => c.code === 'policy' || c.code === 'regulation')
      const pages = await Promise.all(
        policyCats.map((c) => itemList(itemQuery({ category_id: c.id, text, page_size: 50 }))),
      )
      const found = pages.flatMap((p) => p.rows.map((r) => ({ id: r.id, title: r.title.map((s) => s.text).join('') })))
      const chosen = form.value?.extra.interprets_item_id
      if (chosen != null && !found.some((p) => p.id === chosen)) {
        const it = await itemGet(chosen).catch(() => null)
        if (it) found.unshift({ id: it.id, title: it.fields.title })
      }
      policies.value = found
      if (!text) anyPolicy.value = found.length > 0
    } catch (e) {
      failed(e)
    }
  }
  const saving = ref(false)
  /** Why the last save was refused because someone else changed the item meanwhile. */
  const conflict = ref<string | null>(null)
  const dirty = ref(false)
  const lastSaved = ref('')
  /** 提交前自查's automatic findings, shown once the drafter runs the check. */
  const findings = ref<FindingView[] | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  let loading = true

  const categoryCode = computed(
    () => categories.value.find((c) => c.id === form.value?.category_id)?.code ?? '',
  )
  const editable = computed(() => !item.value || item.value.status === 'draft')
  /** The review rounds, so a returned draft shows why, and a withheld one its re-review date. */
  const reviewLog = ref<ReviewHistory | null>(null)

  async function loadReviewLog() {
    reviewLog.value = item.value ? await reviewHistory(item.value.id).catch(() => null) : null
  }
  /** A round was reviewed (not only withdrawn), so there is a sheet to print. */
  const reviewed = computed(() => !!reviewLog.value?.rounds.some((r) => r.outcome !== 'withdrawn'))
  /** 时限: the disclosure deadline and its state. */
  const due = ref<Due | null>(null)
  /** Opened from a paper sheet (按审批表查找): the round it was printed from. */
  const fromSheet = ref<SheetMatch | null>(null)

  async function loadSheetMatch() {
    const text = typeof route.query.sheet === 'string' ? route.query.sheet : ''
    fromSheet.value = text ? await sheetLookup(text).catch(() => null) : null
  }

  /** A field's value, by the name the core gives it (`title`, `extra.comment_end`). */
  function valueAt(field: string): string {
    let v: unknown = form.value
    for (const k of field.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined
    return JSON.stringify(v ?? null)
  }
  /** What each field held when its error was said: changing it takes the error away. */
  const erred: Record<string, string> = {}
  function setError(field: string, message: string) {
    errors[field] = message
    erred[field] = valueAt(field)
  }

  /**
   * Re-checks what is on screen as it is typed (the core's rules, on the unsaved fields):
   * a field's error goes when the field changes, the 还有 N 处需要完善 list follows the form.
   */
  let recheckTimer: ReturnType<typeof setTimeout> | undefined
  function recheck() {
    for (const f of Object.keys(errors)) {
      if (valueAt(f) !== erred[f]) delete errors[f]
    }
    if (!problems.value || !form.value) return
    clearTimeout(recheckTimer)
    recheckTimer = setTimeout(async () => {
      if (!form.value || !problems.value) return
      try {
        problems.value = await itemCheckDraft(item.value?.id ?? null, clone(form.value))
      } catch {
        // Kept as it was: the next save checks again.
      }
    }, RECHECK_MS)
  }

  function problemAt(field: string) {
    return errors[field] || problems.value?.find((p) => p.field === field)?.message || ''
  }

  async function load() {
    loading = true
    findings.value = null
    const id = Number(route.params.id)
    try {
      ;[categories.value, offices.value, tasks.value, staff.value] = await Promise.all([
        categoryList(),
        officeList(false),
        planList(),
        staffList(),
      ])
      missing.value = ''
      if (Number.isFinite(id) && id > 0) {
        try {
          item.value = await itemGet(id)
        } catch (e) {
          const err = toAppError(e)
          if (err.code !== 'not_found') throw err
          item.value = null
          form.value = null
          missing.value = err.message
          return
        }
        form.value = clone(item.value.fields)
        await Promise.all([loadReviewLog(), loadSheetMatch(), itemDue(id).then((d) => (due.value = d)).catch(() => null)])
      } else {
        item.value = null
        reviewLog.value = null
        due.value = null
        form.value = await itemDefaults()
        // 新建政策文件 from a 政策解读 draft opens the new draft on that category.
        const code = typeof route.query.category === 'string' ? route.query.category : ''
        const wanted = categories.value.find((c) => c.code === code)
        if (wanted) form.value.category_id = wanted.id
      }
      await searchPolicies('')
      void offerKept()
    } catch (e) {
      failed(e)
    } finally {
      dirty.value = false
      setTimeout(() => (loading = false))
    }
  }

  /** On the LAN, while the server is away: the typing kept in this browser (see unsaved.ts). */
  function keepLocally() {
    if (!inBrowser || !form.value || !session.user) return
    keepUnsaved({
      user: session.user.id,
      item: item.value?.id ?? null,
      base: item.value?.revision ?? null,
      form: clone(form.value),
      at: new Date().toLocaleString('zh-CN', { hour12: false }),
    })
  }

  /** After opening: typing kept from a time the server was away is offered back, then saved. */
  async function offerKept() {
    if (!inBrowser || !session.user || !form.value || !editable.value) return
    const user = session.user.id
    const kept = findUnsaved(user, item.value?.id ?? null)
    if (!kept) return
    try {
      await ElMessageBox.confirm(t('edit.keptText', { at: kept.at }), t('edit.keptTitle'), {
        type: 'warning',
        confirmButtonText: t('edit.keptRestore'),
        cancelButtonText: t('edit.keptDiscard'),
        distinguishCancelAndClose: true,
      })
    } catch (action) {
      if (action === 'cancel') dropUnsaved(user, kept.item)
      return
    }
    // From the revision the typing started on: someone else's change since is a conflict.
    if (item.value && kept.base) item.value = { ...item.value, revision: kept.base }
    form.value = clone(kept.form)
    dirty.value = true
    await save(true)
  }

  async function save(autosave: boolean) {
    // After a conflict nothing is saved until the person has looked at the other's change.
    if (!form.value || saving.value || !editable.value || conflict.value) return
    clearTimeout(timer)
    for (const k of Object.keys(errors)) delete errors[k]
    // A new draft is created (and gets its 索引号) only once it has a title and a category.
    if (!item.value && autosave && (!form.value.title.trim() || !form.value.category_id)) return
    saving.value = true
    try {
      const sent = clone(form.value)
      const saved = item.value
        ? await itemSave(item.value.id, sent, autosave, item.value.revision)
        : await itemCreate(sent)
      const isNew = !item.value
      if (session.user) dropUnsaved(session.user.id, isNew ? null : saved.item.id)
      item.value = saved.item
      if (JSON.stringify(sent) === JSON.stringify(form.value)) dirty.value = false
      lastSaved.value = new Date().toLocaleTimeString('zh-CN', { hour12: false })
      for (const w of saved.warnings) failedWarning(w)
      if (isNew) {
        await router.replace(`/items/${saved.item.id}`)
        done(t('edit.created', { index: saved.item.index_no }))
      } else if (!autosave) {
        done(t('edit.saved', { version: saved.item.version }))
      }
      if (problems.value) problems.value = await itemCheck(saved.item.id)
    } catch (e) {
      const err = autosave ? toAppError(e) : failed(e)
      if (err.field) setError(err.field, err.message)
      // Someone else saved the item meanwhile: what this person typed stays on screen.
      if (err.code === 'conflict' && item.value) conflict.value = err.message
      if (err.code === 'offline') keepLocally()
    } finally {
      saving.value = false
    }
  }

  /** 载入最新内容: after a conflict, the item as the other person left it (this person's unsaved typing is dropped). */
  async function reloadLatest() {
    conflict.value = null
    await load()
  }

  /**
   * Shows the fields as the desk now holds them (after a mask or a withdrawal made a new
   * version): not an edit of the drafter's, so nothing unsaved and no autosave follows.
   */
  function showStored(fields: ItemInput) {
    loading = true
    clearTimeout(timer)
    form.value = clone(fields)
    dirty.value = false
    setTimeout(() => (loading = false))
  }

  function failedWarning(message: string) {
    ElMessageBox.alert(message, t('edit.warning'), { type: 'warning', confirmButtonText: t('common.ok') })
  }

  // Back online (LAN): what was typed while the server was away is saved now.
  watch(
    () => connection.offline,
    (offline) => {
      if (!offline && dirty.value) save(true)
    },
  )

  watch(
    form,
    () => {
      if (loading) return
      recheck()
      dirty.value = true
      if (connection.offline) keepLocally()
      clearTimeout(timer)
      timer = setTimeout(() => save(true), AUTOSAVE_MS)
    },
    { deep: true },
  )

  // Another item opened in the same page: load it (but not when a new draft just got its id).
  watch(() => route.params.id, (id) => {
    if (!(item.value && Number(id) === item.value.id)) load()
  })
  watch(() => route.query.sheet, loadSheetMatch)

  function keys(e: KeyboardEvent) {
    if (e.ctrlKey && (e.key === 's' || e.key === 'S')) {
      e.preventDefault()
      save(false)
    }
  }

  let unlistenDrop: (() => void) | undefined

  // In a browser (or the app as a LAN client) files dropped on the page are uploaded and
  // attached, as with 添加附件; the server takes no paths of this computer.
  function dragOver(e: DragEvent) {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault()
  }
  async function drop(e: DragEvent) {
    const files = Array.from(e.dataTransfer?.files ?? [])
    if (files.length === 0) return
    e.preventDefault()
    if (!item.value || !editable.value) return
    try {
      const changed = await invokeWithFiles<Item | null>('item_pick_attachments', { id: item.value.id }, files)
      if (changed) item.value = changed
      done(t('edit.attached', { n: files.length }))
    } catch (err) {
      failed(err)
    }
  }

  onMounted(async () => {
    window.addEventListener('keydown', keys)
    load()
    if (inBrowser) {
      window.addEventListener('dragover', dragOver)
      window.addEventListener('drop', drop)
      return
    }
    try {
      // Files dropped on the window are attached to the draft.
      unlistenDrop = await getCurrentWebview().onDragDropEvent(async (event) => {
        if (event.payload.type !== 'drop' || !item.value || !editable.value) return
        try {
          item.value = await itemAddAttachments(item.value.id, event.payload.paths)
          done(t('edit.attached', { n: event.payload.paths.length }))
        } catch (e) {
          failed(e)
        }
      })
    } catch {
      // Outside the app window (unit tests) there is no webview to listen to.
    }
  })

  onBeforeUnmount(() => {
    window.removeEventListener('keydown', keys)
    window.removeEventListener('dragover', dragOver)
    window.removeEventListener('drop', drop)
    unlistenDrop?.()
    if (dirty.value) save(true)
    clearTimeout(timer)
    clearTimeout(recheckTimer)
  })

  return {
    form,
    item,
    missing,
    problems,
    categories,
    offices,
    staff,
    tasks,
    policies,
    anyPolicy,
    saving,
    dirty,
    lastSaved,
    findings,
    showStored,
    categoryCode,
    editable,
    reviewLog,
    reviewed,
    due,
    fromSheet,
    searchPolicies,
    loadReviewLog,
    problemAt,
    save,
    conflict,
    reloadLatest,
  }
}

export type ItemDraft = ReturnType<typeof useItemDraft>
