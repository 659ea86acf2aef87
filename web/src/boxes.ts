// Finding boxes as a small NIfTI overlay in world space: a grid that covers only the boxes, so NiiVue reslices a few
// million voxels at most instead of a CT-sized label volume (which costs as much as the CT itself to upload).
import type { Finding } from './api'

/** Most voxels the box grid may have; its spacing grows (from 1 mm) to stay under this. */
const MAX_VOXELS = 4_000_000

/** An uncompressed NIfTI-1 (uint8, RAS sform) with 1 on each box's faces (about 2 mm thick), or null when there are no findings. */
export function boxesNifti(findings: Finding[]): ArrayBuffer | null {
  if (findings.length === 0) return null
  // bbox_mm_lps is axis-aligned in LPS; in RAS x and y change sign, so min and max swap.
  const boxes = findings.map((f) => ({
    min: [-f.bbox_mm_lps.max[0], -f.bbox_mm_lps.max[1], f.bbox_mm_lps.min[2]],
    max: [-f.bbox_mm_lps.min[0], -f.bbox_mm_lps.min[1], f.bbox_mm_lps.max[2]],
  }))
  const margin = 4
  const lo = [0, 1, 2].map((i) => Math.min(...boxes.map((b) => b.min[i])) - margin)
  const hi = [0, 1, 2].map((i) => Math.max(...boxes.map((b) => b.max[i])) + margin)
  let spacing = 1
  const extent = [0, 1, 2].map((i) => hi[i] - lo[i])
  while ((extent[0] / spacing) * (extent[1] / spacing) * (extent[2] / spacing) > MAX_VOXELS) spacing *= 1.25
  const dims = extent.map((e) => Math.max(2, Math.ceil(e / spacing) + 1))
  const [nx, ny, nz] = dims
  const header = new ArrayBuffer(352)
  const v = new DataView(header)
  v.setInt32(0, 348, true)
  ;[3, nx, ny, nz, 1, 1, 1, 1].forEach((d, i) => v.setInt16(40 + i * 2, d, true))
  v.setInt16(70, 2, true) // uint8
  v.setInt16(72, 8, true)
  ;[1, spacing, spacing, spacing, 1, 1, 1, 1].forEach((p, i) => v.setFloat32(76 + i * 4, p, true))
  v.setFloat32(108, 352, true) // vox_offset
  v.setFloat32(112, 1, true) // scl_slope
  v.setInt16(254, 2, true) // sform_code: aligned
  const srow = [[spacing, 0, 0, lo[0]], [0, spacing, 0, lo[1]], [0, 0, spacing, lo[2]]]
  srow.forEach((row, r) => row.forEach((x, c) => v.setFloat32(280 + r * 16 + c * 4, x, true)))
  ;[0x6e, 0x2b, 0x31, 0].forEach((b, i) => v.setUint8(344 + i, b)) // "n+1\0"
  const data = new Uint8Array(nx * ny * nz)
  // NiiVue samples the overlay at the CT's voxel centres: a face thinner than the CT spacing along its axis can fall
  // between samples (5 mm slices), so each face is at least one CT voxel thick (estimated from the voxel and mm boxes).
  const ctSpacing = [0, 1, 2].map((i) => Math.max(...findings.map((f) =>
    Math.abs(f.bbox_mm_lps.max[i] - f.bbox_mm_lps.min[i]) / Math.max(1, f.bbox_voxel.max[i] - f.bbox_voxel.min[i] + 1))))
  const thick = ctSpacing.map((cs) => Math.max(1, Math.ceil(Math.max(2, 1.1 * cs) / spacing)))
  for (const b of boxes) {
    const i0 = [0, 1, 2].map((i) => Math.round((b.min[i] - lo[i]) / spacing))
    const i1 = [0, 1, 2].map((i) => Math.round((b.max[i] - lo[i]) / spacing))
    for (let z = i0[2]; z <= i1[2]; z++) {
      for (let y = i0[1]; y <= i1[1]; y++) {
        for (let x = i0[0]; x <= i1[0]; x++) {
          const face = x - i0[0] < thick[0] || i1[0] - x < thick[0] || y - i0[1] < thick[1] || i1[1] - y < thick[1] || z - i0[2] < thick[2] || i1[2] - z < thick[2]
          if (face) data[x + nx * (y + ny * z)] = 1
        }
      }
    }
  }
  const out = new Uint8Array(352 + data.length)
  out.set(new Uint8Array(header), 0)
  out.set(data, 352)
  return out.buffer
}
