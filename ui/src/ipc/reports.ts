import { call } from './core'
import type { AnnualReport } from '../bindings/AnnualReport'
import type { Assessment } from '../bindings/Assessment'

/** A report file written for the user; `pages` is null for a workbook. */
export interface SavedReport {
  path: string
  pages: number | null
  missing: string
}

export const getAssessment = (year: number, officeId: number | null) =>
  call<Assessment>('report_assessment', { year, officeId })
export const getAnnual = (year: number) => call<AnnualReport>('report_annual', { year })
export const saveAssessment = (year: number, officeId: number | null, format: 'pdf' | 'xlsx') =>
  call<SavedReport | null>('report_assessment_save', { year, officeId, format })
export const saveAnnual = (year: number) => call<SavedReport | null>('report_annual_save', { year })
