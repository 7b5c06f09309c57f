import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { validate } from '../../validate/index.js';
import type { ValidationLevel } from '../../model/report.js';
import { openAtomicOutput } from '../../io/atomic.js';
import { MANIFEST_NAME } from '../../model/manifest.js';
import { readZip } from '../../container/read-zip.js';
import { readEntryBytes } from '../../container/entry-data.js';
import { MAX_MANIFEST_BYTES } from '../../manifest/parse.js';
import { isSignatureEntry } from '../../sign/names.js';
import { buildReceipt, rfc3339, serializeReceipt } from '../../sign/receipt.js';
import { describeSigner, loadSigner, signMessage, SignerError } from '../../sign/signer.js';
import { RECEIPT_NAMESPACE } from '../../sign/sshsig.js';
import { openInput } from '../package-source.js';
import { sha256Hex } from '../signing.js';
import { EXIT, printJson, progressReporter, UsageError } from '../util.js';

interface ReceiptCliOptions {
  key: string;
  output: string;
  signatureOutput?: string;
  report?: string;
  level: string;
  profile?: string;
  time?: string;
  agent?: boolean;
  force?: boolean;
  json?: boolean;
}

/**
 * Write files atomically, each under a temporary name, renamed into place only after every one
 * was written: a failed write leaves none. (A rename that fails after an earlier one succeeded
 * leaves that earlier file: renames of several files cannot be one step.)
 */
async function writeAll(files: { path: string; text: string }[], force: boolean): Promise<void> {
  const outs = [];
  try {
    for (const f of files) {
      const out = await openAtomicOutput(f.path, { force });
      outs.push(out);
      await out.sink.write(new TextEncoder().encode(f.text));
    }
    for (const out of outs) await out.commit();
  } catch (e) {
    for (const out of outs) await out.abort();
    throw e;
  }
}

/** The receipt time: --time, else SOURCE_DATE_EPOCH, else now (RFC 3339 UTC). */
function receiptTime(opt: string | undefined): string {
  if (opt !== undefined) {
    const ms = Date.parse(opt);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(opt) || !Number.isFinite(ms)) throw new UsageError(`--time: not an RFC 3339 date-time: ${opt}`);
    return rfc3339(ms);
  }
  const sde = process.env['SOURCE_DATE_EPOCH'];
  if (sde !== undefined && sde !== '') {
    if (!/^\d+$/.test(sde)) throw new UsageError(`SOURCE_DATE_EPOCH is not a number of seconds: ${sde}`);
    return rfc3339(Number(sde) * 1000);
  }
  return rfc3339(Date.now());
}

/** `stempack receipt`: the receiver validates a package and signs an in-toto statement of the result. */
export function register(program: Command): void {
  program
    .command('receipt')
    .description('Validate a package and write a signed receipt: an in-toto Statement (package, manifest and signature digests; verdict, counts, profile, level, report digest, time) and its SSH signature')
    .argument('<package>', '.stempack file')
    .requiredOption('--key <file>', 'the receiver\'s SSH key (as for sign: unencrypted keys directly, others through ssh-agent)')
    .requiredOption('-o, --output <file>', 'the receipt to write, e.g. Song.receipt.json')
    .option('--signature-output <file>', 'where the receipt\'s signature goes (default: <output>.sig)')
    .option('--report <file>', 'also write the validation report (JSON) whose SHA-256 the receipt records')
    .option('--level <level>', 'structure | headers | full', 'full')
    .option('--profile <name|file>', 'built-in profile (default, mastering, remix) or a profile JSON file')
    .option('--time <rfc3339>', 'the validation time recorded (default: SOURCE_DATE_EPOCH, else now)')
    .option('--agent', 'sign through ssh-agent even when the key file could be read')
    .option('--force', 'overwrite existing output files')
    .option('--json', 'print the receipt as JSON')
    .addHelpText(
      'after',
      '\nThe mixer checks a receipt with `stempack verify-receipt`, or with `ssh-keygen -Y verify -n stempack-receipt` (README).' +
        '\nExit codes: 0 receipt written and the package accepted, 1 receipt written and the package rejected (error-level findings), 2 usage or I/O error.',
    )
    .action(async (path: string, o: ReceiptCliOptions) => {
      if (!['structure', 'headers', 'full'].includes(o.level)) throw new UsageError('--level must be one of structure, headers, full');
      const time = receiptTime(o.time);
      let signer;
      try {
        signer = await loadSigner(o.key, o.agent ? { useAgent: true } : {});
      } catch (e) {
        if (e instanceof SignerError) throw new UsageError(e.message);
        throw e;
      }
      let profile = o.profile;
      if (profile !== undefined && /[./\\]/.test(profile)) profile = await readFile(profile, 'utf8').catch((e: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot read profile ${o.profile}: ${e.code ?? e.message}`);
      });
      const src = await openInput(path);
      const progress = progressReporter('receipt');
      let report;
      let manifestSha256: string | null = null;
      const signatures: { entry: string; sha256: string }[] = [];
      try {
        report = await validate({ source: src, name: basename(path) }, { level: o.level as ValidationLevel, hashPackage: true, ...(profile !== undefined ? { profile } : {}), onProgress: (d, t) => progress(d, t) });
        const zip = await readZip(src);
        const me = zip.entries.find((e) => e.name === MANIFEST_NAME);
        const mb = me ? await readEntryBytes(src, me, MAX_MANIFEST_BYTES) : null;
        if (mb?.bytes) manifestSha256 = sha256Hex(mb.bytes);
        for (const e of zip.entries) {
          if (e.isDirectory || !isSignatureEntry(e.name) || !e.readable || e.method !== 0) continue;
          signatures.push({ entry: e.name, sha256: sha256Hex(await src.read(e.dataOffset, e.compressedSize)) });
        }
      } finally {
        progress.end();
        await src.close();
      }
      if (manifestSha256 === null) throw new UsageError(`${path} has no readable manifest: there is nothing to give a receipt for`);
      const reportText = JSON.stringify(report, null, 2) + '\n';
      const receipt = buildReceipt({
        packageName: basename(path),
        packageSha256: report.package.sha256!,
        manifestSha256,
        signatures,
        report,
        reportSha256: sha256Hex(new TextEncoder().encode(reportText)),
        time,
      });
      const text = serializeReceipt(receipt);
      let sig;
      try {
        sig = await signMessage(signer, new TextEncoder().encode(text), RECEIPT_NAMESPACE);
      } catch (e) {
        if (e instanceof SignerError) throw new UsageError(e.message);
        throw e;
      }
      const sigPath = o.signatureOutput ?? `${o.output}.sig`;
      await writeAll([{ path: o.output, text }, { path: sigPath, text: sig }, ...(o.report ? [{ path: o.report, text: reportText }] : [])], o.force ?? false);
      const d = await describeSigner(signer);
      if (o.json) printJson(receipt);
      else {
        const c = report.counts;
        process.stdout.write(
          `${o.output}: ${receipt.predicate.verdict} (${c.error} errors, ${c.warning} warnings, ${c.info} info; profile ${report.profile}, level ${report.level}) at ${time}\n` +
            `${sigPath}: signed with ${d.type} key ${d.fingerprint}${signer.comment ? ` (${signer.comment})` : ''}\n`,
        );
      }
      process.exitCode = report.valid ? EXIT.OK : EXIT.FINDINGS;
    });
}
