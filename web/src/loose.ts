// Loose files from the page's inputs: a folder picked with `<input webkitdirectory>`, or a folder
// dropped (FileSystemDirectoryEntry, walked recursively). As `stempack validate <folder>` does,
// every file of the folder and its subfolders is handed to the validator, named by its path
// relative to the folder; the validator classifies them as pack does (src/inputs: hidden names
// skipped, session bundles reported once, documents listed as ignored).

/** Loose files to validate, named relative to their folder. */
export interface LooseInput {
  /** `folder` for a picked or dropped folder, `files` for several files picked at once. */
  kind: 'folder' | 'files';
  /** The folder's name (the report's package path). */
  folder: string;
  files: { name: string; file: File }[];
}

/** Files from a webkitdirectory input (each has `webkitRelativePath` = `<folder>/<name>` or deeper). */
export function filesOfFolderInput(list: readonly File[]): LooseInput | null {
  if (list.length === 0) return null;
  const folder = (list[0]!.webkitRelativePath || list[0]!.name).split('/')[0] ?? '';
  const files: LooseInput['files'] = [];
  for (const f of list) {
    const parts = (f.webkitRelativePath || f.name).split('/');
    files.push({ name: parts.length > 1 ? parts.slice(1).join('/') : parts[0]!, file: f });
  }
  return { kind: 'folder', folder, files };
}

function readBatch(r: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((ok, bad) => r.readEntries(ok, bad));
}

function fileOf(e: FileSystemFileEntry): Promise<File> {
  return new Promise((ok, bad) => e.file(ok, bad));
}

/** Every file under a directory entry, with its path relative to it (readEntries returns batches). */
async function walk(dir: FileSystemDirectoryEntry, prefix: string, out: { path: string; entry: FileSystemFileEntry }[]): Promise<void> {
  const reader = dir.createReader();
  for (;;) {
    const batch = await readBatch(reader);
    if (batch.length === 0) break;
    for (const e of batch) {
      if (e.isFile) out.push({ path: prefix + e.name, entry: e as FileSystemFileEntry });
      else if (e.isDirectory) await walk(e as FileSystemDirectoryEntry, `${prefix}${e.name}/`, out);
    }
  }
}

/**
 * Files of dropped entries: every file under the first dropped folder, named relative to it.
 * Loose files dropped beside it are ignored. Null when nothing was found.
 */
export async function filesOfEntries(entries: readonly FileSystemEntry[]): Promise<LooseInput | null> {
  const dir = entries.find((e) => e.isDirectory) as FileSystemDirectoryEntry | undefined;
  if (!dir) return null;
  const found: { path: string; entry: FileSystemFileEntry }[] = [];
  await walk(dir, '', found);
  const files = await Promise.all(found.map(async (f) => ({ name: f.path, file: await fileOf(f.entry) })));
  return { kind: 'folder', folder: dir.name, files };
}
