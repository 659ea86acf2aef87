// A small, readable snapshot of what the page shows, for browser tests and for debugging (window.__viewerState).

export interface ViewerState {
  page: 'list' | 'study'
  studyId: string | null
  loaded: boolean
  loadMs: number | null
  /** From opening the study page to the first drawn planes (includes fetching the study record). */
  openMs: number | null
  /** From opening the study page to the first image drawn (the reduced-resolution CT when there is one). */
  firstImageMs: number | null
  /** What the first image was drawn from: 'preview' or 'full'. */
  firstImage: string | null
  /** Milliseconds from the last preset click to its image drawn (GPU finished). */
  windowChangeMs: number | null
  /** Milliseconds one full redraw of the panes takes. */
  drawMs: number | null
  /** Where the load time went: WebGL set-up, fetching + decoding the volumes, the rest (boxes, first draw). */
  timings: { attachMs: number; volumesMs: number; restMs: number } | null
  /** Voxel under the crosshair in the volume's own (column, row, slice) order. */
  voxel: [number, number, number] | null
  /** The axial slice index (third voxel index). */
  slice: number | null
  window: { width: number; level: number } | null
  preset: string | null
  overlay: boolean
  opacity: number
  /** The anomaly map's threshold: the model's voxel threshold from the study's result, then the slider's; null when the result names none. */
  threshold: number | null
  layout: string
  selectedFinding: number | null
  studies: number
}

export const state: ViewerState = {
  page: 'list', studyId: null, loaded: false, loadMs: null, openMs: null, firstImageMs: null, firstImage: null, windowChangeMs: null, drawMs: null, timings: null, voxel: null, slice: null, window: null, preset: null,
  overlay: true, opacity: 0.5, threshold: null, layout: 'multiplanar', selectedFinding: null, studies: 0,
}

declare global {
  interface Window { __viewerState: ViewerState }
}
window.__viewerState = state
