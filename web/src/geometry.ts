// Conversions between the result's LPS millimetres, NiiVue's RAS millimetres and the volume's own voxel indices.

/** result.json positions are DICOM LPS; NiiVue works in RAS: flip the signs of x and y. */
export const lpsToRas = (p: number[]): [number, number, number] => [-p[0], -p[1], p[2]]

/** Inverts a 4x4 affine given as 4 rows (as in a NIfTI header's `affine`). */
export function invertAffine(a: number[][]): number[][] {
  const [r0, r1, r2] = a
  const m = [r0[0], r0[1], r0[2], r1[0], r1[1], r1[2], r2[0], r2[1], r2[2]]
  const det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6])
  const inv = [
    (m[4] * m[8] - m[5] * m[7]) / det, (m[2] * m[7] - m[1] * m[8]) / det, (m[1] * m[5] - m[2] * m[4]) / det,
    (m[5] * m[6] - m[3] * m[8]) / det, (m[0] * m[8] - m[2] * m[6]) / det, (m[2] * m[3] - m[0] * m[5]) / det,
    (m[3] * m[7] - m[4] * m[6]) / det, (m[1] * m[6] - m[0] * m[7]) / det, (m[0] * m[4] - m[1] * m[3]) / det,
  ]
  const t = [r0[3], r1[3], r2[3]]
  const rows: number[][] = []
  for (let i = 0; i < 3; i++) {
    const row = [inv[i * 3], inv[i * 3 + 1], inv[i * 3 + 2]]
    rows.push([...row, -(row[0] * t[0] + row[1] * t[1] + row[2] * t[2])])
  }
  rows.push([0, 0, 0, 1])
  return rows
}

/** RAS millimetres to the nearest voxel index (column, row, slice) of a volume with the given RAS affine. */
export function rasToVoxel(inverse: number[][], ras: ArrayLike<number>): [number, number, number] {
  const v = [0, 1, 2].map((i) => Math.round(inverse[i][0] * ras[0] + inverse[i][1] * ras[1] + inverse[i][2] * ras[2] + inverse[i][3]))
  return [v[0], v[1], v[2]]
}
