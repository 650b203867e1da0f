// 断网时的输入: on the LAN, what a person typed while the server was away is kept in this
// browser (localStorage) until the server has it, so closing or reloading the page loses
// nothing. One entry per person and item (a new draft: item `null`), with the revision the
// typing started from, so the save's conflict check still speaks; removed once saved.
import type { ItemInput } from './bindings/ItemInput'

const KEY = 'disclosure-desk.unsaved'

export interface Unsaved {
  user: number
  item: number | null
  /** The item's revision the typing started from (`null`: a new draft). */
  base: string | null
  form: ItemInput
  /** When it was kept, as the person reads it. */
  at: string
}

function all(storage: Storage): Unsaved[] {
  try {
    const list: unknown = JSON.parse(storage.getItem(KEY) ?? '[]')
    return Array.isArray(list) ? (list as Unsaved[]) : []
  } catch {
    return []
  }
}

function write(storage: Storage, list: Unsaved[]) {
  try {
    if (list.length) storage.setItem(KEY, JSON.stringify(list))
    else storage.removeItem(KEY)
  } catch {
    // Storage full or disabled: the page itself still holds the typing.
  }
}

const same = (e: Unsaved, user: number, item: number | null) => e.user === user && e.item === item

export function keepUnsaved(entry: Unsaved, storage: Storage = localStorage) {
  write(storage, [...all(storage).filter((e) => !same(e, entry.user, entry.item)), entry])
}

export function findUnsaved(user: number, item: number | null, storage: Storage = localStorage): Unsaved | null {
  return all(storage).find((e) => same(e, user, item)) ?? null
}

export function dropUnsaved(user: number, item: number | null, storage: Storage = localStorage) {
  const list = all(storage)
  if (list.some((e) => same(e, user, item))) write(storage, list.filter((e) => !same(e, user, item)))
}
