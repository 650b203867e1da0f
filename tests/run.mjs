// Runs the end-to-end test files of a folder one at a time:
//   node run.mjs <folder> [minutes per test] [minutes per file]      (defaults: 5 and 10)
//
// Each file runs in its own `node --test` with a time limit per test and one for the
// file, so a hang fails that file with its name instead of eating the whole stage's time.
// A file whose browser engine crashed under it (WebKitWebProcess or a chromium tab:
// "page crash") runs once more, said plainly in the output: that is the engine's fault,
// not the software's, and a crash twice in a row still fails. Between files, whatever a
// failed file left running (the app, drivers, chromium, `disclosure serve`) is stopped.
import { spawn, spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import path from 'node:path'

const dir = process.argv[2]
if (!dir) {
  console.error('用法：node run.mjs <测试目录>')
  process.exit(2)
}
const TEST_TIMEOUT_MS = Number(process.argv[3] ?? 5) * 60 * 1000
const FILE_TIMEOUT_MS = Number(process.argv[4] ?? 10) * 60 * 1000
const CRASHED = /page crash|tab crashed|WebKitWebProcess.*(crash|terminated)/i

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.mjs'))
  .sort()
  .map((f) => path.join(dir, f))

/** Runs one file; resolves to { code, output }. Its output streams through as it comes. */
function runFile(file) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--test', '--test-concurrency=1', `--test-timeout=${TEST_TIMEOUT_MS}`, file],
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    )
    let output = ''
    const take = (sink) => (chunk) => {
      output += chunk
      sink.write(chunk)
    }
    child.stdout.on('data', take(process.stdout))
    child.stderr.on('data', take(process.stderr))
    const timer = setTimeout(() => {
      output += `\n${file}: 超过 ${FILE_TIMEOUT_MS / 60000} 分钟未结束，已停止\n`
      console.error(`==> ${file} 超过 ${FILE_TIMEOUT_MS / 60000} 分钟未结束，停止它`)
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {}
    }, FILE_TIMEOUT_MS)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code: code ?? (signal ? 1 : 0), output })
    })
  })
}

/** This runner and the processes that started it (make, the shell, xvfb-run): never stopped. */
function ancestors() {
  const seen = new Set()
  for (let pid = process.pid; pid > 1 && !seen.has(pid); ) {
    seen.add(pid)
    const stat = spawnSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim()
    pid = Number(stat) || 0
  }
  return seen
}

/** Stops what a failed file may have left behind, and shows what that was. */
function clearLeftovers() {
  const pattern = 'disclosure-desk|tauri-driver|WebKitWebDriver|chromedriver|chromium.*--headless|disclosure serve'
  const keep = ancestors()
  const left = spawnSync('pgrep', ['-af', pattern], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((line) => line.trim() && !line.includes('<defunct>') && !keep.has(Number(line.split(' ')[0])))
  if (!left.length) return
  console.error(`==> 上一个测试文件留下的进程（将停止）：\n${left.join('\n')}`)
  for (const line of left) {
    try {
      process.kill(Number(line.split(' ')[0]), 'SIGKILL')
    } catch {}
  }
}

const failed = []
for (const file of files) {
  const started = Date.now()
  let { code, output } = await runFile(file)
  if (code !== 0 && CRASHED.test(output)) {
    clearLeftovers()
    console.error(`==> ${file}：浏览器引擎的页面进程崩溃（不是本软件的错误），重跑这个文件一次`)
    ;({ code } = await runFile(file))
  }
  const seconds = Math.round((Date.now() - started) / 1000)
  console.error(`==> ${file}：${code === 0 ? '通过' : '未通过'}（${seconds} 秒）`)
  if (code !== 0) {
    failed.push(file)
    clearLeftovers()
  }
}
if (failed.length) {
  console.error(`==> 未通过的测试文件：${failed.join('、')}`)
  process.exit(1)
}
