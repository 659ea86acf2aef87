// The study page: verdict, findings, downloads, and NiiVue planes with window presets and the anomaly overlay.
import { DRAG_MODE, Niivue, SHOW_RENDER, SLICE_TYPE } from '@niivue/niivue'
import { boxesNifti } from './boxes'
import { getStudy, isFinished, plainReason, type Finding, type Study } from './api'
import { h, pct, regionName } from './dom'
import { invertAffine, lpsToRas, rasToVoxel } from './geometry'
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
    title.textContent = s.name
    if (!isFinished(s)) {
      body.replaceChildren(h('p', { testid: 'study-progress' }, `${s.status === 'queued' ? 'Waiting in the queue' : `Analysing: ${s.stage ?? ''}`} — `,
        h('progress', { max: 100, value: s.progress }), ` ${s.progress.toFixed(0)} %`))
      timer = window.setTimeout(poll, 1000)
      return
    }
    if (s.status !== 'done' || !s.result) { body.replaceChildren(rejected(s)); return }
    void showResult(body, s, () => stopped).then(() => { if (state.loaded) state.openMs = Math.round(performance.now() - opened) })
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

async function showResult(body: HTMLElement, s: Study, isStopped: () => boolean) {
  const r = s.result!
  const findings = r.findings ?? []
  const pathology = r.verdict === 'pathology'
  const banner = h('section', { class: `verdict-banner ${r.verdict}` },
    h('strong', { testid: 'verdict' }, pathology
      ? `Needs a radiologist first — unusual regions found (probability of pathology ${pct(r.probability_of_pathology)})`
      : `Looks normal — can wait for routine reading (probability of pathology ${pct(r.probability_of_pathology)})`),
    h('span', { class: 'muted small' }, ` ${findings.length} finding(s), ${(r.anomalous_volume_mm3 ?? 0).toFixed(0)} mm³ unusual tissue; model ${r.model?.name ?? '?'} ${r.model?.version ?? ''}`))

  const canvas = h('canvas', { testid: 'viewer-canvas' })
  const wl = h('span', { class: 'wl', testid: 'window-readout' }, '')
  const loading = h('div', { class: 'loading', testid: 'loading' }, 'Loading images…')
  const presetButtons = Object.entries(PRESETS).map(([key, p]) =>
    h('button', { type: 'button', testid: `preset-${key}`, title: `W ${p.width} / L ${p.level}`, onclick: () => applyPreset(key) }, p.label))
  const layouts: [string, string, SLICE_TYPE][] = [['multiplanar', '3 planes', SLICE_TYPE.MULTIPLANAR], ['axial', 'Axial', SLICE_TYPE.AXIAL], ['coronal', 'Coronal', SLICE_TYPE.CORONAL], ['sagittal', 'Sagittal', SLICE_TYPE.SAGITTAL]]
  const layoutButtons = layouts.map(([key, label, type]) => h('button', { type: 'button', testid: `layout-${key}`, onclick: () => setLayout(key, type) }, label))
  const overlayToggle = h('input', { type: 'checkbox', checked: true, testid: 'overlay-toggle' })
  const boxesToggle = h('input', { type: 'checkbox', checked: true, testid: 'boxes-toggle' })
  const opacity = h('input', { type: 'range', min: 0, max: 1, step: 0.05, value: state.opacity, testid: 'overlay-opacity' })
  const threshold = h('input', { type: 'range', min: 0, max: 1, step: 0.01, value: state.threshold, testid: 'threshold' })
  const thresholdLabel = h('span', {}, state.threshold.toFixed(2))
  const tools = h('div', { class: 'tools' },
    h('div', { class: 'group' }, ...layoutButtons),
    h('div', { class: 'group' }, h('span', { class: 'muted' }, 'Window'), ...presetButtons, wl),
    h('div', { class: 'group' },
      h('label', {}, overlayToggle, ' anomaly map'), h('label', {}, ' opacity ', opacity),
      h('label', {}, ' threshold ', threshold, thresholdLabel), h('label', {}, boxesToggle, ' boxes')))
  const findingList = h('ol', { class: 'findings', testid: 'findings' },
    ...findings.map((f, i) => h('li', {}, h('button', { type: 'button', testid: 'finding', 'data-index': i, onclick: () => jumpTo(f, i) },
      h('strong', {}, `#${f.id} ${regionName(f.region)}`),
      h('span', { class: 'small' }, ` ${(f.volume_mm3 / 1000).toFixed(1)} ml, max score ${f.max_score.toFixed(2)}`),
      f.regions.length > 1 ? h('div', { class: 'small muted' }, f.regions.map((x) => `${regionName(x.name)} ${(x.fraction * 100).toFixed(0)} %`).join(', ')) : null))))
  const lungs = r.anatomy ? h('p', { class: 'small muted' }, `Lung volume: right ${r.anatomy.lung_volume_ml.right.toFixed(0)} ml, left ${r.anatomy.lung_volume_ml.left.toFixed(0)} ml`) : null
  const downloads = h('div', { class: 'downloads' },
    s.links['report.pdf'] ? h('a', { class: 'button', href: s.links['report.pdf'], testid: 'download-pdf' }, 'Report (PDF)') : null,
    h('a', { class: 'button', href: s.links['result.json'], download: true, testid: 'download-json' }, 'result.json'),
    h('a', { class: 'button', href: '/api/v1/export.xlsx', testid: 'download-lct' }, 'LCT table (xlsx)'),
    s.links['volume.nii.gz'] ? h('a', { class: 'button', href: s.links['volume.nii.gz'] }, 'Volume (NIfTI)') : null)
  const side = h('aside', {}, h('h3', {}, findings.length ? 'Findings (click to go there)' : 'No findings'), findingList, lungs,
    r.warnings.length ? h('p', { class: 'small muted' }, r.warnings.join('; ')) : null, downloads,
    h('p', { class: 'small muted help' }, 'Wheel: scroll slices · left click: move crosshair · right drag (or shift + left drag): window/level'))
  body.replaceChildren(banner, tools, h('div', { class: 'study-layout' }, h('div', { class: 'canvas-box' }, canvas, loading), side))

  const started = performance.now()
  const nv = new Niivue({
    backColor: [0, 0, 0, 1], crosshairColor: [0.2, 0.8, 1, 0.7], show3Dcrosshair: false, isColorbar: false,
    multiplanarShowRender: SHOW_RENDER.NEVER, isRadiologicalConvention: true, dragMode: DRAG_MODE.windowing,
    mouseEventConfig: { leftButton: { primary: DRAG_MODE.crosshair, withShift: DRAG_MODE.windowing }, rightButton: DRAG_MODE.windowing, centerButton: DRAG_MODE.pan },
  })
  await nv.attachToCanvas(canvas)
  const attached = performance.now()
  console.log(`viewer: WebGL ready after ${Math.round(attached - started)} ms`)
  const lung = PRESETS.lung
  const volumes: { url: string | ArrayBuffer; name?: string; colormap: string; cal_min: number; cal_max: number; opacity?: number }[] =
    [{ url: s.links['volume.nii.gz'], colormap: 'gray', cal_min: lung.level - lung.width / 2, cal_max: lung.level + lung.width / 2 }]
  // ?overlay=0 / ?boxes=0 load without them (diagnostics: what a large study costs to show).
  const query = new URLSearchParams(location.search)
  const hasAnomaly = Boolean(s.links['anomaly.nii.gz']) && query.get('overlay') !== '0'
  if (hasAnomaly) volumes.push({ url: s.links['anomaly.nii.gz'], colormap: 'warm', cal_min: state.threshold, cal_max: 1, opacity: state.opacity })
  // Everything in one load: each later change of layers re-uploads all of them (costly for a 512x512x300 CT on software WebGL).
  const boxesBuffer = query.get('boxes') !== '0' ? boxesNifti(findings) : null
  if (boxesBuffer) volumes.push({ url: boxesBuffer, name: 'boxes.nii', colormap: 'green', cal_min: 0.5, cal_max: 1, opacity: 1 })
  try {
    await nv.loadVolumes(volumes as unknown as Parameters<typeof nv.loadVolumes>[0])
  } catch (e) {
    loading.textContent = `The images could not be loaded: ${(e as Error).message}`
    return
  }
  if (isStopped()) return
  const volumesLoaded = performance.now()
  console.log(`viewer: volumes loaded after ${Math.round(volumesLoaded - started)} ms`)
  const ct = nv.volumes[0]
  const anomaly = hasAnomaly ? nv.volumes[1] : null
  // A uint8 score map stores 0..255 for 0..1.
  const scoreScale = anomaly && (anomaly.global_max ?? 1) > 1.5 ? 255 : 1
  const inverse = invertAffine((ct.hdr as unknown as { affine: number[][] }).affine)
  const boxes = boxesBuffer ? nv.volumes[nv.volumes.length - 1] : null

  const updateState = () => {
    const mm = nv.frac2mm(nv.scene.crosshairPos)
    state.voxel = rasToVoxel(inverse, mm)
    state.slice = state.voxel[2]
    state.window = { width: Math.round(ct.cal_max! - ct.cal_min!), level: Math.round((ct.cal_max! + ct.cal_min!) / 2) }
    wl.textContent = `W ${state.window.width} / L ${state.window.level}`
  }
  const applyPreset = (key: string) => {
    const p = PRESETS[key]
    ct.cal_min = p.level - p.width / 2
    ct.cal_max = p.level + p.width / 2
    state.preset = key
    presetButtons.forEach((b) => b.classList.toggle('active', b.dataset.testid === `preset-${key}`))
    nv.updateGLVolume()
    updateState()
  }
  const setLayout = (key: string, type: SLICE_TYPE) => {
    nv.setSliceType(type)
    state.layout = key
    layoutButtons.forEach((b) => b.classList.toggle('active', b.dataset.testid === `layout-${key}`))
  }
  const applyOverlay = () => {
    state.overlay = overlayToggle.checked
    state.opacity = Number(opacity.value)
    state.threshold = Number(threshold.value)
    thresholdLabel.textContent = state.threshold.toFixed(2)
    if (anomaly) {
      anomaly.cal_min = state.threshold * scoreScale
      anomaly.cal_max = scoreScale
      anomaly.opacity = state.overlay ? state.opacity : 0
    }
    if (boxes) boxes.opacity = boxesToggle.checked ? 1 : 0
    nv.updateGLVolume()
  }
  const jumpTo = (f: Finding, index: number) => {
    nv.scene.crosshairPos = nv.mm2frac(lpsToRas(f.center_mm_lps))
    nv.drawScene()
    state.selectedFinding = index
    findingList.querySelectorAll('button').forEach((b, i) => b.classList.toggle('active', i === index))
    updateState()
  }
  overlayToggle.addEventListener('change', applyOverlay)
  boxesToggle.addEventListener('change', applyOverlay)
  opacity.addEventListener('input', applyOverlay)
  threshold.addEventListener('input', applyOverlay)
  nv.onLocationChange = () => updateState()
  // NiiVue changes the window while dragging; read it back when the button is released.
  canvas.addEventListener('pointerup', () => window.setTimeout(() => { if (ct.cal_min !== undefined) updateState() }, 0))
  nv.onIntensityChange = () => { state.preset = null; presetButtons.forEach((b) => b.classList.remove('active')); updateState() }

  // The first draw already has every value from the load options; only a uint8 score map needs its threshold rescaled.
  state.preset = 'lung'
  presetButtons[0].classList.add('active')
  layoutButtons[0].classList.add('active')
  if (scoreScale !== 1) applyOverlay()
  updateState()
  loading.remove()
  state.loaded = true
  state.loadMs = Math.round(performance.now() - started)
  state.timings = { attachMs: Math.round(attached - started), volumesMs: Math.round(volumesLoaded - attached), restMs: Math.round(performance.now() - volumesLoaded) }
  canvas.dataset.loaded = 'true'
}
