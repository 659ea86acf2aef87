// The studies page: drop zone + pickers for a new study, and the list of studies (polled while any is unfinished).
import { deleteStudy, isFinished, listStudies, plainReason, uploadStudy, type Problem, type Study } from './api'
import { ago, h, patientLine, pct } from './dom'
import { state } from './state'
import { filesFromDrop, filesFromInput, withoutJunk, type PickedFile } from './upload'

export function renderList(root: HTMLElement, navigate: (path: string) => void): () => void {
  state.page = 'list'
  state.studyId = null
  const status = h('div', { class: 'upload-status', testid: 'upload-status' })
  const error = h('div', { class: 'upload-error', testid: 'upload-error', hidden: true })
  const fileInput = h('input', { type: 'file', multiple: true, testid: 'file-input', class: 'hidden-input' })
  const folderInput = h('input', { type: 'file', testid: 'folder-input', class: 'hidden-input' })
  folderInput.setAttribute('webkitdirectory', '')
  const drop = h('section', { class: 'dropzone', testid: 'dropzone' },
    h('strong', {}, 'Drop a study here'),
    h('span', {}, 'a folder of DICOM files, the files themselves, a .zip, or a NIfTI (.nii / .nii.gz) — one study at a time'),
    h('div', { class: 'buttons' },
      h('button', { type: 'button', onclick: () => fileInput.click() }, 'Choose files or a zip…'),
      h('button', { type: 'button', onclick: () => folderInput.click() }, 'Choose a folder…')),
    fileInput, folderInput, status, error)
  const tbody = h('tbody', {})
  const table = h('table', { class: 'studies', testid: 'studies-table' },
    h('thead', {}, h('tr', {}, ...['Study', 'Status', 'Verdict', 'Probability', 'Received', 'Analysis', ''].map((t) => h('th', {}, t)))),
    tbody)
  const empty = h('p', { class: 'empty', testid: 'studies-empty' }, 'No studies yet.')
  root.replaceChildren(drop, h('h2', {}, 'Studies'), table, empty)

  const send = async (picked: PickedFile[]) => {
    const files = withoutJunk(picked)
    error.hidden = true
    if (files.length === 0) { showError({ detail: 'nothing to upload' }); return }
    const mb = files.reduce((a, f) => a + f.file.size, 0) / 1048576
    status.textContent = `Uploading ${files.length} file(s), ${mb.toFixed(1)} MB…`
    try {
      await uploadStudy(files, (f) => { status.textContent = `Uploading ${files.length} file(s), ${mb.toFixed(1)} MB… ${(f * 100).toFixed(0)} %` })
      status.textContent = 'Uploaded; the study is queued for analysis.'
      shown = ''
      await refresh()
    } catch (e) {
      status.textContent = ''
      showError(e as Problem)
    }
  }
  const showError = (p: Problem) => {
    error.hidden = false
    error.textContent = `Not accepted: ${p.code ? plainReason(p.code) : ''} ${p.detail ?? ''}`.trim()
  }
  fileInput.addEventListener('change', () => { void send(filesFromInput(fileInput)); fileInput.value = '' })
  folderInput.addEventListener('change', () => { void send(filesFromInput(folderInput)); folderInput.value = '' })
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over') })
  drop.addEventListener('dragleave', () => drop.classList.remove('over'))
  drop.addEventListener('drop', (e) => {
    e.preventDefault()
    drop.classList.remove('over')
    if (e.dataTransfer) void filesFromDrop(e.dataTransfer).then(send)
  })

  let timer = 0
  let stopped = false
  let shown = ''
  const refresh = async () => {
    let studies: Study[]
    try { studies = await listStudies() } catch { return }
    if (stopped) return
    state.studies = studies.length
    empty.hidden = studies.length > 0
    // Re-render only when something changed, so rows stay put under the pointer.
    const signature = JSON.stringify(studies.map((s) => [s.id, s.status, s.stage, s.progress, s.verdict, s.processing_s]))
    if (signature === shown) return
    shown = signature
    tbody.replaceChildren(...studies.map((s) => row(s, navigate, refresh)))
  }
  const loop = async () => {
    await refresh()
    if (!stopped) timer = window.setTimeout(loop, 1500)
  }
  void loop()
  return () => { stopped = true; window.clearTimeout(timer) }
}

function row(s: Study, navigate: (path: string) => void, refresh: () => Promise<void>): HTMLTableRowElement {
  const open = () => navigate(`/study/${s.id}`)
  const statusCell = s.status === 'processing' || s.status === 'queued'
    ? h('td', {}, h('span', { class: `status ${s.status}` }, s.status === 'queued' ? 'queued' : `${s.stage ?? 'processing'}`),
        h('progress', { max: 100, value: s.progress }), h('span', { class: 'muted' }, ` ${s.progress.toFixed(0)} %`))
    : h('td', {}, h('span', { class: `status ${s.status}` }, s.status))
  const verdict = s.verdict
    ? h('span', { class: `verdict ${s.verdict}`, testid: 'row-verdict' }, s.verdict === 'pathology' ? 'needs a radiologist first' : 'normal')
    : s.rejection ? h('span', { class: 'verdict rejected', testid: 'row-verdict', title: s.rejection.message }, plainReason(s.rejection.code)) : h('span', { class: 'muted' }, '—')
  const del = h('button', { type: 'button', class: 'link', title: 'Delete this study and its files', onclick: async (e: Event) => {
    e.stopPropagation()
    if (!confirm(`Delete study "${s.name}"?`)) return
    await deleteStudy(s.id).catch((err: Error) => alert(err.message))
    await refresh()
  } }, 'delete')
  const tr = h('tr', { testid: 'study-row', 'data-status': s.status, 'data-id': s.id, class: isFinished(s) ? 'clickable' : '' },
    h('td', {}, h('a', { href: `/study/${s.id}`, onclick: (e: Event) => { e.preventDefault(); open() } }, s.patient?.name ?? s.name),
      s.patient ? h('div', { class: 'small', testid: 'row-patient' }, patientLine(s.patient)) : null,
      h('div', { class: 'muted small' }, `${s.patient ? `${s.name} · ` : ''}${s.files} file(s), ${(s.bytes / 1048576).toFixed(1)} MB`)),
    statusCell,
    h('td', {}, verdict),
    h('td', { testid: 'row-probability' }, pct(s.probability_of_pathology)),
    h('td', { title: new Date(s.created_utc).toLocaleString() }, ago(s.created_utc)),
    h('td', {}, s.processing_s === null ? '—' : `${s.processing_s.toFixed(1)} s`),
    h('td', {}, del))
  tr.addEventListener('click', open)
  return tr
}
