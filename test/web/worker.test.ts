// The worker's logic without a browser (Node has Blob and WebAssembly): its report equals the
// library's, it reads the package in bounded slices (never the whole Blob), the hash-wasm pool
// covers every hash, and the pure-JS SHA-256 fallback gives the same digests as node:crypto.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { buildPackage } from '../helpers/package-builder.js';
import { BytesSource } from '../../src/io/bytes-source.js';
import { validate } from '../../src/validate/index.js';
import { runValidation } from '../../src/browser/worker.js';
import { jsSha256 } from '../../src/browser/sha256-js.js';
import { prepareSha256Pool, sha256PoolSize, sha256Stats } from '../../src/browser/hash-wasm.js';
import { createSha256, setSha256Factory } from '../../src/analysis/hash.js';
import { nodeSha256 } from '../../src/analysis/hash-node.js';
import type { FromWorker } from '../../src/browser/protocol.js';
import { manifestBytes, signPackage, testSigner } from '../helpers/sign.js';
import { formatKeyLine } from '../../src/sign/keys.js';
import { setSigCrypto, webSigCrypto } from '../../src/sign/crypto.js';
import { nodeSigCrypto } from '../../src/sign/crypto-node.js';
import { signMessage } from '../../src/sign/signer.js';

/** A Blob that records the size of every slice read from it. */
class CountingBlob extends Blob {
  slices: number[] = [];
  override slice(start?: number, end?: number, type?: string): Blob {
    this.slices.push((end ?? this.size) - (start ?? 0));
    return super.slice(start, end, type);
  }
}

describe('runValidation (the worker)', () => {
  it('gives the library report over bounded Blob slices, with every hash from the pool', async () => {
    const frames = 10 * 48000;
    const { bytes } = buildPackage({ frames });
    const blob = new CountingBlob([new Uint8Array(bytes)]);
    const msgs: FromWorker[] = [];
    try {
      await runValidation({ type: 'validate', id: 1, file: blob, name: 'ten.stempack', bins: 800 }, (m) => void msgs.push(m));
      expect(sha256Stats.fallback).toBe(0);
      expect(sha256Stats.pooled).toBeGreaterThanOrEqual(8);
    } finally {
      setSha256Factory(nodeSha256);
    }
    const done = msgs.find((m) => m.type === 'done');
    expect(done?.type).toBe('done');
    if (done?.type !== 'done') return;
    const lib = await validate({ source: new BytesSource(bytes, 'ten.stempack'), name: 'ten.stempack' }, { measure: 'all' });
    expect(done.report).toEqual(lib);
    expect(done.overviews?.files.length).toBe(4);
    expect(done.overviews?.bins).toBe(800);
    expect(done.manifest?.stems.map((s) => s.id)).toEqual(['drums', 'bass', 'vox']);
    // streaming: no slice near the package size (11.5 MB): blocks of 64 Ki frames (384 KiB here),
    // the waveform pass's files read ahead in pieces of at most 4 MiB (a Blob read costs much more
    // than its bytes in Chromium), whatever the package's size
    expect(bytes.length).toBeGreaterThan(10_000_000);
    expect(Math.max(...blob.slices)).toBeLessThanOrEqual(4 << 20);
    expect(Math.max(...blob.slices)).toBeLessThan(bytes.length / 3);
    // progress in both phases, ending at the total
    const prog = msgs.filter((m): m is Extract<FromWorker, { type: 'progress' }> => m.type === 'progress');
    expect(new Set(prog.map((p) => p.phase))).toEqual(new Set(['validate', 'overview']));
    const lastOv = prog.filter((p) => p.phase === 'overview').at(-1)!;
    expect(lastOv.done).toBe(lastOv.total);
  });

  it('verifies signatures with WebCrypto and names the signer from dropped allowed signers', async () => {
    const signed = await signPackage(buildPackage({ frames: 4800 }).bytes, testSigner(1, 'mixer@studio'), 'mixer');
    const allowed = `mixer@studio ${formatKeyLine('ssh-ed25519', testSigner(1).publicKeyBlob)}\n`;
    const detached = await signMessage(testSigner(2), await manifestBytes(signed.bytes), 'stempack-delivery');
    const msgs: FromWorker[] = [];
    setSigCrypto(webSigCrypto(globalThis.crypto.subtle));
    try {
      await runValidation(
        { type: 'validate', id: 3, file: new Blob([new Uint8Array(signed.bytes)]), name: 's.stempack', allowedSigners: [{ name: 'allowed_signers', text: allowed }], signatures: [{ name: 's.stempack.sig', bytes: new TextEncoder().encode(detached) }] },
        (m) => void msgs.push(m),
      );
    } finally {
      setSha256Factory(nodeSha256);
      setSigCrypto(nodeSigCrypto);
    }
    const done = msgs.find((m) => m.type === 'done');
    if (done?.type !== 'done') throw new Error('no report');
    expect(done.report.findings.filter((f) => f.code === 'SP-SIG-101').map((f) => [f.path, (f.params as { principal: string | null }).principal])).toEqual([
      ['s.stempack.sig', null],
      ['signatures/mixer.sig', 'mixer@studio'],
    ]);
    expect(done.report.valid).toBe(true);
  });

  it('reports a bad file as findings, not an error (a non-zip Blob)', async () => {
    const msgs: FromWorker[] = [];
    try {
      await runValidation({ type: 'validate', id: 2, file: new Blob([new Uint8Array(1000).fill(7)]), name: 'junk.stempack' }, (m) => void msgs.push(m));
    } finally {
      setSha256Factory(nodeSha256);
    }
    const done = msgs.find((m) => m.type === 'done');
    if (done?.type !== 'done') throw new Error('no report');
    expect(done.report.valid).toBe(false);
    expect(done.report.findings.map((f) => f.code)).toContain('SP-ZIP-001');
    expect(done.overviews).toBeNull();
  });
});

describe('SHA-256 in the browser', () => {
  it('the pure-JS fallback equals node:crypto for any split of any input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), fc.array(fc.nat(700), { maxLength: 5 }), (data, cuts) => {
        const h = jsSha256();
        let at = 0;
        for (const c of [...cuts].sort((a, b) => a - b)) {
          const end = Math.min(c, data.length);
          if (end > at) h.update(data.subarray(at, end));
          at = Math.max(at, end);
        }
        h.update(data.subarray(at));
        expect(h.hex()).toBe(createHash('sha256').update(data).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('the pool hands out hash-wasm instances, reuses them, and falls back when empty', async () => {
    try {
      await prepareSha256Pool(1);
      const n = sha256PoolSize().free;
      expect(n).toBeGreaterThanOrEqual(1);
      const held = Array.from({ length: n - 1 }, () => createSha256());
      const a = createSha256();
      const b = createSha256(); // pool empty: pure JS
      expect(sha256Stats).toEqual({ pooled: n, fallback: 1 });
      a.update(new TextEncoder().encode('abc'));
      b.update(new TextEncoder().encode('abc'));
      const want = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
      expect(a.hex()).toBe(want);
      expect(b.hex()).toBe(want);
      const c = createSha256(); // a went back to the pool
      expect(sha256Stats.pooled).toBe(n + 1);
      for (const h of held) h.hex();
      expect(c.hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    } finally {
      setSha256Factory(nodeSha256);
    }
  });
});
