// Loose files from the page's inputs: a folder picked with `<input webkitdirectory>`, or a folder
// dropped (FileSystemDirectoryEntry, walked recursively). As `stempack validate <folder>` does,
// only the files directly inside the folder are validated; files in subfolders are counted, not used.

/** Loose files to validate, named relative to their folder. */
export interface LooseInput {
  /** `folder` for a picked or dropped folder, `files` for several files picked at once. */
  kind: 'folder' | 'files';
  /** The folder's name (the report's package path). */
  folder: string;
  files: { name: string; file: File }[];
  /** Files found in subfolders and left out. */
  skipped: number;
}

/** Files from a webkitdirectory input (each has `webkitRelativePath` = `<folder>/<name>` or deeper). */
export function filesOfFolderInput(list: readonly File[]): LooseInput | null {
  if (list.length === 0) return null;
  const folder = (list[0]!.webkitRelativePath || list[0]!.name).split('/')[0] ?? '';
  const files: LooseInput['files'] = [];
  let skipped = 0;
  for (const f of list) {
    const parts = (f.webkitRelativePath || f.name).split('/');
    if (parts.length <= 2) files.push({ name: parts[parts.length - 1]!, file: f });
    else skipped++;
  }
  return { kind: 'folder', folder, files, skipped };
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
 * Files of dropped entries: the first dropped folder (its direct files; deeper ones counted as
 * skipped). Loose files dropped beside it are ignored. Null when nothing was found.
 */
export async function filesOfEntries(entries: readonly FileSystemEntry[]): Promise<LooseInput | null> {
  const dir = entries.find((e) => e.isDirectory) as FileSystemDirectoryEntry | undefined;
  if (!dir) return null;
  const found: { path: string; entry: FileSystemFileEntry }[] = [];
  await walk(dir, '', found);
  const direct = found.filter((f) => !f.path.includes('/'));
  const files = await Promise.all(direct.map(async (f) => ({ name: f.path, file: await fileOf(f.entry) })));
  return { kind: 'folder', folder: dir.name, files, skipped: found.length - direct.length };
}
