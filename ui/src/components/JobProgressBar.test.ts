import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '../i18n'
import type { JobProgress } from '../bindings/JobProgress'
import { jobCancel } from '../ipc/commands'
import JobProgressBar from './JobProgressBar.vue'

// A long job's progress with 取消: the stage and count the shell reports, and a cancel
// that can only be pressed once the job has started (the shell clears an old cancel as a
// job starts, so an earlier one would be lost and a restore would run to its end).

let report: (p: JobProgress) => void = () => {}
vi.mock('../ipc/events', () => ({
  onJobProgress: vi.fn(async (f: (p: JobProgress) => void) => {
    report = f
    return () => {}
  }),
}))
vi.mock('../ipc/commands', () => ({ jobCancel: vi.fn(async () => null) }))

const bar = async () => {
  const w = mount(JobProgressBar, { props: { job: 'restore' }, global: { plugins: [ElementPlus, i18n] } })
  await flushPromises()
  return w
}
const cancel = (w: Awaited<ReturnType<typeof bar>>) => w.find('[data-testid="job-cancel-restore"]')

describe('JobProgressBar', () => {
  it('offers 取消 only once the job has reported, then sends it for this job', async () => {
    const w = await bar()
    expect(w.text()).toContain('正在开始')
    expect(cancel(w).attributes('disabled')).toBeDefined()
    await cancel(w).trigger('click')
    expect(jobCancel).not.toHaveBeenCalled()

    report({ job: 'backup', stage: '复制附件', done: 1, total: 8 })
    await flushPromises()
    expect(cancel(w).attributes('disabled')).toBeDefined()

    report({ job: 'restore', stage: '校验备份的附件', done: 2, total: 8 })
    await flushPromises()
    expect(w.text()).toContain('校验备份的附件')
    expect(w.text()).toContain('2 / 8')
    expect(cancel(w).attributes('disabled')).toBeUndefined()
    await cancel(w).trigger('click')
    expect(jobCancel).toHaveBeenCalledWith('restore')
  })
})
