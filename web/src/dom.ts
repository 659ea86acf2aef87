// Tiny DOM helpers: build elements without a framework.

import type { PatientInfo } from './api'

type Attrs = Record<string, string | number | boolean | ((e: Event) => void) | undefined>

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | null | undefined)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v)
    else if (k === 'class') el.className = String(v)
    else if (k === 'testid') el.setAttribute('data-testid', String(v))
    else if (v === true) el.setAttribute(k, '')
    else el.setAttribute(k, String(v))
  }
  for (const c of children) if (c !== null && c !== undefined) el.append(c)
  return el
}

export const pct = (p: number | null | undefined) => (p === null || p === undefined ? '—' : `${(p * 100).toFixed(0)} %`)

export function ago(iso: string): string {
  const s = (Date.now() - Date.parse(iso)) / 1000
  if (s < 60) return 'just now'
  if (s < 3600) return `${Math.floor(s / 60)} min ago`
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`
  return new Date(iso).toLocaleString()
}

export const regionName = (r: string) =>
  r.replace(/_/g, ' ').replace(/^right lung /, 'right lung, ').replace(/^left lung /, 'left lung, ').replace(/pleura chest wall/, 'pleura / chest wall')

/** ID, sex/age, study date, accession and series in one line (what a reader checks to know whose scan it is). */
export function patientLine(p: PatientInfo): string {
  const sexAge = [p.sex, p.age].filter(Boolean).join(' / ')
  return [p.id && `ID ${p.id}`, sexAge, p.study_date && `study ${p.study_date}`, p.accession_number && `acc. ${p.accession_number}`, p.series_description]
    .filter(Boolean).join(' · ')
}
