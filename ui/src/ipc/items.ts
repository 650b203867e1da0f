import { call } from './core'
import type { Category } from '../bindings/Category'
import type { RuleLists } from '../bindings/RuleLists'
import type { Due } from '../bindings/Due'
import type { ImportReport } from '../bindings/ImportReport'
import type { Item } from '../bindings/Item'
import type { ItemInput } from '../bindings/ItemInput'
import type { ItemPage } from '../bindings/ItemPage'
import type { ItemQuery } from '../bindings/ItemQuery'
import type { Problem } from '../bindings/Problem'
import type { Saved } from '../bindings/Saved'
import type { VersionDiff } from '../bindings/VersionDiff'
import type { VersionInfo } from '../bindings/VersionInfo'

/** A query for the first page of all items, newest first; callers override what they filter. */
export function itemQuery(over: Partial<ItemQuery> = {}): ItemQuery {
  return {
    scope: 'all',
    text: '',
    category_id: null,
    status: null,
    office_id: null,
    task_id: null,
    validity: null,
    from: null,
    to: null,
    sort: 'updated_desc',
    page: 1,
    page_size: 50,
    ...over,
  }
}

export const listCategories = () => call<Category[]>('category_list')
export const ruleLists = () => call<RuleLists>('rules_lists')
export const itemDue = (id: number) => call<Due | null>('item_due', { id })
export const itemDefaults = () => call<ItemInput>('item_defaults')
export const createItem = (input: ItemInput) => call<Saved>('item_create', { input })
export const saveItem = (id: number, input: ItemInput, autosave: boolean) =>
  call<Saved>('item_save', { id, input, autosave })
export const getItem = (id: number) => call<Item>('item_get', { id })
export const deleteItem = (id: number) => call<void>('item_delete', { id })
export const listItems = (query: ItemQuery) => call<ItemPage>('item_list', { query })
export const checkItem = (id: number) => call<Problem[]>('item_check', { id })
export const itemVersions = (id: number) => call<VersionInfo[]>('item_versions', { id })
export const itemDiff = (id: number, from: number, to: number) =>
  call<VersionDiff>('item_diff', { id, from, to })
export const pickAttachments = (id: number) => call<Item>('item_pick_attachments', { id })
export const addAttachments = (id: number, paths: string[]) =>
  call<Item>('item_add_attachments', { id, paths })
export const removeAttachment = (id: number, attachmentId: number) =>
  call<Item>('item_remove_attachment', { id, attachmentId })
export const openAttachment = (id: number, attachmentId: number) =>
  call<void>('item_open_attachment', { id, attachmentId })
export const importItems = () => call<ImportReport | null>('item_import_pick')
