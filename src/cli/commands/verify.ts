import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { validate } from '../../validate/index.js';
import type { Report, ValidationLevel } from '../../model/report.js';
import { formatFindingLine } from '../format.js';
import { openInput } from '../package-source.js';
import { FILE_MISMATCH_CODES, parseVerifyTime, readAllowedSigners, signatureLines, type SignatureLine } from '../signing.js';
import { collect, EXIT, painter, printJson, progressReporter, UsageError, useColor, type Paint } from '../util.js';

interface VerifyCliOptions {
  allowedSigners: string[];
  signature?: string[];
  identity?: string;
  level: string;
  profile?: string;
  verifyTime?: string;
  json?: boolean;
}

/** What `verify` concludes. */
export interface VerifyVerdict {
  /** At least one signature from an allowed signer, and the package validates. */
  trusted: boolean;
  /** The principals of the allowed signers whose signatures verified. */
  signedBy: string[];
  /** Whether the files match the signed manifest: null when no signature verified. */
  filesMatch: boolean | null;
  /** Whether the file hashes were compared (level full). */
  hashesChecked: boolean;
}

export function verdictOf(report: Report, lines: SignatureLine[]): VerifyVerdict {
  const good = lines.filter((l) => l.status === 'good');
  const signedBy = [...new Set(good.filter((l) => l.trusted === true).map((l) => l.principal!))];
  const mismatch = report.findings.some((f) => f.severity === 'error' && FILE_MISMATCH_CODES.has(f.code));
  return { trusted: report.valid && signedBy.length > 0, signedBy, filesMatch: good.length === 0 ? null : !mismatch, hashesChecked: report.level === 'full' };
}

const MARK: Record<SignatureLine['status'], string> = {
  good: 'GOOD',
  bad: 'BAD',
  refused: 'REFUSED',
  malformed: 'MALFORMED',
  'wrong-namespace': 'WRONG NAMESPACE',
  expired: 'EXPIRED KEY',
  'not-yet-valid': 'KEY NOT VALID YET',
};

function formatVerify(path: string, report: Report, lines: SignatureLine[], v: VerifyVerdict, paint: Paint, identity?: string): string {
  const out: string[] = [paint('bold', path)];
  if (lines.length === 0) out.push('  no signature');
  for (const l of lines) {
    const mark = l.status === 'good' ? paint(l.trusted ? 'green' : 'yellow', MARK[l.status]) : paint('red', MARK[l.status]);
    const who = l.status === 'good' ? (l.principal ?? `unknown signer (no allowed signers line allows this key${identity !== undefined ? ` for ${identity}` : ''})`) : l.message;
    out.push(`  ${l.path}  ${mark}  ${l.keyType ?? ''}${l.fingerprint ? ` ${l.fingerprint}` : ''}  ${who}`);
  }
  const errors = report.findings.filter((f) => f.severity === 'error' && !f.code.startsWith('SP-SIG-'));
  if (errors.length > 0) {
    out.push('');
    for (const f of errors) out.push(formatFindingLine(f as never, paint));
  }
  out.push('');
  if (v.filesMatch === false) {
    out.push(paint('red', 'The signatures verify, but the files do not match the signed manifest: they vouch for nothing in this package.'));
  } else if (v.filesMatch === true) {
    out.push(v.hashesChecked ? 'Every file matches the signed manifest (SHA-256 of every byte).' : `The files were not hashed (level ${report.level}): use --level full to check them against the signed manifest.`);
  }
  const verdict = v.trusted ? paint('green', `TRUSTED: signed by ${v.signedBy.join(', ')}; the package validates`) : paint('red', 'NOT TRUSTED');
  const why = v.trusted ? '' : v.signedBy.length === 0 ? ': no good signature from an allowed signer' : ': the package does not validate';
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  out.push(`${verdict}${why} (${n(report.counts.error, 'error')}, ${n(report.counts.warning, 'warning')}, level ${report.level}, profile ${report.profile})`);
  return out.join('\n');
}

/** `stempack verify`: the signatures of a package against allowed signers, and the package itself. */
export function register(program: Command): void {
  program
    .command('verify')
    .description('Verify the signatures of a package against OpenSSH allowed signers files, and validate the package (every file hash at --level full)')
    .argument('<package>', '.stempack file')
    .requiredOption('--allowed-signers <file>', 'OpenSSH allowed signers file (principals, options, key per line; repeatable)', collect)
    .option('--signature <file>', 'a detached signature beside the package (repeatable)', collect)
    .option('--identity <principal>', 'require a signature from this principal (as ssh-keygen -Y verify -I)')
    .option('--level <level>', 'structure | headers | full (full compares every file with the signed manifest)', 'full')
    .option('--profile <name|file>', 'built-in profile (default, mastering, remix) or a profile JSON file')
    .option('--verify-time <time>', 'check key validity at this time instead of now: YYYYMMDD[HHMM[SS]][Z] or ISO 8601')
    .option('--json', 'print the verdict, the signatures and the validation report as JSON')
    .addHelpText(
      'after',
      '\nA signature whose key no allowed signers line lists is reported as good but from an unknown signer, with its SHA256 fingerprint.' +
        '\nExit codes: 0 at least one good signature from an allowed signer and the package validates, 1 otherwise, 2 usage or I/O error.',
    )
    .action(async (path: string, o: VerifyCliOptions) => {
      if (!['structure', 'headers', 'full'].includes(o.level)) throw new UsageError('--level must be one of structure, headers, full');
      const signers = await readAllowedSigners(o.allowedSigners);
      const time = o.verifyTime !== undefined ? parseVerifyTime(o.verifyTime) : Math.floor(Date.now() / 1000);
      const detached: { path: string; bytes: Uint8Array }[] = [];
      for (const s of o.signature ?? []) {
        try {
          detached.push({ path: s, bytes: await readFile(s) });
        } catch (e) {
          throw new UsageError(`cannot read ${s}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
      }
      let profile = o.profile;
      if (profile !== undefined && /[./\\]/.test(profile)) profile = await readFile(profile, 'utf8').catch((e: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read profile ${o.profile}: ${e.code ?? e.message}`);
      });
      const src = await openInput(path);
      const progress = progressReporter('verify');
      let report: Report;
      try {
        report = await validate(
          { source: src, name: basename(path) },
          {
            level: o.level as ValidationLevel,
            ...(profile !== undefined ? { profile } : {}),
            onProgress: (d, t) => progress(d, t),
            signatures: { detached, trust: { signers, time, ...(o.identity !== undefined ? { identity: o.identity } : {}) } },
          },
        );
      } finally {
        progress.end();
        await src.close();
      }
      const lines = signatureLines(report.findings);
      const v = verdictOf(report, lines);
      if (o.json) printJson({ package: path, verdict: v, signatures: lines, report });
      else process.stdout.write(formatVerify(path, report, lines, v, painter(useColor(process.stdout)), o.identity) + '\n');
      process.exitCode = v.trusted ? EXIT.OK : EXIT.FINDINGS;
    });
}
