import type { ItemQuery } from '../bindings/ItemQuery'

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
