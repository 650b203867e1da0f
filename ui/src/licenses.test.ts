import { describe, expect, it } from 'vitest'

// The generator is plain Node (it runs `cargo metadata`); loaded by path so the type
// checker does not need declarations for it.
const script = '../scripts/licenses.mjs'

describe('licences shown in 设置 → 关于', () => {
  it('match the current Cargo and npm metadata (run `make licenses` when this fails)', async () => {
    const { generate } = await import(/* @vite-ignore */ script)
    const { default: committed } = await import('./licenses.json')
    expect(committed).toEqual(generate())
  }, 60000)

  it('list the bundled fonts, the app framework and the UI library with a licence each', async () => {
    const { default: data } = await import('./licenses.json')
    expect(data.fonts.map((f) => f.license)).toEqual(['OFL-1.1', 'OFL-1.1'])
    expect(data.crates.some((c) => c.name === 'tauri')).toBe(true)
    expect(data.crates.some((c) => c.name === 'rusqlite')).toBe(true)
    expect(data.npm.some((p) => p.name === 'element-plus' && p.license === 'MIT')).toBe(true)
    // Dev-only tools never reach the installed app.
    expect(data.npm.some((p) => p.name === 'vitest' || p.name === 'vite')).toBe(false)
    expect(data.crates.some((c) => c.name === 'proptest' || c.name === 'criterion')).toBe(false)
    for (const p of [...data.crates, ...data.npm]) expect(p.license, p.name).not.toBe('')
  })
})
