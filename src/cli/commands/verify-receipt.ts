import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { sortFindings, type Finding } from '../../model/finding.js';
import { MANIFEST_NAME } from '../../model/manifest.js';
import { readZip } from '../../container/read-zip.js';
import { readEntryBytes } from '../../container/entry-data.js';
import { MAX_MANIFEST_BYTES } from '../../manifest/parse.js';
import { checkFindings, trustFindings } from '../../sign/check.js';
import { nodeSigCrypto } from '../../sign/crypto-node.js';
import { isSignatureEntry } from '../../sign/names.js';
import { compareSubjects, parseReceipt } from '../../sign/receipt.js';
import { RECEIPT_NAMESPACE } from '../../sign/sshsig.js';
import { checkSignature } from '../../sign/verify.js';
import { formatFindingLine } from '../format.js';
import { openInput } from '../package-source.js';
import { parseVerifyTime, readAllowedSigners, sha256Hex } from '../signing.js';
// the Node SHA-256 behind sourceSha256 (validate's Node entry registers it)
import '../../analysis/hash-node.js';
import { sourceSha256 } from '../../validate/validate.js';
import { collect, EXIT, painter, printJson, UsageError, useColor } from '../util.js';

interface VerifyReceiptCliOptions {
  receipt: string;
  signature?: string;
  allowedSigners: string[];
  identity?: string;
  verifyTime?: string;
  json?: boolean;
}

async function readOrUsage(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** `stempack verify-receipt`: a receipt's signature against allowed signers, and its subjects against a package. */
export function register(program: Command): void {
  program
    .command('verify-receipt')
    .description('Check a receipt: its SSH signature (namespace stempack-receipt) against allowed signers, and its digests against the package')
    .argument('<package>', 'the .stempack the receipt is for')
    .requiredOption('--receipt <file>', 'the receipt (JSON)')
    .option('--signature <file>', 'the receipt\'s signature (default: <receipt>.sig)')
    .requiredOption('--allowed-signers <file>', 'OpenSSH allowed signers file of who may sign receipts (repeatable)', collect)
    .option('--identity <principal>', 'require the receipt to be signed by this principal')
    .option('--verify-time <time>', 'check key validity at this time instead of now: YYYYMMDD[HHMM[SS]][Z] or ISO 8601')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExit codes: 0 the receipt is signed by an allowed signer and matches the package, 1 otherwise, 2 usage or I/O error.')
    .action(async (path: string, o: VerifyReceiptCliOptions) => {
      const signers = await readAllowedSigners(o.allowedSigners);
      const time = o.verifyTime !== undefined ? parseVerifyTime(o.verifyTime) : Math.floor(Date.now() / 1000);
      const receiptBytes = await readOrUsage(o.receipt);
      const sigPath = o.signature ?? `${o.receipt}.sig`;
      const sigBytes = await readOrUsage(sigPath);
      const findings: Finding[] = [];
      const c = await checkSignature(sigBytes, receiptBytes, { namespace: RECEIPT_NAMESPACE, crypto: nodeSigCrypto });
      if (c.outcome === 'verified') findings.push(...trustFindings([{ path: sigPath, check: c }], 1, RECEIPT_NAMESPACE, { signers, time, ...(o.identity !== undefined ? { identity: o.identity } : {}) }));
      else findings.push(...checkFindings(sigPath, c, o.receipt));
      const parsed = parseReceipt(receiptBytes, o.receipt);
      findings.push(...parsed.findings);
      if (parsed.receipt) {
        const src = await openInput(path);
        const sigs = new Map<string, string>();
        let manifestSha256: string | null = null;
        let packageSha256: string;
        try {
          // the package's digest from the same open as its entries' digests
          packageSha256 = await sourceSha256(src);
          const zip = await readZip(src);
          const me = zip.entries.find((e) => e.name === MANIFEST_NAME);
          const mb = me ? await readEntryBytes(src, me, MAX_MANIFEST_BYTES) : null;
          if (mb?.bytes) manifestSha256 = sha256Hex(mb.bytes);
          for (const e of zip.entries) {
            if (e.isDirectory || !isSignatureEntry(e.name) || !e.readable || e.method !== 0) continue;
            sigs.set(e.name, sha256Hex(await src.read(e.dataOffset, e.compressedSize)));
          }
        } finally {
          await src.close();
        }
        findings.push(...compareSubjects(parsed.receipt, { packageSha256, manifestSha256, signatures: sigs }, o.receipt));
      }
      const sorted = sortFindings(findings);
      const ok = !sorted.some((f) => f.severity === 'error');
      const signer = sorted.find((f) => f.code === 'SP-SIG-101');
      const principal = signer ? ((signer.params as { principal: string | null }).principal ?? null) : null;
      if (o.json) {
        printJson({ receipt: o.receipt, package: path, valid: ok, signedBy: principal, predicate: parsed.receipt?.predicate ?? null, findings: sorted });
      } else {
        const paint = painter(useColor(process.stdout));
        for (const f of sorted) if (f.severity !== 'info') process.stdout.write(formatFindingLine(f, paint) + '\n');
        if (signer) {
          const sp = signer.params as { keyType: string; fingerprint: string };
          process.stdout.write(`${sigPath}: GOOD, ${sp.keyType} key ${sp.fingerprint} ${principal !== null ? `from ${principal}` : 'from an unknown signer'}\n`);
        }
        if (parsed.receipt && !sorted.some((f) => f.code === 'SP-RCP-002')) process.stdout.write(`${o.receipt}: ${parsed.receipt.subject.map((x) => x.name).join(', ')} match ${path}\n`);
        const p = parsed.receipt?.predicate;
        const what = p ? `${p.verdict} at ${p.time} (${p.counts.error} errors, ${p.counts.warning} warnings; profile ${p.profile}, level ${p.level}, ${p.validator.name} ${p.validator.version})` : 'unreadable';
        process.stdout.write(ok ? paint('green', `RECEIPT OK: ${path} ${what}, signed by ${principal}\n`) : paint('red', `RECEIPT NOT VALID for ${path}: ${what}\n`));
      }
      process.exitCode = ok ? EXIT.OK : EXIT.FINDINGS;
    });
}
