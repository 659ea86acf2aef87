// Types and calls of the service's /api/v1 (snake_case, as in result.json).

export interface Rejection { code: string; message: string }
export interface RegionShare { name: string; fraction: number }
export interface Finding {
  id: number
  region: string
  regions: RegionShare[]
  volume_mm3: number
  score_sum: number
  max_score: number
  bbox_mm_lps: { min: number[]; max: number[] }
  bbox_voxel: { order: string; min: number[]; max: number[] }
  center_mm_lps: number[]
}
export interface StudyResult {
  input: string
  status: 'ok' | 'rejected' | 'failed'
  rejection?: Rejection
  study_uid: string
  series_uid: string
  verdict?: 'normal' | 'pathology'
  probability_of_pathology?: number
  anomalous_volume_mm3?: number
  findings?: Finding[]
  anatomy?: { lung_volume_ml: { left: number; right: number }; checks: string[] }
  timing_s: Record<string, number>
  model?: { name: string; version: string }
  warnings: string[]
}
export interface Study {
  id: string
  name: string
  status: 'queued' | 'processing' | 'done' | 'rejected' | 'failed'
  stage: string | null
  progress: number
  created_utc: string
  started_utc: string | null
  finished_utc: string | null
  processing_s: number | null
  files: number
  bytes: number
  verdict: string | null
  probability_of_pathology: number | null
  rejection: Rejection | null
  links: Record<string, string>
  result: StudyResult | null
}
export interface Problem { title?: string; detail?: string; code?: string; status?: number }

export const isFinished = (s: Study) => s.status === 'done' || s.status === 'rejected' || s.status === 'failed'

export async function listStudies(): Promise<Study[]> {
  const r = await fetch('/api/v1/studies')
  if (!r.ok) throw new Error(`listing studies failed (${r.status})`)
  return r.json()
}

export async function getStudy(id: string): Promise<Study> {
  const r = await fetch(`/api/v1/studies/${id}`)
  if (!r.ok) throw new Error(((await r.json().catch(() => ({}))) as Problem).detail ?? `study ${id}: ${r.status}`)
  return r.json()
}

export async function deleteStudy(id: string): Promise<void> {
  const r = await fetch(`/api/v1/studies/${id}`, { method: 'DELETE' })
  if (!r.ok && r.status !== 404) throw new Error(((await r.json().catch(() => ({}))) as Problem).detail ?? `delete failed (${r.status})`)
}

/** Uploads one study as multipart/form-data; reports upload progress 0..1. Resolves with the new study or rejects with a Problem. */
export function uploadStudy(files: { file: File; path: string }[], onProgress: (fraction: number) => void): Promise<Study> {
  const form = new FormData()
  for (const f of files) form.append('files', f.file, f.path)
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/api/v1/studies')
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total) }
    xhr.onload = () => {
      let body: unknown = null
      try { body = JSON.parse(xhr.responseText) } catch { /* not JSON */ }
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
    default: return 'The study could not be analysed.'
  }
}
