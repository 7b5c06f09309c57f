/** Opening a package file named on the command line; I/O errors become usage errors (exit 2). */
import { openFileSource, type FileSource } from '../io/file-source.js';
import { UsageError } from './util.js';

export async function openInput(path: string): Promise<FileSource> {
  try {
    return await openFileSource(path);
  } catch (e) {
    throw new UsageError(`cannot open ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
