// The study page: verdict, findings, downloads, and NiiVue planes with window presets and the anomaly overlay.
import { getStudy, isFinished, plainReason, type Finding, type Study } from './api'
import { h, patientLine, pct, regionName } from './dom'
import { lpsToRas } from './geometry'
import { fetchNifti } from './nifti'
import { PlaneViewer, type Layout, type RasBox } from './planes'
import { state } from './state'

/** One-click windows (width, level) in HU. */
export const PRESETS: Record<string, { label: string; width: number; level: number }> = {
  lung: { label: 'Lung', width: 1500, level: -600 },
  mediastinum: { label: 'Mediastinum', width: 400, level: 40 },
  bone: { label: 'Bone', width: 1800, level: 400 },
}

export function renderStudy(root: HTMLElement, id: string, navigate: (path: string) => void): () => void {
  state.page = 'study'
  state.studyId = id
  state.loaded = false
  state.loadMs = null
  state.openMs = null
  state.firstImageMs = null
  state.windowChangeMs = null
  state.selectedFinding = null
  const opened = performance.now()
  let stopped = false
  let timer = 0
  const back = h('a', { href: '/', class: 'back', onclick: (e: Event) => { e.preventDefault(); navigate('/') } }, '← all studies')
  const title = h('h2', { testid: 'study-title' }, '…')
  const body = h('div', {})
  root.replaceChildren(back, title, body)

  const poll = async () => {
    let s: Study
    try { s = await getStudy(id) } catch (e) {
      body.replaceChildren(h('p', { class: 'upload-error' }, (e as Error).message))
      return
    }
    if (stopped) return
    // Whose scan, when the DICOM said and identifiers were not stripped; otherwise the upload's name (or the study id).
    title.replaceChildren(s.patient?.name ?? s.name)
    if (s.patient && !root.querySelector('[data-testid=patient]')) title.after(h('div', { class: 'patient', testid: 'patient' }, patientLine(s.patient), s.patient.study_description ? ` · ${s.patient.study_description}` : ''))
    if (!isFinished(s)) {
      body.replaceChildren(h('p', { testid: 'study-progress' }, `${s.status === 'queued' ? 'Waiting in the queue' : `Analysing: ${s.stage ?? ''}`} — `,
        h('progress', { max: 100, value: s.progress }), ` ${s.progress.toFixed(0)} %`))
      timer = window.setTimeout(poll, 1000)
      return
    }
    if (s.status !== 'done' || !s.result) { body.replaceChildren(rejected(s)); return }
    void showResult(body, s, () => stopped, opened).then(() => { if (state.loaded) state.openMs = Math.round(performance.now() - opened) })
  }
  void poll()
  return () => { stopped = true; window.clearTimeout(timer) }
}

function rejected(s: Study): HTMLElement {
  const code = s.rejection?.code
  return h('section', { class: 'verdict-banner rejected', testid: 'rejection' },
    h('strong', { testid: 'verdict' }, s.status === 'failed' ? 'Not analysed: the program failed on this study.' : `Not analysed: ${plainReason(code)}`),
    h('p', {}, s.rejection?.message ?? ''),
    h('p', { class: 'muted small' }, `code: ${code ?? 'unknown'}`),
    s.links['result.json'] ? h('a', { href: s.links['result.json'], download: true, testid: 'download-json' }, 'result.json') : null)
}

async function showResult(body: HTMLElement, s: Study, isStopped: () => boolean, opened: number) {
  const r = s.result!
  const findings = r.findings ?? []
  const pathology = r.verdict === 'pathology'
  const banner = h('section', { class: `verdict-banner ${r.verdict}` },
    h('strong', { testid: 'verdict' }, pathology
      ? `Needs a radiologist first — unusual regions found (probability of pathology ${pct(r.probability_of_pathology)})`
      : `Looks normal — can wait for routine reading (probability of pathology ${pct(r.probability_of_pathology)})`),
    h('div', { class: 'small', testid: 'volume-summary' }, volumeSummary(r)),
    // What the verdict speaks for (result.json scored): a normal verdict says nothing about the regions not scored.
    r.scored ? h('div', { class: 'small', testid: 'scored-region' }, r.scored.description) : null,
    h('div', { class: 'muted small' }, `model ${r.model?.name ?? '?'} ${r.model?.version ?? ''}`))

  const canvas = h('canvas', { testid: 'viewer-canvas' })
  const labels = h('canvas', { class: 'labels' })
  const wl = h('span', { class: 'wl', testid: 'window-readout' }, '')
  const loading = h('div', { class: 'loading', testid: 'loading' }, 'Loading images…')
  const presetButtons = Object.entries(PRESETS).map(([key, p]) =>
    h('button', { type: 'button', testid: `preset-${key}`, title: `W ${p.width} / L ${p.level}`, onclick: () => applyPreset(key) }, p.label))
  const layouts: [Layout, string][] = [['multiplanar', '4 panes'], ['axial', 'Axial'], ['coronal', 'Coronal'], ['sagittal', 'Sagittal']]
  const layoutButtons = layouts.map(([key, label]) => h('button', { type: 'button', testid: `layout-${key}`, onclick: () => setLayout(key) }, label))
  const overlayToggle = h('input', { type: 'checkbox', checked: true, testid: 'overlay-toggle' })
  const boxesToggle = h('input', { type: 'checkbox', checked: true, testid: 'boxes-toggle' })
  const opacity = h('input', { type: 'range', min: 0, max: 1, step: 0.05, value: state.opacity, testid: 'overlay-opacity' })
  // The map is drawn at the model's own voxel threshold (result.json voxel_threshold); the slider starts there. A result
  // that names none (written before the field existed) shows no map rather than one at a guessed threshold.
  state.threshold = r.voxel_threshold ?? null
  const threshold = h('input', { type: 'range', min: 0, max: 1, step: 0.01, value: state.threshold ?? 0, disabled: state.threshold === null, testid: 'threshold',
    title: state.threshold === null ? 'this result names no voxel threshold' : `the model's voxel threshold is ${state.threshold.toFixed(2)}` })
  const thresholdLabel = h('span', { testid: 'threshold-value' }, state.threshold?.toFixed(2) ?? '—')
  const tools = h('div', { class: 'tools' },
    h('div', { class: 'group' }, ...layoutButtons),
    h('div', { class: 'group' }, h('span', { class: 'muted' }, 'Window'), ...presetButtons, wl),
    h('div', { class: 'group' },
      h('label', {}, overlayToggle, ' anomaly map'), h('label', {}, ' opacity ', opacity),
      h('label', {}, ' threshold ', threshold, thresholdLabel), h('label', {}, boxesToggle, ' boxes')))
  const findingList = h('ol', { class: 'findings', testid: 'findings' },
    ...findings.map((f, i) => h('li', {}, h('button', { type: 'button', testid: 'finding', 'data-index': i, onclick: () => jumpTo(f, i) },
      h('span', { class: 'finding-number' }, `${f.id}`),
      h('strong', {}, regionName(f.region)),
      h('div', { class: 'small', testid: 'finding-numbers' }, findingNumbers(f)),
      f.regions.length > 1 ? h('div', { class: 'small regions' }, f.regions.filter((x) => x.fraction >= 0.005).map((x) => `${regionName(x.name)} ${(x.fraction * 100).toFixed(0)} %`).join(', ')) : null))))
  const lungs = r.anatomy ? h('p', { class: 'small muted' }, `Lung volume: right ${r.anatomy.lung_volume_ml.right.toFixed(0)} ml, left ${r.anatomy.lung_volume_ml.left.toFixed(0)} ml`) : null
  const downloads = h('div', { class: 'downloads' },
    s.links['report.pdf'] ? h('a', { class: 'button', href: s.links['report.pdf'], testid: 'download-pdf' }, 'Report (PDF)') : null,
    h('a', { class: 'button', href: s.links['result.json'], download: true, testid: 'download-json' }, 'result.json'),
    h('a', { class: 'button', href: '/api/v1/export.xlsx', testid: 'download-lct' }, 'LCT table (xlsx)'),
    s.links['volume.nii.gz'] ? h('a', { class: 'button', href: s.links['volume.nii.gz'] }, 'Volume (NIfTI)') : null)
  const side = h('aside', {}, h('h3', {}, findings.length ? 'Findings (numbers as on the boxes; click to go there)' : 'No findings'), findingList, lungs,
    r.warnings.length ? h('p', { class: 'small muted' }, r.warnings.join('; ')) : null, downloads,
    h('p', { class: 'small muted help' }, 'Wheel: scroll slices · left click: move crosshair · right drag (or shift + left drag): window/level · positions are DICOM patient coordinates (LPS)'))
  body.replaceChildren(banner, tools, h('div', { class: 'study-layout' }, h('div', { class: 'canvas-box' }, canvas, labels, loading), side))

  const started = performance.now()
  let viewer: PlaneViewer
  try { viewer = new PlaneViewer(canvas, labels) } catch (e) { loading.textContent = `The images cannot be shown: ${(e as Error).message}`; return }
  const attached = performance.now()
  // Boxes: LPS in result.json, RAS for the panes (x and y change sign, so min and max swap).
  viewer.boxes = findings.map((f): RasBox => ({
    id: f.id,
    min: [-f.bbox_mm_lps.max[0], -f.bbox_mm_lps.max[1], f.bbox_mm_lps.min[2]],
    max: [-f.bbox_mm_lps.min[0], -f.bbox_mm_lps.min[1], f.bbox_mm_lps.max[2]],
  }))
  viewer.overlay = state.threshold === null ? null : { on: true, opacity: state.opacity, threshold: state.threshold }

  const updateState = () => {
    if (!viewer.volume) return
    state.voxel = viewer.cursorVoxel()
    state.slice = state.voxel[2]
    state.window = { ...viewer.window }
    wl.textContent = `W ${viewer.window.width} / L ${viewer.window.level}`
  }
  const applyPreset = (key: string) => {
    const p = PRESETS[key]
    const t0 = performance.now()
    viewer.window = { width: p.width, level: p.level }
    state.preset = key
    presetButtons.forEach((b) => b.classList.toggle('active', b.dataset.testid === `preset-${key}`))
    viewer.draw()
    state.windowChangeMs = Math.round(performance.now() - t0)
    updateState()
  }
  const setLayout = (key: Layout) => {
    viewer.layout = key
    state.layout = key
    layoutButtons.forEach((b) => b.classList.toggle('active', b.dataset.testid === `layout-${key}`))
    viewer.draw()
  }
  const applyOverlay = () => {
    state.overlay = overlayToggle.checked
    state.opacity = Number(opacity.value)
    if (state.threshold !== null) {
      state.threshold = Number(threshold.value)
      thresholdLabel.textContent = state.threshold.toFixed(2)
      viewer.overlay = { on: state.overlay, opacity: state.opacity, threshold: state.threshold }
    }
    viewer.showBoxes = boxesToggle.checked
    viewer.requestDraw()
  }
  const select = (index: number) => {
    state.selectedFinding = index
    findingList.querySelectorAll('button').forEach((b, i) => b.classList.toggle('active', i === index))
  }
  const jumpTo = (f: Finding, index: number) => {
    viewer.cursor = lpsToRas(f.center_mm_lps)
    select(index)
    viewer.draw()
    updateState()
  }
  overlayToggle.addEventListener('change', applyOverlay)
  boxesToggle.addEventListener('change', applyOverlay)
  opacity.addEventListener('input', applyOverlay)
  threshold.addEventListener('input', applyOverlay)
  viewer.onChange = (why) => {
    if (why === 'window') { state.preset = null; presetButtons.forEach((b) => b.classList.remove('active')) }
    updateState()
  }
  state.preset = 'lung'
  presetButtons[0].classList.add('active')
  layoutButtons[0].classList.add('active')

  // A reduced-resolution CT first (a few MB: the first image within a second or two), then the full CT and the
  // anomaly map. Links carry the file's version, so the browser keeps them and a second opening downloads nothing.
  const fullUrl = s.links['volume.nii.gz']
  const previewUrl = s.links['volume-preview.nii.gz']
  const showFirst = (what: string) => {
    // Open at finding #1 (the list is sorted by weight) with the crosshair on its centre; otherwise at the volume centre.
    if (findings.length) { viewer.cursor = lpsToRas(findings[0].center_mm_lps); select(0) }
    viewer.draw()
    updateState()
    state.firstImageMs = Math.round(performance.now() - opened)
    state.firstImage = what
    loading.textContent = 'Loading full resolution…'
    loading.classList.add('corner')
  }
  try {
    let kb = 0
    const progress = (n: number) => { if (n - kb > 2048 * 1024) { kb = n; loading.textContent = `Loading images… ${(n / 1048576).toFixed(0)} MB` } }
    if (previewUrl) {
      viewer.setCt(await fetchNifti(previewUrl, progress))
      if (isStopped()) return
      showFirst('preview')
    }
    const query = new URLSearchParams(location.search)
    const scores = s.links['anomaly.nii.gz'] && query.get('overlay') !== '0' ? fetchNifti(s.links['anomaly.nii.gz']) : null
    const ct = await fetchNifti(fullUrl, previewUrl ? undefined : progress)
    if (isStopped()) return
    const fetched = performance.now()
    const cursor = viewer.cursor
    viewer.setCt(ct)
    viewer.cursor = cursor
    if (scores) viewer.setScores(await scores)
    if (isStopped()) return
    if (state.firstImageMs === null) showFirst('full')
    else { viewer.draw(); updateState() }
    state.timings = { attachMs: Math.round(attached - started), volumesMs: Math.round(fetched - attached), restMs: Math.round(performance.now() - fetched) }
  } catch (e) {
    loading.textContent = `The images could not be loaded: ${(e as Error).message}`
    loading.classList.remove('corner')
    return
  }
  loading.remove()
  state.loaded = true
  state.loadMs = Math.round(performance.now() - started)
  state.drawMs = Math.round(viewer.lastDrawMs)
  canvas.dataset.loaded = 'true'
}

/** Millilitres, the one volume unit of the page (as in the PDF, SR and LCT table). */
export const ml = (mm3: number) => `${(mm3 / 1000).toFixed(mm3 < 10_000 ? 2 : 1)} ml`

/** The study's anomalous volume, its limit and how the findings add up to it. */
function volumeSummary(r: NonNullable<Study['result']>): string {
  const total = r.anomalous_volume_mm3 ?? 0
  const findings = r.findings ?? []
  const limit = r.volume_limit_mm3
  const parts = [`${ml(total)} of unusual tissue${limit != null ? ` (limit ${ml(limit)})` : ''}`]
  if (findings.length && findings.every((f) => f.anomalous_volume_mm3 != null)) {
    const listed = findings.map((f) => `#${f.id} ${ml(f.anomalous_volume_mm3!)}`).join(' + ')
    const rest = r.other_anomalous_volume_mm3 ?? 0
    parts.push(`= ${listed}${rest > 0 ? ` + ${ml(rest)} in regions too small or too many to list` : ''}`)
  } else parts.push(`${findings.length} finding(s)`)
  return parts.join(' ')
}

/** One finding's measurements: its share of the anomalous volume, extent, longest diameter and slices. */
function findingNumbers(f: Finding): string {
  const parts = [f.anomalous_volume_mm3 != null ? `${ml(f.anomalous_volume_mm3)} unusual` : `${ml(f.volume_mm3)}`]
  if (f.longest_diameter_mm != null) parts.push(`${f.longest_diameter_mm.toFixed(0)} mm long`)
  if (f.slice_range) parts.push(f.slice_range[0] === f.slice_range[1] ? `slice ${f.slice_range[0]}` : `slices ${f.slice_range[0]}–${f.slice_range[1]}`)
  parts.push(`max score ${f.max_score.toFixed(2)}`)
  return parts.join(' · ')
}
