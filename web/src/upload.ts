// Collects a study from a drop (files, a folder, a zip) or from the file pickers, and uploads it.

export interface PickedFile { file: File; path: string }

/** Reads dropped items, descending into folders (webkitGetAsEntry), keeping each file's relative path. */
export async function filesFromDrop(dt: DataTransfer): Promise<PickedFile[]> {
  const entries: FileSystemEntry[] = []
  for (const item of Array.from(dt.items)) {
    const entry = item.kind === 'file' ? item.webkitGetAsEntry() : null
    if (entry) entries.push(entry)
  }
  if (entries.length === 0) return Array.from(dt.files).map((file) => ({ file, path: file.name }))
  const out: PickedFile[] = []
  for (const entry of entries) await walk(entry, out)
  return out
}

async function walk(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject))
    out.push({ file, path: entry.fullPath.replace(/^\//, '') })
    return
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader()
  // readEntries returns at most ~100 entries per call: read until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject))
    if (batch.length === 0) break
    for (const child of batch) await walk(child, out)
  }
}

/** Files from an <input type=file> (with webkitdirectory the relative path is kept). */
export function filesFromInput(input: HTMLInputElement): PickedFile[] {
  return Array.from(input.files ?? []).map((file) => ({ file, path: file.webkitRelativePath || file.name }))
}

/** Hidden files a folder picker brings along (.DS_Store, Thumbs.db) are not sent. */
export function withoutJunk(files: PickedFile[]): PickedFile[] {
  return files.filter((f) => !/(^|\/)(\.[^/]*|Thumbs\.db|desktop\.ini)$/i.test(f.path))
}
