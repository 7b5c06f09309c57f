// sign, verify, receipt and verify-receipt as a user meets them: the README's transcript replayed
// (fresh keys, the same package), exit codes, --json, detached signatures, imported and removed
// signatures, a passphrase-protected key without an agent, a tampered package, a stale receipt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { buildFixture, loadRecipes } from '../../src/conformance/index.js';
import { readZip } from '../../src/container/read-zip.js';
import { BytesSource } from '../../src/io/bytes-source.js';
import { stempack, ROOT } from './run.js';
import { keygen, requireSshKeygen, SSH_KEYGEN, tempDir } from '../helpers/sign.js';

let tmp: ReturnType<typeof tempDir>;
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

beforeAll(() => {
  requireSshKeygen();
  tmp = tempDir('sp-sign-cli-');
});
afterAll(() => tmp.cleanup());

/** The README's transcript blocks of the signatures section: commands and their output. */
function readmeBlocks(): { cmd: string; out: string[] }[][] {
  const text = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
  const section = text.slice(text.indexOf('## Signed deliveries and receipts'), text.indexOf('## In the browser'));
  return [...section.matchAll(/```text\n([\s\S]*?)\n```/g)].map((m) => {
    const steps: { cmd: string; out: string[] }[] = [];
    for (const line of m[1]!.split('\n')) {
      if (line.startsWith('$ ')) steps.push({ cmd: line.slice(2), out: [] });
      else steps.at(-1)!.out.push(line);
    }
    return steps;
  });
}

/** What differs between two honest runs: keys, fingerprints, digests. */
function normalise(s: string): string {
  return s
    .replace(/SHA256:[A-Za-z0-9+/]{43}/g, 'SHA256:<fingerprint>')
    .replace(/\b[0-9a-f]{64}\b/g, '<sha256>')
    .replace(/AAAA[A-Za-z0-9+/]+=*/g, '<key>');
}

describe('the README transcript, replayed', () => {
  it('every command of the signatures section gives the output the README shows (keys and digests aside)', () => {
    const dir = join(tmp.dir, 'readme');
    mkdirSync(join(dir, 'bin'), { recursive: true });
    writeFileSync(join(dir, 'Song.stempack'), buildFixture(loadRecipes(), 'valid-default').bytes);
    keygen(dir, 'ed25519', { name: 'id_ed25519', comment: 'mixer@studio' });
    keygen(dir, 'ed25519', { name: 'label_ed25519', comment: 'label@example' });
    writeFileSync(join(dir, 'bin', 'stempack'), `#!/bin/sh\nexec "${process.execPath}" "${resolve(ROOT, 'dist/src/cli/main.js')}" "$@"\n`);
    chmodSync(join(dir, 'bin', 'stempack'), 0o755);
    const env = { ...process.env, NO_COLOR: '1', PATH: `${join(dir, 'bin')}:${process.env['PATH']}` };
    const blocks = readmeBlocks();
    expect(blocks.length).toBe(3);
    expect(blocks[1]!.map((s) => s.cmd.split(' ')[0])).toEqual(['unzip', 'unzip', 'ssh-keygen']);
    for (const block of blocks) {
      for (const step of block) {
        const r = spawnSync('sh', ['-c', step.cmd], { cwd: dir, env, encoding: 'utf8' });
        expect(r.status, `${step.cmd}\n${r.stderr}`).toBe(0);
        expect(normalise(r.stdout.replace(/\n$/, '')), step.cmd).toBe(normalise(step.out.join('\n')));
      }
    }
  });
});

describe('stempack sign / verify', () => {
  let pkg = '';
  let mixer: ReturnType<typeof keygen>;
  let label: ReturnType<typeof keygen>;
  let allowed = '';

  beforeAll(() => {
    pkg = join(tmp.dir, 'Song.stempack');
    writeFileSync(pkg, buildFixture(loadRecipes(), 'valid-default').bytes);
    mixer = keygen(tmp.dir, 'ed25519', { name: 'mixer', comment: 'mixer@studio' });
    label = keygen(tmp.dir, 'ecdsa-256', { name: 'label', comment: 'label@example' });
    allowed = join(tmp.dir, 'allowed_signers');
    writeFileSync(allowed, `mixer@studio ${mixer.line}\n`);
  });

  it('have --help with the exit codes', () => {
    for (const cmd of ['sign', 'verify', 'receipt', 'verify-receipt']) {
      const r = stempack([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/Exit codes/);
      expect(r.stdout, cmd).toContain('--json');
    }
  });

  it('sign names the signature after the key comment by default, verify --json gives the verdict', () => {
    const out = join(tmp.dir, 'a.stempack');
    const r = stempack(['sign', pkg, '--key', mixer.key, '-o', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ added: [{ entry: 'signatures/mixer@studio.sig', keyType: 'ED25519' }], signatures: ['signatures/mixer@studio.sig'] });
    const v = stempack(['verify', out, '--allowed-signers', allowed, '--json']);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ verdict: { trusted: true, signedBy: ['mixer@studio'], filesMatch: true, hashesChecked: true } });
    // -o refuses to overwrite without --force; the input is left as it was
    expect(stempack(['sign', pkg, '--key', mixer.key, '-o', out]).code).toBe(2);
    expect(readdirSync(tmp.dir).filter((n) => n.includes('stempack-tmp'))).toEqual([]);
  });

  it('verify: exit 1 for an unknown signer or another identity, with the fingerprint; exit 2 without --allowed-signers', () => {
    const out = join(tmp.dir, 'b.stempack');
    expect(stempack(['sign', pkg, '--key', label.key, '--name', 'label', '-o', out]).code).toBe(0);
    const r = stempack(['verify', out, '--allowed-signers', allowed]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/signatures\/label\.sig\s+GOOD\s+ECDSA SHA256:\S+\s+unknown signer/);
    expect(r.stdout).toContain('NOT TRUSTED');
    const id = stempack(['verify', join(tmp.dir, 'a.stempack'), '--allowed-signers', allowed, '--identity', 'label@example']);
    expect(id.code).toBe(1);
    expect(id.stdout).toContain('for label@example');
    expect(stempack(['verify', out]).code).toBe(2);
  });

  it('--detached writes a signature file and leaves the package alone; verify --signature uses it', () => {
    const before = sha(pkg);
    const sigFile = join(tmp.dir, 'Song.stempack.sig');
    const r = stempack(['sign', pkg, '--key', mixer.key, '--detached', sigFile]);
    expect(r.code, r.stderr).toBe(0);
    expect(sha(pkg)).toBe(before);
    expect(readFileSync(sigFile, 'utf8')).toMatch(/^-----BEGIN SSH SIGNATURE-----\n/);
    const v = stempack(['verify', pkg, '--allowed-signers', allowed, '--signature', sigFile]);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toContain('Song.stempack.sig');
  });

  it('--import adds a signature ssh-keygen made; --remove takes it out again, byte for byte', () => {
    const signed = join(tmp.dir, 'c.stempack');
    expect(stempack(['sign', pkg, '--key', mixer.key, '--name', 'mixer', '-o', signed]).code).toBe(0);
    const before = readFileSync(signed);
    const manifest = join(tmp.dir, 'c-stempack.json');
    writeFileSync(manifest, execFileSync('unzip', ['-p', signed, 'stempack.json']));
    execFileSync(SSH_KEYGEN, ['-Y', 'sign', '-n', 'stempack-delivery', '-f', label.key, manifest], { stdio: 'ignore' });
    const add = stempack(['sign', signed, '--import', `${manifest}.sig`, '--name', 'label']);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('signatures label, mixer');
    writeFileSync(join(tmp.dir, 'both'), `mixer@studio ${mixer.line}\nlabel@example ${label.line}\n`);
    const v = stempack(['verify', signed, '--allowed-signers', join(tmp.dir, 'both'), '--json']);
    expect(JSON.parse(v.stdout).verdict.signedBy.sort()).toEqual(['label@example', 'mixer@studio']);
    expect(stempack(['sign', signed, '--remove', 'label']).code).toBe(0);
    expect(Buffer.compare(readFileSync(signed), before)).toBe(0);
    // a signature of another manifest is not imported
    const other = join(tmp.dir, 'other.json');
    writeFileSync(other, '{"title": "not this package"}');
    execFileSync(SSH_KEYGEN, ['-Y', 'sign', '-n', 'stempack-delivery', '-f', label.key, other], { stdio: 'ignore' });
    const bad = stempack(['sign', signed, '--import', `${other}.sig`]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('SP-SIG-004');
    expect(Buffer.compare(readFileSync(signed), before)).toBe(0);
  });

  it('a passphrase-protected key without ssh-agent: exit 2 and the commands to run', () => {
    const k = keygen(tmp.dir, 'ed25519', { name: 'locked', passphrase: 'secret words' });
    const r = stempack(['sign', pkg, '--key', k.key, '-o', join(tmp.dir, 'd.stempack')], { SSH_AUTH_SOCK: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('passphrase');
    expect(r.stderr).toContain(`ssh-add ${k.key}`);
    expect(existsSync(join(tmp.dir, 'd.stempack'))).toBe(false);
  });

  it('verify of a package whose audio changed after signing: the signature is good, the files do not match, exit 1', async () => {
    const signed = join(tmp.dir, 'e.stempack');
    expect(stempack(['sign', pkg, '--key', mixer.key, '--name', 'mixer', '-o', signed]).code).toBe(0);
    const b = readFileSync(signed);
    const bass = (await readZip(new BytesSource(b))).entries.find((e) => e.name === 'stems/bass.wav')!;
    b[bass.dataOffset + 2000]! ^= 1; // a sample bit (the CRC then fails too, as a careless tamperer leaves it)
    writeFileSync(signed, b);
    const r = stempack(['verify', signed, '--allowed-signers', allowed]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('GOOD');
    expect(r.stdout).toContain('the files do not match the signed manifest');
    expect(r.stdout).toContain('stems/bass.wav');
    // the same verdict as data: a good signature over files that do not match, naming the file
    const j = JSON.parse(stempack(['verify', signed, '--allowed-signers', allowed, '--json']).stdout) as { verdict: { filesMatch: boolean | null; trusted: boolean }; report: { findings: { code: string; path: string }[] } };
    expect(j.verdict).toMatchObject({ filesMatch: false, trusted: false });
    expect(j.report.findings.filter((f) => f.path === 'stems/bass.wav').map((f) => f.code)).toContain('SP-ZIP-013');
  });
});

describe('stempack receipt / verify-receipt', () => {
  it('a receipt of a package verifies against it, and not against the package re-signed later (SP-RCP-002)', () => {
    const pkg = join(tmp.dir, 'R.stempack');
    writeFileSync(pkg, buildFixture(loadRecipes(), 'valid-default').bytes);
    const mixer = keygen(tmp.dir, 'ed25519', { name: 'r-mixer', comment: 'mixer@studio' });
    const label = keygen(tmp.dir, 'rsa-3072', { name: 'r-label', comment: 'label@example' });
    expect(stempack(['sign', pkg, '--key', mixer.key, '--name', 'mixer']).code).toBe(0);
    const receipt = join(tmp.dir, 'R.receipt.json');
    const r = stempack(['receipt', pkg, '--key', label.key, '-o', receipt, '--report', join(tmp.dir, 'R.report.json')], { SOURCE_DATE_EPOCH: '1790000000' });
    expect(r.code, r.stderr).toBe(0);
    const rec = JSON.parse(readFileSync(receipt, 'utf8'));
    expect(rec.predicate).toMatchObject({ verdict: 'accepted', time: '2026-09-21T14:13:20Z', level: 'full' });
    expect(rec.subject.map((s: { name: string }) => s.name)).toEqual(['R.stempack', 'stempack.json', 'signatures/mixer.sig']);
    expect(rec.subject[0].digest.sha256).toBe(sha(pkg));
    expect(rec.predicate.report.sha256).toBe(sha(join(tmp.dir, 'R.report.json')));
    const receivers = join(tmp.dir, 'receivers');
    writeFileSync(receivers, `label@example ${label.line}\n`);
    const ok = stempack(['verify-receipt', pkg, '--receipt', receipt, '--allowed-signers', receivers, '--json']);
    expect(ok.code, ok.stdout).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, signedBy: 'label@example', predicate: { verdict: 'accepted' } });
    // the mixer adds a second signature afterwards: the file changed, the receipt is for the old one
    expect(stempack(['sign', pkg, '--key', label.key, '--name', 'label']).code).toBe(0);
    const stale = stempack(['verify-receipt', pkg, '--receipt', receipt, '--allowed-signers', receivers]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('SP-RCP-002');
    // a receipt signed by someone the mixer does not list
    const stranger = join(tmp.dir, 'nobody');
    writeFileSync(stranger, `mixer@studio ${mixer.line}\n`);
    const unk = stempack(['verify-receipt', pkg, '--receipt', receipt, '--allowed-signers', stranger]);
    expect(unk.code).toBe(1);
    expect(unk.stdout).toContain('SP-SIG-005');
  });
});
