// Allowed signers files: the reader, pattern matching, validity times, and a differential check
// against the real ssh-keygen: for each line and question (identity, namespace, time), stempack
// trusts the key exactly when `ssh-keygen -Y verify` does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lookupSigner, matchPatternList, parseAllowedSigners, parseSshTime } from '../../src/sign/allowed-signers.js';
import { loadSigner, signMessage } from '../../src/sign/signer.js';
import { parseKeyLine } from '../../src/sign/keys.js';
import { keygen, requireSshKeygen, SSH_KEYGEN, tempDir } from '../helpers/sign.js';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFND7NmO58TskaW/mgYuxehAlwSh9Em+2XIF6MlfyCkR test-ed25519';

describe('reading allowed signers', () => {
  it('reads principals, options and the key; comments and blank lines are skipped', () => {
    const a = parseAllowedSigners(
      [
        '# the studio',
        '',
        `mixer@studio,ann@studio ${KEY}`,
        `  label@example namespaces="stempack-delivery,git",valid-after="20260101",valid-before="20261231235959Z" ${KEY}`,
        `"quoted principal" NAMESPACES="x" ${KEY}`,
      ].join('\n'),
      'as',
    );
    expect(a.notes).toEqual([]);
    expect(a.signers.map((s) => [s.line, s.principals, s.namespaces, s.validBeforeText])).toEqual([
      [3, 'mixer@studio,ann@studio', null, null],
      [4, 'label@example', 'stempack-delivery,git', '20261231235959Z'],
      [5, 'quoted principal', 'x', null],
    ]);
  });

  it('sets aside bad lines with a note naming the line, cert-authority lines included', () => {
    const a = parseAllowedSigners(
      [`x@y cert-authority ${KEY}`, 'x@y', `x@y bogus-option ${KEY}`, `x@y valid-after="2026" ${KEY}`, `x@y valid-after="20270101",valid-before="20260101" ${KEY}`, `x@y namespaces=unquoted ${KEY}`, 'x@y ssh-ed25519 AAAA*'].join('\n'),
      'f',
    );
    expect(a.signers).toEqual([]);
    expect(a.notes.map((n) => n.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(a.notes[0]!.message).toMatch(/cert-authority/);
    expect(a.notes[3]!.message).toMatch(/valid-after/);
  });

  it('reads times as ssh-keygen does (UTC with Z)', () => {
    expect(parseSshTime('20260102Z')).toBe(Date.UTC(2026, 0, 2) / 1000);
    expect(parseSshTime('202601021304Z')).toBe(Date.UTC(2026, 0, 2, 13, 4) / 1000);
    expect(parseSshTime('20260102130405Z')).toBe(Date.UTC(2026, 0, 2, 13, 4, 5) / 1000);
    expect(parseSshTime('20260102')).toBe(new Date(2026, 0, 2).getTime() / 1000);
    for (const bad of ['2026010', '2026010213', '20260231Z', '20261301', 'x']) expect(parseSshTime(bad), bad).toBeNull();
  });

  it('matches principal patterns as OpenSSH does', () => {
    expect(matchPatternList('mixer@studio', '*@studio')).toBe(true);
    expect(matchPatternList('mixer@studio', 'm?xer@*,other')).toBe(true);
    expect(matchPatternList('mixer@studio', '*@studio,!mixer@*')).toBe(false);
    expect(matchPatternList('mixer@studio', 'label@*')).toBe(false);
    expect(matchPatternList('a'.repeat(60), '*a*a*a*a*a*a*a*a*b')).toBe(false); // no exponential blow-up
  });
});

describe('trust decisions agree with ssh-keygen -Y verify', () => {
  let tmp: ReturnType<typeof tempDir>;
  let key: ReturnType<typeof keygen>;
  let sig = '';
  const message = new TextEncoder().encode('{"title": "Song"}\n');
  const NOW = Date.UTC(2026, 5, 15, 12) / 1000; // 2026-06-15T12:00:00Z

  beforeAll(async () => {
    requireSshKeygen();
    tmp = tempDir();
    key = keygen(tmp.dir, 'ed25519');
    sig = join(tmp.dir, 'm.sig');
    writeFileSync(sig, await signMessage(await loadSigner(key.key), message, 'stempack-delivery'));
  });
  afterAll(() => tmp.cleanup());

  const cases: { line: (k: string) => string; identity: string; trusted: boolean; status?: string }[] = [
    { line: (k) => `mixer@studio ${k}`, identity: 'mixer@studio', trusted: true },
    { line: (k) => `*@studio ${k}`, identity: 'mixer@studio', trusted: true },
    { line: (k) => `label@example ${k}`, identity: 'mixer@studio', trusted: false },
    { line: (k) => `mixer@studio namespaces="git" ${k}`, identity: 'mixer@studio', trusted: false },
    { line: (k) => `mixer@studio namespaces="stempack-*" ${k}`, identity: 'mixer@studio', trusted: true },
    { line: (k) => `mixer@studio valid-before="20260101Z" ${k}`, identity: 'mixer@studio', trusted: false, status: 'expired' },
    { line: (k) => `mixer@studio valid-after="20270101Z" ${k}`, identity: 'mixer@studio', trusted: false, status: 'not-yet-valid' },
    { line: (k) => `mixer@studio valid-after="20260615120000Z" ${k}`, identity: 'mixer@studio', trusted: true },
    { line: (k) => `mixer@studio valid-before="20260615120000Z" ${k}`, identity: 'mixer@studio', trusted: true },
    { line: (k) => `mixer@studio valid-after="20260101Z",valid-before="20261231Z" ${k}`, identity: 'mixer@studio', trusted: true },
    { line: (k) => `mixer@studio ${KEY}\nmixer@studio ${k}`, identity: 'mixer@studio', trusted: true },
  ];

  it.each(cases.map((c, i) => [i, c] as const))('case %i', (_i, c) => {
    const text = c.line(key.line) + '\n';
    const file = join(tmp.dir, 'allowed');
    writeFileSync(file, text);
    const r = spawnSync(SSH_KEYGEN, ['-Y', 'verify', '-f', file, '-I', c.identity, '-n', 'stempack-delivery', '-s', sig, '-O', 'verify-time=20260615120000Z'], { input: message, encoding: 'utf8' });
    expect(r.status === 0, `ssh-keygen: ${r.stdout}${r.stderr}`).toBe(c.trusted);
    const got = lookupSigner(parseAllowedSigners(text), parseKeyLine(key.line)!.blob, 'stempack-delivery', NOW, c.identity);
    expect(got.status === 'trusted').toBe(c.trusted);
    if (c.status) expect(got.status).toBe(c.status);
  });
});
