// Dates as the design asks: `2026年11月27日` in text, `2026-11-27` in tables and files.

function parts(d: Date | string): [number, number, number] | null {
  if (typeof d === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d)
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null
  }
  return Number.isNaN(d.getTime()) ? null : [d.getFullYear(), d.getMonth() + 1, d.getDate()]
}

export function dateText(d: Date | string): string {
  const p = parts(d)
  return p ? `${p[0]}年${p[1]}月${p[2]}日` : ''
}

export function dateCell(d: Date | string): string {
  const p = parts(d)
  return p ? `${p[0]}-${String(p[1]).padStart(2, '0')}-${String(p[2]).padStart(2, '0')}` : ''
}

/** A file size as people read it: `512 B`, `3.4 KB`, `12 MB`. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB']
  let v = bytes / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`
}
