// Interop both ways with the real ssh-keygen (OpenSSH), for every key type ssh-keygen makes that
// the issue names: packages stempack signs verify with `ssh-keygen -Y verify` (the manifest and the
// signature taken out with unzip), and signatures ssh-keygen makes over a package's manifest
// verify with stempack, detached and added to the package, on node:crypto and on WebCrypto.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '../../src/validate/index.js';
import { FileSource, BytesSource } from '../../src/io/index.js';
import { loadSigner } from '../../src/sign/signer.js';
import { rewriteSignatures } from '../../src/sign/package-file.js';
import { nodeSigCrypto } from '../../src/sign/crypto-node.js';
import { webSigCrypto } from '../../src/sign/crypto.js';
import { checkSignature } from '../../src/sign/verify.js';
import { parseAllowedSigners } from '../../src/sign/allowed-signers.js';
import { signMessage } from '../../src/sign/signer.js';
import { buildPackage } from '../helpers/package-builder.js';
import { KEYGEN_TYPES, keygen, requireSshKeygen, SSH_KEYGEN, tempDir, type KeygenType } from '../helpers/sign.js';

const TYPES = Object.keys(KEYGEN_TYPES) as KeygenType[];
const LABEL: Record<KeygenType, string> = { ed25519: 'ED25519', 'ecdsa-256': 'ECDSA', 'ecdsa-384': 'ECDSA', 'ecdsa-521': 'ECDSA', 'rsa-3072': 'RSA' };

let tmp: ReturnType<typeof tempDir>;
const keys = new Map<KeygenType, ReturnType<typeof keygen>>();
let pkgPath = '';
let manifest: Uint8Array;

beforeAll(() => {
  requireSshKeygen();
  tmp = tempDir();
  for (const t of TYPES) keys.set(t, keygen(tmp.dir, t, { comment: `${t}@studio` }));
  pkgPath = join(tmp.dir, 'Song.stempack');
  writeFileSync(pkgPath, buildPackage({ frames: 2400 }).bytes);
  manifest = execFileSync('unzip', ['-p', pkgPath, 'stempack.json']);
  writeFileSync(join(tmp.dir, 'stempack.json'), manifest);
});
afterAll(() => tmp.cleanup());

function keygenVerify(allowed: string, identity: string, sigFile: string, message: Uint8Array, namespace = 'stempack-delivery') {
  return spawnSync(SSH_KEYGEN, ['-Y', 'verify', '-f', allowed, '-I', identity, '-n', namespace, '-s', sigFile], { input: message, encoding: 'utf8' });
}

describe.each(TYPES)('%s', (type) => {
  it('a package stempack signs verifies with ssh-keygen -Y verify (manifest and signature taken out with unzip)', async () => {
    const k = keys.get(type)!;
    const out = join(tmp.dir, `signed-${type}.stempack`);
    const signer = await loadSigner(k.key);
    const text = await signMessage(signer, manifest, 'stempack-delivery');
    await rewriteSignatures(pkgPath, { add: [{ entry: 'signatures/mixer.sig', text }] }, { output: out });
    const sig = join(tmp.dir, `mixer-${type}.sig`);
    writeFileSync(sig, execFileSync('unzip', ['-p', out, 'signatures/mixer.sig']));
    const signed = execFileSync('unzip', ['-p', out, 'stempack.json']);
    expect(Buffer.compare(signed, manifest)).toBe(0);
    const allowed = join(tmp.dir, `allowed-${type}`);
    writeFileSync(allowed, `mixer@studio ${k.line}\n`);
    const r = keygenVerify(allowed, 'mixer@studio', sig, signed);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Good "stempack-delivery" signature for mixer@studio with ${LABEL[type]} key`);
    // ssh-keygen prints the same fingerprint stempack reports
    const src = await FileSource.open(out);
    const report = await validate({ source: src, name: 'Song.stempack' }, { level: 'structure', signatures: { trust: { signers: parseAllowedSigners(`mixer@studio ${k.line}\n`) } } });
    await src.close();
    const f = report.findings.find((x) => x.code === 'SP-SIG-101');
    expect(f?.params).toMatchObject({ keyType: LABEL[type], principal: 'mixer@studio', trusted: true });
    expect(r.stdout).toContain((f!.params as { fingerprint: string }).fingerprint);
    expect(report.valid).toBe(true);
  });

  it('a signature ssh-keygen makes over the manifest verifies with stempack: detached, added to the package, on node:crypto and WebCrypto', async () => {
    const k = keys.get(type)!;
    const msgFile = join(tmp.dir, `m-${type}.json`);
    writeFileSync(msgFile, manifest);
    execFileSync(SSH_KEYGEN, ['-Y', 'sign', '-n', 'stempack-delivery', '-f', k.key, msgFile], { stdio: 'ignore' });
    const sig = readFileSync(`${msgFile}.sig`);
    for (const crypto of [nodeSigCrypto, webSigCrypto(globalThis.crypto.subtle)]) {
      expect((await checkSignature(sig, manifest, { namespace: 'stempack-delivery', crypto })).outcome, crypto.name).toBe('verified');
    }
    const signers = parseAllowedSigners(`label@example ${k.line}\n`);
    // detached, beside the unsigned package
    const src = new BytesSource(readFileSync(pkgPath), 'Song.stempack');
    const detached = await validate({ source: src, name: 'Song.stempack' }, { level: 'structure', signatures: { detached: [{ path: 'Song.stempack.sig', bytes: sig }], trust: { signers } } });
    expect(detached.findings.filter((f) => f.code.startsWith('SP-SIG')).map((f) => [f.code, f.path, (f.params as { principal?: string }).principal])).toEqual([['SP-SIG-101', 'Song.stempack.sig', 'label@example']]);
    // added to the package
    const out = join(tmp.dir, `imported-${type}.stempack`);
    await rewriteSignatures(pkgPath, { add: [{ entry: 'signatures/label.sig', text: sig.toString() }] }, { output: out });
    const fs = await FileSource.open(out);
    const inside = await validate({ source: fs, name: 'Song.stempack' }, { level: 'full', signatures: { trust: { signers } } });
    await fs.close();
    expect(inside.valid, JSON.stringify(inside.findings)).toBe(true);
    expect(inside.findings.filter((f) => f.code.startsWith('SP-SIG')).map((f) => [f.code, f.path])).toEqual([['SP-SIG-101', 'signatures/label.sig']]);
  });
});

describe('determinism', () => {
  it('an Ed25519 signature is byte-identical to the one ssh-keygen writes for the same key and manifest', async () => {
    const k = keys.get('ed25519')!;
    const msgFile = join(tmp.dir, 'same.json');
    writeFileSync(msgFile, manifest);
    execFileSync(SSH_KEYGEN, ['-Y', 'sign', '-n', 'stempack-delivery', '-f', k.key, msgFile], { stdio: 'ignore' });
    const ours = await signMessage(await loadSigner(k.key), manifest, 'stempack-delivery');
    expect(ours).toBe(readFileSync(`${msgFile}.sig`, 'utf8'));
  });
});
