import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import ts from 'typescript';
import { FileSink } from '../../src/io/file-sink.js';
import { MemorySink } from '../../src/io/memory-sink.js';
import { openAtomicOutput, withAtomicOutput, OutputExistsError, removeStaleTemps } from '../../src/io/atomic.js';

const dir = mkdtempSync(join(tmpdir(), 'stempack-sinks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pattern(n: number, seed = 1): Uint8Array {
  const a = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    a[i] = s >>> 24;
  }
  return a;
}

describe('MemorySink', () => {
  it('appends, patches, grows and extends with zero fill', async () => {
    const m = new MemorySink(16);
    await m.write(new Uint8Array([1, 2, 3]));
    await m.write(pattern(100));
    await m.writeAt(1, new Uint8Array([9, 9]));
    expect(m.length).toBe(103);
    expect([...m.bytes().subarray(0, 4)]).toEqual([1, 9, 9, pattern(100)[0]]);
    await m.writeAt(105, new Uint8Array([7]));
    expect([...m.bytes().subarray(103)]).toEqual([0, 0, 7]);
    await m.close();
    await expect(m.write(new Uint8Array(1))).rejects.toThrow();
  });
});

describe('FileSink', () => {
  it('writes chunks of every size in order and patches in file and in buffer', async () => {
    const path = join(dir, 'fs1.bin');
    const sink = await FileSink.open(path, 'w', { bufferSize: 64 });
    const data = pattern(5000);
    const sizes = [1, 63, 64, 65, 0, 200, 7, 128, 3, 1000];
    let off = 0;
    let k = 0;
    while (off < data.length) {
      const n = Math.min(sizes[k++ % sizes.length]!, data.length - off);
      await sink.write(data.subarray(off, off + n));
      off += n;
    }
    expect(sink.position).toBe(5000);
    // patch spanning flushed and buffered bytes, at the start and near the end
    const p1 = new Uint8Array([0xaa, 0xbb, 0xcc, 0xdd]);
    await sink.writeAt(0, p1);
    data.set(p1, 0);
    const p2 = pattern(50, 7);
    await sink.writeAt(4940, p2);
    data.set(p2, 4940);
    await expect(sink.writeAt(4990, new Uint8Array(20))).rejects.toThrow(RangeError);
    await sink.close();
    await sink.close(); // idempotent
    expect(Buffer.compare(readFileSync(path), Buffer.from(data))).toBe(0);
  });

  it('writes at positions above 4 GiB (sparse file)', async () => {
    const path = join(dir, 'big.bin');
    const fh = await open(path, 'w');
    const sink = new FileSink(fh, { bufferSize: 16 });
    // Pretend 4 GiB + 10 were written by writing the tail at that position directly.
    const big = 2 ** 32 + 10;
    await fh.write(new Uint8Array(1), 0, 1, big - 1);
    // The sink itself writes from 0; use writeAt semantics on a separate sink to check offsets > 2^32.
    await sink.close();
    const fh2 = await open(path, 'r+');
    const s2 = new FileSink(fh2, { bufferSize: 16 });
    // Feed a huge chunk through position accounting without allocating it: position tracks numbers > 2^32.
    (s2 as unknown as { flushed: number }).flushed = big;
    await s2.write(new Uint8Array([1, 2, 3]));
    await s2.writeAt(big + 1, new Uint8Array([9]));
    await s2.flush();
    await s2.writeAt(big, new Uint8Array([8]));
    await s2.close();
    expect(statSync(path).size).toBe(big + 3);
    const fh3 = await open(path, 'r');
    const b = new Uint8Array(3);
    await fh3.read(b, 0, 3, big);
    await fh3.close();
    expect([...b]).toEqual([8, 9, 3]);
    rmSync(path);
  });
});

function tempsIn(d: string): string[] {
  return readdirSync(d).filter((n) => n.includes('.stempack-tmp-'));
}

describe('atomic output', () => {
  it('leaves the target untouched until commit', async () => {
    const target = join(dir, 'a.wav');
    const out = await openAtomicOutput(target, {});
    expect(out.tempPath.startsWith(join(dir, '.a.wav.stempack-tmp-'))).toBe(true);
    await out.sink.write(pattern(3000));
    expect(existsSync(target)).toBe(false);
    await out.commit();
    expect(readFileSync(target).length).toBe(3000);
    expect(tempsIn(dir)).toEqual([]);
  });

  it('refuses an existing target without force, replaces it with force', async () => {
    const target = join(dir, 'b.wav');
    writeFileSync(target, 'old');
    const err = await openAtomicOutput(target, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutputExistsError);
    expect((err as OutputExistsError).code).toBe('EEXIST');
    const out = await openAtomicOutput(target, { force: true });
    await out.sink.write(new Uint8Array([1, 2]));
    expect(readFileSync(target, 'utf8')).toBe('old');
    await out.commit();
    expect([...readFileSync(target)]).toEqual([1, 2]);
    expect(tempsIn(dir)).toEqual([]);
  });

  it('refuses at commit when the target appeared meanwhile, and leaves no temp', async () => {
    const target = join(dir, 'c.wav');
    const out = await openAtomicOutput(target, {});
    await out.sink.write(new Uint8Array([1]));
    writeFileSync(target, 'someone else');
    const err = await out.commit().catch((e: unknown) => e);
    expect((err as OutputExistsError).code).toBe('EEXIST');
    expect(readFileSync(target, 'utf8')).toBe('someone else');
    expect(tempsIn(dir)).toEqual([]);
  });

  it('abort leaves nothing; withAtomicOutput aborts on exception', async () => {
    const target = join(dir, 'd.wav');
    const out = await openAtomicOutput(target, {});
    await out.sink.write(pattern(10));
    await out.abort();
    await out.abort();
    expect(existsSync(target)).toBe(false);
    expect(tempsIn(dir)).toEqual([]);
    await expect(
      withAtomicOutput(target, {}, async (sink) => {
        await sink.write(pattern(10));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(target)).toBe(false);
    expect(tempsIn(dir)).toEqual([]);
    const r = await withAtomicOutput(target, {}, async (sink) => {
      await sink.write(pattern(10));
      return 42;
    });
    expect(r).toBe(42);
    expect(readFileSync(target).length).toBe(10);
  });
});

/** Transpile the two sink modules to plain JS in a temp dir so a child `node` can import them. */
function buildChildModules(out: string): void {
  const srcDir = resolve(import.meta.dirname, '../../src/io');
  for (const f of ['atomic', 'file-sink']) {
    const text = readFileSync(join(srcDir, `${f}.ts`), 'utf8');
    const js = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    writeFileSync(join(out, `${f}.js`), js);
  }
  writeFileSync(join(out, 'package.json'), '{"type":"module"}');
  writeFileSync(
    join(out, 'child.js'),
    `import { openAtomicOutput } from './atomic.js';
const out = await openAtomicOutput(process.argv[2], {});
process.stdout.write('started\\n');
for (let i = 0; ; i++) {
  await out.sink.write(new Uint8Array(4096).fill(i & 255));
  await out.sink.flush();
  await new Promise((r) => setTimeout(r, 5));
}
`,
  );
}

async function runAndKill(childDir: string, target: string, signal: NodeJS.Signals): Promise<void> {
  const child = spawn(process.execPath, [join(childDir, 'child.js'), target], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((res, rej) => {
    child.stdout.once('data', () => res());
    child.once('exit', (code) => rej(new Error(`child exited early: ${code}`)));
  });
  await new Promise((r) => setTimeout(r, 100)); // let it write a while
  const exited = new Promise<NodeJS.Signals | null>((res) => child.once('exit', (_c, sig) => res(sig)));
  child.kill(signal);
  expect(await exited).toBe(signal);
}

describe('atomic output in a killed process', () => {
  const childDir = mkdtempSync(join(tmpdir(), 'stempack-atomic-child-'));
  buildChildModules(childDir);
  afterAll(() => rmSync(childDir, { recursive: true, force: true }));

  it('SIGKILL mid-write leaves no file under the target name', async () => {
    const d = mkdtempSync(join(dir, 'kill-'));
    const target = join(d, 'stem.wav');
    await runAndKill(childDir, target, 'SIGKILL');
    expect(existsSync(target)).toBe(false);
    // the uncatchable kill leaves only the temp file behind, which removeStaleTemps clears
    expect(tempsIn(d).length).toBe(1);
    const stale = join(d, tempsIn(d)[0]!);
    const live = join(d, `.other.wav.stempack-tmp-${process.pid}-abc123`);
    writeFileSync(live, '');
    writeFileSync(join(d, 'unrelated.wav'), '');
    expect(await removeStaleTemps(d)).toEqual([stale]);
    expect(readdirSync(d).sort()).toEqual(['.other.wav.stempack-tmp-' + process.pid + '-abc123', 'unrelated.wav']);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('%s mid-write leaves neither the target nor a temp', async (sig) => {
    const d = mkdtempSync(join(dir, 'sig-'));
    const target = join(d, 'stem.wav');
    await runAndKill(childDir, target, sig);
    expect(readdirSync(d)).toEqual([]);
  });
});
