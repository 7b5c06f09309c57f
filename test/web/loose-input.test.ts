// The page's loose-file readers (web/src/loose.ts) on stand-in File System entries and files:
// a dropped folder is walked in readEntries batches and every file under it is handed on, named
// relative to the folder (the validator classifies them, as the CLI does); a webkitdirectory
// list the same way.
import { describe, expect, it } from 'vitest';
import { filesOfEntries, filesOfFolderInput } from '../../web/src/loose.js';

type Node = { name: string; children?: Node[] };

/** A fake FileSystemEntry tree whose readers hand out entries two at a time. */
function entry(n: Node): FileSystemEntry {
  if (!n.children) {
    return { name: n.name, isFile: true, isDirectory: false, file: (ok: (f: File) => void) => ok(new File([n.name], n.name)) } as unknown as FileSystemEntry;
  }
  const kids = n.children.map(entry);
  return {
    name: n.name,
    isFile: false,
    isDirectory: true,
    createReader() {
      let i = 0;
      return { readEntries: (ok: (b: FileSystemEntry[]) => void) => void setTimeout(() => ok(kids.slice(i, (i += 2))), 0) };
    },
  } as unknown as FileSystemEntry;
}

describe('web loose inputs', () => {
  it('a dropped folder: every file in batches, subfolder files named by their relative path', async () => {
    const tree: Node = { name: 'Song', children: [{ name: 'mix.wav' }, { name: 'a.wav' }, { name: 'sub', children: [{ name: 'x.wav' }, { name: 'deep', children: [{ name: 'y.wav' }] }] }, { name: 'b.wav' }, { name: 'c.wav' }] };
    const got = await filesOfEntries([entry({ name: 'loose.wav' }), entry(tree)]);
    expect(got).not.toBeNull();
    expect(got!.kind).toBe('folder');
    expect(got!.folder).toBe('Song');
    expect(got!.files.map((f) => f.name)).toEqual(['mix.wav', 'a.wav', 'sub/x.wav', 'sub/deep/y.wav', 'b.wav', 'c.wav']);
    expect(await got!.files[1]!.file.text()).toBe('a.wav');
    expect(await filesOfEntries([entry({ name: 'a.wav' })])).toBeNull();
  });

  it('a webkitdirectory list: names relative to the folder, deeper files included', () => {
    const f = (rel: string) => Object.defineProperty(new File([rel], rel.split('/').pop()!), 'webkitRelativePath', { value: rel });
    const got = filesOfFolderInput([f('Song/mix.wav'), f('Song/bass.wav'), f('Song/old/bass.wav')]);
    expect(got).toMatchObject({ kind: 'folder', folder: 'Song' });
    expect(got!.files.map((x) => x.name)).toEqual(['mix.wav', 'bass.wav', 'old/bass.wav']);
    expect(filesOfFolderInput([])).toBeNull();
  });
});
