// Types and calls of the service's /api/v1 (snake_case, as in result.json). The response types are generated from the
// server's OpenAPI document (openapi.json, kept equal to /openapi/v1.json by OpenApiDocumentTests) into api-schema.d.ts
// by `npm run build`; only the problem+json body, which the document does not describe, is written here.

import type { components } from './api-schema'

type Schemas = components['schemas']
export type Rejection = Schemas['Rejection']
export type RegionShare = Schemas['RegionShare']
export type Finding = Schemas['Finding']
/** Whose scan, from the DICOM headers; absent when identifiers were stripped or the input had none (NIfTI). */
export type PatientInfo = Schemas['PatientInfo']
export type StudyResult = Schemas['StudyResult']
export type Study = Schemas['StudyDto']
export type Me = Schemas['CallerDto']
export interface Problem { title?: string; detail?: string; code?: string; status?: number }

export const isFinished = (s: Study) => s.status === 'done' || s.status === 'rejected' || s.status === 'failed'

/** The header the server requires on a logged-in browser's POST/DELETE (a cross-site form cannot send it). */
export const CSRF = { 'X-Requested-With': 'ChestScreener' }

/** Called when the server answers 401 (not logged in, or the login expired). */
let unauthorized: () => void = () => {}
export function onUnauthorized(handler: () => void) { unauthorized = handler }
function check401(r: Response | XMLHttpRequest) { if (r.status === 401) unauthorized() }

/** Who is logged in; null when nobody is (401). */
export async function me(): Promise<Me | null> {
  const r = await fetch('/api/v1/auth/me')
  if (r.status === 401) return null
  if (!r.ok) throw new Error(`the service answered ${r.status}`)
  return r.json()
}

export async function login(name: string, password: string): Promise<Me> {
  const r = await fetch('/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json', ...CSRF }, body: JSON.stringify({ name, password }) })
  const body = await r.json().catch(() => ({}))
  if (!r.ok) throw new Error((body as Problem).detail ?? `login failed (${r.status})`)
  return body as Me
}

export async function logout(): Promise<void> {
  await fetch('/api/v1/auth/logout', { method: 'POST', headers: CSRF })
}

export async function listStudies(): Promise<Study[]> {
  const r = await fetch('/api/v1/studies')
  check401(r)
  if (!r.ok) throw new Error(`listing studies failed (${r.status})`)
  return r.json()
}

export async function getStudy(id: string): Promise<Study> {
  const r = await fetch(`/api/v1/studies/${id}`)
  check401(r)
  if (!r.ok) throw new Error(((await r.json().catch(() => ({}))) as Problem).detail ?? `study ${id}: ${r.status}`)
  return r.json()
}

export async function deleteStudy(id: string): Promise<void> {
  const r = await fetch(`/api/v1/studies/${id}`, { method: 'DELETE', headers: CSRF })
  check401(r)
  if (!r.ok && r.status !== 404) throw new Error(((await r.json().catch(() => ({}))) as Problem).detail ?? `delete failed (${r.status})`)
}

/** Uploads one study as multipart/form-data; reports upload progress 0..1. Resolves with the new study or rejects with a Problem. */
export function uploadStudy(files: { file: File; path: string }[], onProgress: (fraction: number) => void): Promise<Study> {
  const form = new FormData()
  for (const f of files) form.append('files', f.file, f.path)
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/api/v1/studies')
    xhr.setRequestHeader('X-Requested-With', CSRF['X-Requested-With'])
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total) }
    xhr.onload = () => {
      let body: unknown = null
      try { body = JSON.parse(xhr.responseText) } catch { /* not JSON */ }
      check401(xhr)
      if (xhr.status === 202) resolve(body as Study)
      else reject({ status: xhr.status, ...(body as Problem ?? {}) } as Problem)
    }
    xhr.onerror = () => reject({ detail: 'the service could not be reached' } as Problem)
    xhr.send(form)
  })
}

/** Plain words for the rejection codes of result.json and problem+json. */
export function plainReason(code: string | undefined): string {
  switch (code) {
    case 'not_dicom': return 'The files are not DICOM images (nor a zip or NIfTI file of them).'
    case 'corrupt_file': return 'A file is damaged or incomplete.'
    case 'not_ct': return 'The images are not CT images.'
    case 'not_chest': return 'The images do not show a chest.'
    case 'incomplete_series': return 'The series is incomplete: slices are missing.'
    case 'unsupported_encoding': return 'The images are compressed in a way this program cannot read.'
    case 'too_large': return 'The study is too large.'
    case 'internal_error': return 'The program failed on this study.'
    case 'storage_full': return 'The server ran out of disk space while storing this study; ask IT to free space, then upload it again.'
    case 'too_many_attempts': return 'The analysis stopped without a result several times and was given up; ask IT to check the server logs.'
    default: return 'The study could not be analysed.'
  }
}
