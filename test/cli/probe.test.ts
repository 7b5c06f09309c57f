import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { CORPUS, stempack } from './run.js';

describe('stempack probe', () => {
  it('prints JSON with exact header facts and exits 0 on a clean file', () => {
    const r = stempack(['probe', '--json', resolve(CORPUS, 'aurora/bei16.aiff')]);
    expect(r.code).toBe(0);
    const [p] = JSON.parse(r.stdout);
    expect(p).toMatchObject({ container: 'aiff', sampleRate: 44100, channels: 2, bitsPerSample: 16, frames: 347379 });
    expect(p.chunks.map((c: { id: string }) => c.id)).toEqual(['COMT', 'COMM', 'CHAN', 'SSND', 'LGWV', 'MARK']);
  });

  it('exits 1 on a file with error-level findings (A-law is not lossless PCM)', () => {
    const r = stempack(['probe', '--json', resolve(CORPUS, 'aurora/alaw.aifc')]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)[0].findings.map((f: { code: string }) => f.code)).toContain('SP-AUD-001');
  });

  it('exits 2 on a missing file and on an unknown option', () => {
    expect(stempack(['probe', '/nonexistent/x.wav']).code).toBe(2);
    expect(stempack(['probe', '--bogus', 'x.wav']).code).toBe(2);
  });

  it('has --help on the command', () => {
    const r = stempack(['probe', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--json');
  });
});
