// Generates ui/src/licenses.json — the licences of everything the installed app ships —
// from the package metadata, never by hand:
//   - Rust crates: `cargo metadata`, the crates the app and the CLI link on Linux and
//     Windows (normal dependencies, reachable from the workspace members; no dev or build
//     dependencies);
//   - npm packages: ui/package.json's `dependencies` and their dependencies, read from
//     ui/node_modules/*/package.json (dev dependencies do not reach the bundle);
//   - fonts: the font files embedded from src-tauri/core/assets/fonts with the notices in
//     its LICENSE file.
// `node scripts/licenses.mjs` rewrites the file; src/licenses.test.ts fails when it is stale.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ui = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const root = path.resolve(ui, '..')
export const outFile = path.join(ui, 'src/licenses.json')

const TARGETS = ['x86_64-unknown-linux-gnu', 'x86_64-pc-windows-msvc']
const byName = (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version)

function crates() {
  const found = new Map()
  for (const target of TARGETS) {
    const meta = JSON.parse(
      execFileSync(
        'cargo',
        ['metadata', '--format-version', '1', '--locked', '--offline', '--filter-platform', target],
        { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 },
      ),
    )
    const packages = new Map(meta.packages.map((p) => [p.id, p]))
    const nodes = new Map(meta.resolve.nodes.map((n) => [n.id, n]))
    const queue = [...meta.workspace_members]
    const seen = new Set()
    while (queue.length) {
      const id = queue.pop()
      if (seen.has(id)) continue
      seen.add(id)
      for (const dep of nodes.get(id)?.deps ?? []) {
        if (dep.dep_kinds.some((k) => k.kind === null)) queue.push(dep.pkg)
      }
    }
    for (const id of seen) {
      const p = packages.get(id)
      if (meta.workspace_members.includes(id)) continue
      found.set(`${p.name}@${p.version}`, {
        name: p.name,
        version: p.version,
        license: p.license ?? (p.license_file ? `见 ${path.basename(p.license_file)}` : '未声明'),
        source: p.repository ?? p.homepage ?? '',
      })
    }
  }
  return [...found.values()].sort(byName)
}

function npmPackages() {
  const pkgJson = (dir) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))
  // Node's lookup: the package's own node_modules first, then the ones above it.
  const locate = (name, from) => {
    for (let dir = from; dir.startsWith(ui); dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', name)
      if (existsSync(path.join(candidate, 'package.json'))) return candidate
      if (dir === ui) break
    }
    return null
  }
  const found = new Map()
  const queue = Object.keys(pkgJson(ui).dependencies ?? {}).map((name) => [name, ui])
  while (queue.length) {
    const [name, from] = queue.pop()
    const dir = locate(name, from)
    if (!dir || found.has(dir)) continue
    const p = pkgJson(dir)
    const repo = typeof p.repository === 'string' ? p.repository : p.repository?.url
    found.set(dir, {
      name: p.name,
      version: p.version,
      license: (typeof p.license === 'string' ? p.license : p.license?.type) ?? '未声明',
      source: (repo ?? p.homepage ?? '').replace(/^git\+/, '').replace(/\.git$/, ''),
    })
    for (const dep of Object.keys(p.dependencies ?? {})) queue.push([dep, dir])
  }
  const unique = new Map([...found.values()].map((p) => [`${p.name}@${p.version}`, p]))
  return [...unique.values()].sort(byName)
}

function fonts() {
  const dir = path.join(root, 'src-tauri/core/assets/fonts')
  const notice = readFileSync(path.join(dir, 'LICENSE'), 'utf8')
  const license = /SIL OPEN FONT LICENSE Version 1\.1/i.test(notice) ? 'OFL-1.1' : '见 LICENSE'
  const holders = notice.split('\n\n')[0].split('\n')
  return readdirSync(dir)
    .filter((f) => /\.(otf|ttf|ttc)$/i.test(f))
    .sort()
    .map((file) => {
      // NotoSerifCJKsc-Regular.subset.otf → the notice line of "Noto Serif CJK SC Regular".
      const words = file.replace(/\..*$/, '').replace(/CJKsc/, 'CJK SC').replace(/-/g, ' ')
      const spaced = words.replace(/([a-z])([A-Z])/g, '$1 $2')
      const line = holders.find((h) => h.toLowerCase().startsWith(spaced.toLowerCase())) ?? ''
      return {
        name: spaced,
        version: file,
        license,
        source: line.replace(/^[^:]*:\s*/, ''),
      }
    })
}

export function generate() {
  return { fonts: fonts(), crates: crates(), npm: npmPackages() }
}

export const render = (data) => JSON.stringify(data, null, 1) + '\n'

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const data = generate()
  writeFileSync(outFile, render(data))
  console.log(`${outFile}: ${data.fonts.length} 个字体，${data.crates.length} 个 Rust crate，${data.npm.length} 个 npm 包`)
}
