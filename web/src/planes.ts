// The image panes: a small WebGL2 renderer that keeps the CT in GPU memory as int16 and applies window/level, the
// anomaly overlay's threshold and opacity as shader uniforms. Changing any of them redraws a few screen-sized quads;
// nothing is re-uploaded (a general viewer that bakes colours into a texture re-processes the whole 512×512×300 volume
// for each change, which takes tens of seconds on software WebGL).
//
// Conventions (radiological): axial and coronal show the patient's right on the screen's left; sagittal shows
// anterior on the left; superior is up; axial anterior is up. The 4th pane is a 10 mm axial maximum-intensity
// projection in lung window (small nodules stand out from vessels there).
import type { NiftiVolume } from './nifti'
import { invertAffine } from './geometry'

export type PaneKind = 'axial' | 'coronal' | 'sagittal' | 'mip'
export type Layout = 'multiplanar' | 'axial' | 'coronal' | 'sagittal'

/** A finding's box in RAS mm, with the number the list shows. */
export interface RasBox { id: number; min: number[]; max: number[] }

/** Screen-right and screen-up as (RAS axis, sign), and the axis the pane looks along. */
const PANES: Record<PaneKind, { right: [number, number]; up: [number, number]; fixed: number; label: string }> = {
  axial: { right: [0, -1], up: [1, 1], fixed: 2, label: 'Axial' },
  coronal: { right: [0, -1], up: [2, 1], fixed: 1, label: 'Coronal' },
  sagittal: { right: [1, -1], up: [2, 1], fixed: 0, label: 'Sagittal' },
  mip: { right: [0, -1], up: [1, 1], fixed: 2, label: 'Axial MIP 10 mm, lung window' },
}
const LETTERS = [['L', 'R'], ['P', 'A'], ['I', 'S']] // RAS axis, negative / positive direction
/** LPS names of the axes for the position readout (result.json and DICOM use LPS). */
const LPS_AXIS = ['x', 'y', 'z']
const MIP_HALF_MM = 5
const LUNG = { width: 1500, level: -600 }

const VERT = `#version 300 es
in vec2 aPos; out vec2 vUv;
void main() { vUv = aPos * 0.5 + 0.5; gl_Position = vec4(aPos, 0.0, 1.0); }`

const FRAG = `#version 300 es
precision highp float; precision highp int; precision highp isampler3D; precision highp sampler3D;
in vec2 vUv; out vec4 color;
uniform isampler3D uCt; uniform sampler3D uScore;
uniform ivec3 uDims; uniform vec3 uOrigin, uDu, uDv; uniform ivec3 uA, uB, uC;
uniform float uSlope, uInter, uLow, uWidth;
uniform int uMipHalf; uniform bool uOverlay; uniform float uThreshold, uOpacity;
float hu(ivec3 i) { return float(texelFetch(uCt, clamp(i, ivec3(0), uDims - 1), 0).r) * uSlope + uInter; }
void main() {
  vec3 p = uOrigin + vUv.x * uDu + vUv.y * uDv;
  vec3 d = vec3(uDims);
  if (any(lessThan(p, vec3(-0.5))) || any(greaterThan(p, d - 0.5))) { color = vec4(0.0, 0.0, 0.0, 1.0); return; }
  float v;
  if (uMipHalf > 0) {
    ivec3 q = ivec3(round(p));
    v = -4096.0;
    for (int k = -uMipHalf; k <= uMipHalf; k++) v = max(v, hu(q + k * uC));
  } else {
    // Bilinear within the plane (integer textures cannot be filtered by the GPU).
    vec3 f0 = floor(p); ivec3 i0 = ivec3(f0); vec3 f = p - f0;
    float fa = dot(f, vec3(uA)), fb = dot(f, vec3(uB));
    v = mix(mix(hu(i0), hu(i0 + uA), fa), mix(hu(i0 + uB), hu(i0 + uA + uB), fa), fb);
  }
  float g = clamp((v - uLow) / uWidth, 0.0, 1.0);
  vec3 c = vec3(g);
  if (uOverlay) {
    float s = texture(uScore, (p + 0.5) / d).r;
    if (s >= uThreshold && s > 0.0) {
      float t = clamp((s - uThreshold) / max(1e-3, 1.0 - uThreshold), 0.0, 1.0);
      c = mix(c, mix(vec3(0.85, 0.12, 0.0), vec3(1.0, 0.95, 0.25), t), uOpacity);
    }
  }
  color = vec4(c, 1.0);
}`

interface Rect { x: number; y: number; w: number; h: number }
interface PaneView { kind: PaneKind; rect: Rect; view: Rect; a: number; b: number; c: number; start: number[]; delta: number[] }

export class PlaneViewer {
  readonly gl: WebGL2RenderingContext
  private readonly ctx: CanvasRenderingContext2D
  private readonly program: WebGLProgram
  private readonly uni: Record<string, WebGLUniformLocation | null> = {}
  private ctTex: WebGLTexture | null = null
  private scoreTex: WebGLTexture | null = null
  private ct: NiftiVolume | null = null
  private inverse: number[][] = []
  /** Which voxel axis runs along each RAS axis, and whether its index grows with that RAS coordinate. */
  private axisOfRas = [0, 1, 2]
  private growsWithRas = [true, true, true]
  private panes: PaneView[] = []
  private pending = 0
  private readonly probe = new Uint8Array(4)
  window = { ...LUNG }
  /** The anomaly map's drawing: null (not drawn) until the page sets it with the study's own voxel threshold. */
  overlay: { on: boolean; opacity: number; threshold: number } | null = null
  showBoxes = true
  boxes: RasBox[] = []
  layout: Layout = 'multiplanar'
  /** The crosshair, RAS mm. */
  cursor: [number, number, number] = [0, 0, 0]
  /** Called after the user moved the crosshair or changed the window. */
  onChange: (why: 'cursor' | 'window') => void = () => {}
  /** Milliseconds the last draw took (GPU work finished). */
  lastDrawMs = 0
  readonly maxTextureSize: number

  constructor(private readonly canvas: HTMLCanvasElement, private readonly labels: HTMLCanvasElement) {
    const gl = canvas.getContext('webgl2', { antialias: false, preserveDrawingBuffer: true, depth: false })
    if (!gl) throw new Error('this browser has no WebGL2')
    this.gl = gl
    this.ctx = labels.getContext('2d')!
    this.maxTextureSize = gl.getParameter(gl.MAX_3D_TEXTURE_SIZE) as number
    this.program = link(gl, VERT, FRAG)
    gl.useProgram(this.program)
    for (const n of ['uCt', 'uScore', 'uDims', 'uOrigin', 'uDu', 'uDv', 'uA', 'uB', 'uC', 'uSlope', 'uInter', 'uLow', 'uWidth', 'uMipHalf', 'uOverlay', 'uThreshold', 'uOpacity'])
      this.uni[n] = gl.getUniformLocation(this.program, n)
    const buf = gl.createBuffer()
    gl.bindBuffer(gl.ARRAY_BUFFER, buf)
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1]), gl.STATIC_DRAW)
    const loc = gl.getAttribLocation(this.program, 'aPos')
    gl.enableVertexAttribArray(loc)
    gl.vertexAttribPointer(loc, 2, gl.FLOAT, false, 0, 0)
    gl.uniform1i(this.uni.uCt, 0)
    gl.uniform1i(this.uni.uScore, 1)
    this.listen()
    new ResizeObserver(() => this.requestDraw()).observe(canvas)
  }

  get volume(): NiftiVolume | null { return this.ct }

  /** Shows a CT (int16); a later, finer CT of the same patient space replaces it with the crosshair kept in place. */
  setCt(v: NiftiVolume) {
    if (v.dims.some((d) => d > this.maxTextureSize)) throw new Error(`the volume (${v.dims.join('×')}) is larger than this browser's 3D textures (${this.maxTextureSize})`)
    const first = this.ct === null
    this.ctTex = upload(this.gl, this.ctTex, 0, v, this.gl.R16I, this.gl.RED_INTEGER, this.gl.SHORT, this.gl.NEAREST)
    this.ct = v
    this.inverse = invertAffine(v.affine)
    for (let i = 0; i < 3; i++) {
      const col = [0, 1, 2].map((r) => v.affine[r][i])
      const r = col.map(Math.abs).indexOf(Math.max(...col.map(Math.abs)))
      this.axisOfRas[r] = i
      this.growsWithRas[r] = col[r] > 0
    }
    if (first) this.cursor = this.toRas(v.dims.map((d) => (d - 1) / 2))
    if (this.scoreTex && !this.sameGrid()) this.scoreTex = null
  }

  /** The anomaly map (0..255 bytes on the CT's grid); ignored when its grid differs from the CT shown. */
  setScores(v: NiftiVolume) {
    this.scoreTex = upload(this.gl, this.scoreTex, 1, v, this.gl.R8, this.gl.RED, this.gl.UNSIGNED_BYTE, this.gl.LINEAR)
    this.scoreDims = v.dims
    if (!this.sameGrid()) this.scoreTex = null
  }
  private scoreDims: number[] = []
  private sameGrid() { return this.ct !== null && this.scoreDims.every((d, i) => d === this.ct!.dims[i]) }

  toRas(vox: number[]): [number, number, number] {
    const a = this.ct!.affine
    return [0, 1, 2].map((r) => a[r][0] * vox[0] + a[r][1] * vox[1] + a[r][2] * vox[2] + a[r][3]) as [number, number, number]
  }
  toVoxel(ras: number[]): number[] {
    const m = this.inverse
    return [0, 1, 2].map((i) => m[i][0] * ras[0] + m[i][1] * ras[1] + m[i][2] * ras[2] + m[i][3])
  }
  /** The voxel (column, row, slice) under the crosshair, rounded and kept inside the volume. */
  cursorVoxel(): [number, number, number] {
    const v = this.toVoxel(this.cursor)
    return v.map((x, i) => Math.min(this.ct!.dims[i] - 1, Math.max(0, Math.round(x)))) as [number, number, number]
  }

  requestDraw() {
    if (this.pending) return
    this.pending = requestAnimationFrame(() => { this.pending = 0; this.draw() })
  }

  /** Draws every pane now and waits for the GPU; returns the milliseconds it took. */
  draw(): number {
    const t0 = performance.now()
    const gl = this.gl
    const dpr = window.devicePixelRatio || 1
    const w = Math.max(1, Math.round(this.canvas.clientWidth * dpr)), h = Math.max(1, Math.round(this.canvas.clientHeight * dpr))
    for (const c of [this.canvas, this.labels]) if (c.width !== w || c.height !== h) { c.width = w; c.height = h }
    gl.disable(gl.SCISSOR_TEST)
    gl.viewport(0, 0, w, h)
    gl.clearColor(0, 0, 0, 1)
    gl.clear(gl.COLOR_BUFFER_BIT)
    this.ctx.setTransform(1, 0, 0, 1, 0, 0)
    this.ctx.clearRect(0, 0, w, h)
    if (!this.ct) return 0
    this.panes = this.layoutPanes(w, h)
    const ct = this.ct
    gl.uniform3i(this.uni.uDims, ct.dims[0], ct.dims[1], ct.dims[2])
    gl.uniform1f(this.uni.uSlope, ct.slope)
    gl.uniform1f(this.uni.uInter, ct.inter)
    const overlay = this.overlay
    gl.uniform1i(this.uni.uOverlay, overlay && overlay.on && overlay.opacity > 0 && this.scoreTex ? 1 : 0)
    gl.uniform1f(this.uni.uThreshold, overlay?.threshold ?? 1)
    gl.uniform1f(this.uni.uOpacity, overlay?.opacity ?? 0)
    for (const p of this.panes) {
      const win = p.kind === 'mip' ? LUNG : this.window
      gl.uniform1f(this.uni.uLow, win.level - win.width / 2)
      gl.uniform1f(this.uni.uWidth, Math.max(1, win.width))
      gl.uniform1i(this.uni.uMipHalf, p.kind === 'mip' ? Math.max(1, Math.round(MIP_HALF_MM / ct.spacing[p.c])) : 0)
      if (p.kind === 'mip') gl.uniform1i(this.uni.uOverlay, 0)
      const unit = (k: number) => [0, 1, 2].map((i) => (i === k ? 1 : 0))
      gl.uniform3iv(this.uni.uA, unit(p.a)); gl.uniform3iv(this.uni.uB, unit(p.b)); gl.uniform3iv(this.uni.uC, unit(p.c))
      gl.uniform3fv(this.uni.uOrigin, p.start)
      gl.uniform3fv(this.uni.uDu, [0, 1, 2].map((i) => (i === p.a ? p.delta[0] : 0)))
      gl.uniform3fv(this.uni.uDv, [0, 1, 2].map((i) => (i === p.b ? p.delta[1] : 0)))
      gl.viewport(p.view.x, h - p.view.y - p.view.h, p.view.w, p.view.h)
      gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4)
    }
    // Reading one pixel back waits until the GPU (SwiftShader included, where finish() may return early) has drawn everything.
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, this.probe)
    this.drawLabels(dpr)
    this.lastDrawMs = performance.now() - t0
    return this.lastDrawMs
  }

  private layoutPanes(w: number, h: number): PaneView[] {
    const kinds: PaneKind[] = this.layout === 'multiplanar' ? ['axial', 'coronal', 'sagittal', 'mip'] : [this.layout]
    const gap = 2
    const rects: Rect[] = kinds.length === 1 ? [{ x: 0, y: 0, w, h }]
      : [0, 1, 2, 3].map((i) => ({ x: (i % 2) * Math.ceil(w / 2 + gap / 2), y: Math.floor(i / 2) * Math.ceil(h / 2 + gap / 2), w: Math.floor(w / 2 - gap / 2), h: Math.floor(h / 2 - gap / 2) }))
    const ct = this.ct!
    const cv = this.cursorVoxel()
    return kinds.map((kind, i) => {
      const spec = PANES[kind]
      const a = this.axisOfRas[spec.right[0]], b = this.axisOfRas[spec.up[0]], c = this.axisOfRas[spec.fixed]
      // Voxel index grows to screen-right when the RAS direction of screen-right is the one the index grows along.
      const incA = (spec.right[1] > 0) === this.growsWithRas[spec.right[0]]
      const incB = (spec.up[1] > 0) === this.growsWithRas[spec.up[0]]
      const start = [0, 0, 0]
      start[a] = incA ? -0.5 : ct.dims[a] - 0.5
      start[b] = incB ? -0.5 : ct.dims[b] - 0.5
      start[c] = cv[c]
      const delta = [incA ? ct.dims[a] : -ct.dims[a], incB ? ct.dims[b] : -ct.dims[b]]
      const r = rects[i]
      const mmW = ct.dims[a] * ct.spacing[a], mmH = ct.dims[b] * ct.spacing[b]
      const s = Math.min(r.w / mmW, r.h / mmH)
      const vw = Math.round(mmW * s), vh = Math.round(mmH * s)
      return { kind, rect: r, view: { x: r.x + Math.floor((r.w - vw) / 2), y: r.y + Math.floor((r.h - vh) / 2), w: vw, h: vh }, a, b, c, start, delta }
    })
  }

  /** Screen position (device pixels, y down) of a voxel position in a pane. */
  private toScreen(p: PaneView, vox: number[]): [number, number] {
    const u = (vox[p.a] - p.start[p.a]) / p.delta[0], v = (vox[p.b] - p.start[p.b]) / p.delta[1]
    return [p.view.x + u * p.view.w, p.view.y + (1 - v) * p.view.h]
  }

  private drawLabels(dpr: number) {
    const g = this.ctx, ct = this.ct!
    const cv = this.cursorVoxel()
    const fs = Math.round(13 * dpr)
    g.textBaseline = 'top'
    for (const p of this.panes) {
      const spec = PANES[p.kind]
      g.save()
      g.beginPath(); g.rect(p.rect.x, p.rect.y, p.rect.w, p.rect.h); g.clip()
      // Crosshair (not on the projection, where it would hide the small bright spots the pane is for).
      const [cx, cy] = this.toScreen(p, cv)
      if (p.kind !== 'mip') {
        g.strokeStyle = 'rgba(60, 200, 255, 0.55)'; g.lineWidth = Math.max(1, dpr)
        g.beginPath(); g.moveTo(p.view.x, cy); g.lineTo(p.view.x + p.view.w, cy); g.moveTo(cx, p.view.y); g.lineTo(cx, p.view.y + p.view.h); g.stroke()
      }
      if (this.showBoxes) this.drawBoxes(p, cv, dpr)
      // Where this plane is: its slice number along the volume's axis and its position in patient (LPS) mm.
      const index = cv[p.c]
      const ras = this.toRas(cv)
      const lps = [-ras[0], -ras[1], ras[2]]
      const pos = `${LPS_AXIS[spec.fixed]} ${lps[spec.fixed].toFixed(1)} mm`
      const title = p.kind === 'mip' ? `${spec.label} · centre slice ${index + 1}/${ct.dims[p.c]}` : `${spec.label} · slice ${index + 1}/${ct.dims[p.c]} · ${pos}`
      g.font = `600 ${fs}px system-ui, sans-serif`
      text(g, title, p.rect.x + 6 * dpr, p.rect.y + 5 * dpr, '#fff')
      // Orientation letters at the middle of each edge.
      g.font = `700 ${Math.round(15 * dpr)}px system-ui, sans-serif`
      const [ru, su] = spec.right, [rv, sv] = spec.up
      const letter = (axis: number, sign: number) => LETTERS[axis][sign > 0 ? 1 : 0]
      g.textBaseline = 'middle'
      text(g, letter(ru, -su), p.view.x + 4 * dpr, p.view.y + p.view.h / 2, '#ffd75e')
      g.textAlign = 'right'; text(g, letter(ru, su), p.view.x + p.view.w - 4 * dpr, p.view.y + p.view.h / 2, '#ffd75e'); g.textAlign = 'left'
      g.textAlign = 'center'
      g.textBaseline = 'top'; text(g, letter(rv, sv), p.view.x + p.view.w / 2, Math.max(p.view.y, p.rect.y + 22 * dpr) + 2 * dpr, '#ffd75e')
      g.textBaseline = 'bottom'; text(g, letter(rv, -sv), p.view.x + p.view.w / 2, p.view.y + p.view.h - 2 * dpr, '#ffd75e')
      g.textAlign = 'left'; g.textBaseline = 'top'
      g.restore()
    }
  }

  private drawBoxes(p: PaneView, cv: number[], dpr: number) {
    const g = this.ctx
    const ct = this.ct!
    const half = p.kind === 'mip' ? Math.max(1, Math.round(MIP_HALF_MM / ct.spacing[p.c])) : 0
    for (const b of this.boxes) {
      // The box in voxel coordinates of this CT (axis-aligned grids: two opposite corners are enough).
      const v0 = this.toVoxel(b.min), v1 = this.toVoxel(b.max)
      const lo = [0, 1, 2].map((i) => Math.min(v0[i], v1[i])), hi = [0, 1, 2].map((i) => Math.max(v0[i], v1[i]))
      if (cv[p.c] + half < lo[p.c] || cv[p.c] - half > hi[p.c]) continue
      const [x0, y0] = this.toScreen(p, lo), [x1, y1] = this.toScreen(p, hi)
      const x = Math.min(x0, x1), y = Math.min(y0, y1), bw = Math.abs(x1 - x0), bh = Math.abs(y1 - y0)
      g.strokeStyle = '#5dff6a'; g.lineWidth = 2 * dpr
      g.strokeRect(x - 2 * dpr, y - 2 * dpr, bw + 4 * dpr, bh + 4 * dpr)
      g.font = `700 ${Math.round(13 * dpr)}px system-ui, sans-serif`
      const label = `${b.id}`
      const tw = g.measureText(label).width + 6 * dpr
      const ly = y - 2 * dpr - 17 * dpr >= p.view.y ? y - 2 * dpr - 17 * dpr : y + bh + 3 * dpr
      g.fillStyle = '#5dff6a'; g.fillRect(x - 2 * dpr, ly, tw, 16 * dpr)
      g.fillStyle = '#000'; g.textBaseline = 'top'; g.fillText(label, x + 1 * dpr, ly + 1.5 * dpr)
    }
  }

  private paneAt(e: MouseEvent): PaneView | null {
    const r = this.canvas.getBoundingClientRect(), dpr = window.devicePixelRatio || 1
    const x = (e.clientX - r.left) * dpr, y = (e.clientY - r.top) * dpr
    return this.panes.find((p) => x >= p.rect.x && x < p.rect.x + p.rect.w && y >= p.rect.y && y < p.rect.y + p.rect.h) ?? null
  }

  private moveCursorTo(p: PaneView, e: MouseEvent) {
    const r = this.canvas.getBoundingClientRect(), dpr = window.devicePixelRatio || 1
    const u = ((e.clientX - r.left) * dpr - p.view.x) / p.view.w, v = 1 - ((e.clientY - r.top) * dpr - p.view.y) / p.view.h
    if (u < 0 || u > 1 || v < 0 || v > 1) return
    const vox = this.toVoxel(this.cursor)
    vox[p.a] = p.start[p.a] + u * p.delta[0]
    vox[p.b] = p.start[p.b] + v * p.delta[1]
    this.cursor = this.toRas(vox)
    this.requestDraw()
    this.onChange('cursor')
  }

  private listen() {
    const c = this.canvas
    let drag: { mode: 'cursor' | 'window'; pane: PaneView | null; x: number; y: number; width: number; level: number } | null = null
    c.addEventListener('contextmenu', (e) => e.preventDefault())
    c.addEventListener('pointerdown', (e) => {
      const p = this.paneAt(e)
      const windowing = e.button === 2 || (e.button === 0 && e.shiftKey)
      // Windowing works anywhere on the canvas (the gaps between panes included); moving the crosshair needs a pane.
      if (!this.ct || (!p && !windowing)) return
      c.setPointerCapture(e.pointerId)
      drag = { mode: windowing ? 'window' : 'cursor', pane: p, x: e.clientX, y: e.clientY, ...this.window }
      if (!windowing && e.button === 0 && p) this.moveCursorTo(p, e)
    })
    c.addEventListener('pointermove', (e) => {
      if (!drag) return
      if (drag.mode === 'cursor') { if (drag.pane) this.moveCursorTo(drag.pane, e); return }
      // Right: wider window; down: higher level (as on most workstations).
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y
      this.window = { width: Math.max(1, Math.round(drag.width * Math.exp(dx / 200))), level: Math.round(drag.level + dy * 2) }
      this.requestDraw()
      this.onChange('window')
    })
    const end = () => { drag = null }
    c.addEventListener('pointerup', end)
    c.addEventListener('pointercancel', end)
    c.addEventListener('wheel', (e) => {
      const p = this.paneAt(e)
      if (!p || !this.ct) return
      e.preventDefault()
      const vox = this.cursorVoxel() as number[]
      vox[p.c] = Math.min(this.ct.dims[p.c] - 1, Math.max(0, vox[p.c] + (e.deltaY < 0 ? 1 : -1)))
      this.cursor = this.toRas(vox)
      this.requestDraw()
      this.onChange('cursor')
    }, { passive: false })
  }
}

/** Text with a dark halo so it reads on bright bone and dark lung alike. */
function text(g: CanvasRenderingContext2D, s: string, x: number, y: number, fill: string) {
  g.lineWidth = 3; g.strokeStyle = 'rgba(0,0,0,0.85)'; g.lineJoin = 'round'
  g.strokeText(s, x, y)
  g.fillStyle = fill
  g.fillText(s, x, y)
}

function upload(gl: WebGL2RenderingContext, old: WebGLTexture | null, unit: number, v: NiftiVolume, internal: number, format: number, type: number, filter: number) {
  if (old) gl.deleteTexture(old)
  const tex = gl.createTexture()!
  gl.activeTexture(gl.TEXTURE0 + unit)
  gl.bindTexture(gl.TEXTURE_3D, tex)
  gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1)
  gl.texParameteri(gl.TEXTURE_3D, gl.TEXTURE_MIN_FILTER, filter)
  gl.texParameteri(gl.TEXTURE_3D, gl.TEXTURE_MAG_FILTER, filter)
  for (const p of [gl.TEXTURE_WRAP_S, gl.TEXTURE_WRAP_T, gl.TEXTURE_WRAP_R]) gl.texParameteri(gl.TEXTURE_3D, p, gl.CLAMP_TO_EDGE)
  gl.texImage3D(gl.TEXTURE_3D, 0, internal, v.dims[0], v.dims[1], v.dims[2], 0, format, type, v.data)
  return tex
}

function link(gl: WebGL2RenderingContext, vs: string, fs: string): WebGLProgram {
  const p = gl.createProgram()!
  for (const [type, src] of [[gl.VERTEX_SHADER, vs], [gl.FRAGMENT_SHADER, fs]] as const) {
    const s = gl.createShader(type)!
    gl.shaderSource(s, src)
    gl.compileShader(s)
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(`shader: ${gl.getShaderInfoLog(s)}`)
    gl.attachShader(p, s)
  }
  gl.linkProgram(p)
  if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error(`shader program: ${gl.getProgramInfoLog(p)}`)
  return p
}
