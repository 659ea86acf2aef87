// Reads the service's NIfTI-1 files (gzip, little-endian, sform): fetched once, unpacked by the browser's own gzip decoder.

export interface NiftiVolume {
  dims: [number, number, number]
  /** Voxel size in mm along the three index axes. */
  spacing: [number, number, number]
  /** Voxel index (column, row, slice) to RAS mm, as 4 rows. */
  affine: number[][]
  /** int16 volumes (CT) stay int16; every other type becomes a 0..255 byte map of value × slope + inter on 0..1. */
  data: Int16Array | Uint8Array
  slope: number
  inter: number
  bytes: number
}

/** Downloads and decodes one volume; `onBytes` reports the compressed bytes received (for the loading line). */
export async function fetchNifti(url: string, onBytes?: (n: number) => void): Promise<NiftiVolume> {
  const r = await fetch(url)
  if (!r.ok || !r.body) throw new Error(`${url.split('?')[0].split('/').pop()}: the service answered ${r.status}`)
  let received = 0
  const counted = r.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, c) { received += chunk.byteLength; onBytes?.(received); c.enqueue(chunk) },
  }))
  const raw = await new Response(counted.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>)).arrayBuffer()
  return parseNifti(raw, received)
}

export function parseNifti(buf: ArrayBuffer, bytes = buf.byteLength): NiftiVolume {
  const v = new DataView(buf)
  if (v.getInt32(0, true) !== 348) throw new Error('not a little-endian NIfTI-1 file')
  const dims: [number, number, number] = [v.getInt16(42, true), v.getInt16(44, true), v.getInt16(46, true)]
  const type = v.getInt16(70, true)
  const spacing: [number, number, number] = [v.getFloat32(80, true), v.getFloat32(84, true), v.getFloat32(88, true)]
  const offset = Math.round(v.getFloat32(108, true))
  let slope = v.getFloat32(112, true)
  const inter = v.getFloat32(116, true)
  if (!slope) slope = 1
  const affine = [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => v.getFloat32(280 + r * 16 + c * 4, true)))
  affine.push([0, 0, 0, 1])
  const n = dims[0] * dims[1] * dims[2]
  if (buf.byteLength < offset + n * bytesPer(type)) throw new Error('the NIfTI file is shorter than its header says')
  // Views, not copies: a CT is 100+ MB. The writer's vox_offset (352) keeps int16 data aligned.
  if (type === 4) return { dims, spacing, affine, data: new Int16Array(buf, offset, n), slope, inter, bytes }
  const body = buf.slice(offset, offset + n * bytesPer(type))
  // Score maps: uint8 with slope 1/255 is used as it is; float (or other) maps are brought to 0..255.
  if (type === 2 && Math.abs(slope * 255 - 1) < 1e-3 && inter === 0) return { dims, spacing, affine, data: new Uint8Array(buf, offset, n), slope, inter, bytes }
  const src = type === 2 ? new Uint8Array(body) : type === 16 ? new Float32Array(body) : type === 512 ? new Uint16Array(body) : null
  if (!src) throw new Error(`NIfTI data type ${type} is not supported by the viewer`)
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const x = (src[i] * slope + inter) * 255
    out[i] = x <= 0 ? 0 : x >= 255 ? 255 : Math.round(x)
  }
  return { dims, spacing, affine, data: out, slope: 1 / 255, inter: 0, bytes }
}

function bytesPer(type: number): number {
  switch (type) {
    case 2: return 1
    case 4: case 512: return 2
    case 16: return 4
    default: throw new Error(`NIfTI data type ${type} is not supported by the viewer`)
  }
}
