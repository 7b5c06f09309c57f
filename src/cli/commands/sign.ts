import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { withAtomicOutput } from '../../io/atomic.js';
import { nodeSigCrypto } from '../../sign/crypto-node.js';
import { defaultSignatureName, signatureEntryName, SIGNATURE_NAME, signatureNameOf } from '../../sign/names.js';
import { PackageSignError, readSignable, rewriteSignatures } from '../../sign/package-file.js';
import { describeSigner, loadSigner, signMessage, SignerError } from '../../sign/signer.js';
import { DELIVERY_NAMESPACE } from '../../sign/sshsig.js';
import { checkSignature, signerFacts } from '../../sign/verify.js';
import { checkFindings } from '../../sign/check.js';
import { collect, EXIT, printJson, UsageError } from '../util.js';

interface SignCliOptions {
  key?: string;
  name?: string;
  detached?: string;
  import?: string[];
  remove?: string[];
  agent?: boolean;
  output?: string;
  force?: boolean;
  json?: boolean;
}

/** Write a small text file atomically (no overwrite without force). */
async function writeText(path: string, text: string, force: boolean): Promise<void> {
  await withAtomicOutput(path, { force }, (sink) => sink.write(new TextEncoder().encode(text)));
}

function entryFor(name: string, what: string): string {
  const e = signatureEntryName(name);
  if (!e) throw new UsageError(`${what}: "${name}" is not a signature name (${SIGNATURE_NAME.source}: letters, digits, . _ @ + -, at most 64 characters)`);
  return e;
}

/** `stempack sign`: add (or remove) OpenSSH signatures of a package's manifest. */
export function register(program: Command): void {
  program
    .command('sign')
    .description('Sign a package with an SSH key (an OpenSSH SSHSIG signature of its manifest, stored as signatures/<name>.sig), or add or remove signatures')
    .argument('<package>', '.stempack file')
    .option('--key <file>', 'SSH private key (OpenSSH or PEM); a passphrase-protected key, a security key or a .pub file signs through the running ssh-agent')
    .option('--name <name>', 'the signature entry signatures/<name>.sig (default: the key comment, e.g. mixer@studio, else key-<fingerprint>)')
    .option('--detached <file>', 'write the signature to this file instead of into the package (the package is not changed)')
    .option('--import <file>', 'add a signature made elsewhere (ssh-keygen -Y sign -n stempack-delivery over the extracted stempack.json); repeatable', collect)
    .option('--remove <name>', 'remove the signature signatures/<name>.sig; "all" removes every signature (repeatable)', collect)
    .option('--agent', 'sign through ssh-agent even when the key file could be read')
    .option('-o, --output <file>', 'write the signed package here (default: rewrite <package> in place, atomically)')
    .option('--force', 'overwrite the -o or --detached file if it exists')
    .option('--json', 'print what was done as JSON')
    .addHelpText(
      'after',
      '\nOnly the signature entries and the central directory are rewritten: every other entry keeps its bytes and position.' +
        '\nA receiver verifies with `stempack verify`, or with unzip and `ssh-keygen -Y verify -n stempack-delivery` (README).' +
        '\nExit codes: 0 done, 1 an imported signature does not verify over this package, 2 usage or I/O error.',
    )
    .action(async (path: string, o: SignCliOptions) => {
      if (!o.key && !o.import?.length && !o.remove?.length) throw new UsageError('sign: give --key, --import or --remove');
      if (o.detached && (o.import?.length || o.remove?.length || o.output)) throw new UsageError('--detached writes a signature file only: it takes --key, not --import, --remove or -o');
      if (o.name && !o.key && (o.import?.length ?? 0) !== 1) throw new UsageError('--name names the signature made with --key (or one --import)');
      let pkg;
      try {
        pkg = await readSignable(path);
      } catch (e) {
        if (e instanceof PackageSignError) throw new UsageError(e.message);
        throw e;
      }
      const add: { entry: string; text: string; fingerprint: string; keyType: string }[] = [];
      if (o.key) {
        let signer;
        let text;
        try {
          signer = await loadSigner(o.key, o.agent ? { useAgent: true } : {});
          text = await signMessage(signer, pkg.manifestBytes, DELIVERY_NAMESPACE);
        } catch (e) {
          if (e instanceof SignerError) throw new UsageError(e.message);
          throw e;
        }
        const d = await describeSigner(signer);
        if (o.detached) {
          await writeText(o.detached, text, o.force ?? false);
          if (o.json) printJson({ package: path, detached: o.detached, fingerprint: d.fingerprint, keyType: d.type, via: signer.via });
          else process.stdout.write(`wrote ${o.detached}: a "${DELIVERY_NAMESPACE}" signature of ${path}'s manifest with ${d.type} key ${d.fingerprint}${signer.comment ? ` (${signer.comment})` : ''}\n`);
          return;
        }
        add.push({ entry: entryFor(o.name ?? defaultSignatureName(signer.comment, d.fingerprint), '--name'), text, fingerprint: d.fingerprint, keyType: d.type });
      }
      for (const file of o.import ?? []) {
        let bytes: Uint8Array;
        try {
          bytes = await readFile(file);
        } catch (e) {
          throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
        const c = await checkSignature(bytes, pkg.manifestBytes, { namespace: DELIVERY_NAMESPACE, crypto: nodeSigCrypto });
        if (c.outcome !== 'verified') {
          for (const f of checkFindings(file, c, 'stempack.json')) process.stderr.write(`error ${f.code} ${f.message}\n`);
          process.stderr.write(`stempack: ${file} was not added\n`);
          process.exitCode = EXIT.FINDINGS;
          return;
        }
        const facts = signerFacts(c);
        const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.sig$/, '').replace(/\.stempack$/, '');
        const name = o.name ?? (SIGNATURE_NAME.test(base) ? base : defaultSignatureName('', c.fingerprint));
        add.push({ entry: entryFor(name, '--import'), text: new TextDecoder().decode(bytes), fingerprint: facts.fingerprint, keyType: facts.keyType });
      }
      const names = new Set(add.map((a) => a.entry));
      if (names.size !== add.length) throw new UsageError('two signatures would get the same name: give --name');
      let remove: string[] = [];
      for (const r of o.remove ?? []) {
        if (r === 'all') remove = [...new Set([...remove, ...pkg.signatures])];
        else remove.push(entryFor(r, '--remove'));
      }
      remove = remove.filter((r) => !names.has(r));
      let result;
      try {
        result = await rewriteSignatures(path, { add, remove }, { ...(o.output ? { output: o.output } : {}), force: o.force ?? false });
      } catch (e) {
        if (e instanceof PackageSignError) throw new UsageError(e.message);
        throw e;
      }
      if (o.json) {
        printJson({ package: path, output: result.output, added: add.map((a) => ({ entry: a.entry, fingerprint: a.fingerprint, keyType: a.keyType })), removed: result.removed, signatures: result.signatures, keptBytes: result.kept, bytes: result.size });
        return;
      }
      for (const a of add) process.stdout.write(`added ${a.entry}: ${a.keyType} key ${a.fingerprint}\n`);
      for (const r of result.removed) process.stdout.write(`removed ${r}\n`);
      const list = result.signatures.map((s) => signatureNameOf(s)).join(', ') || 'none';
      process.stdout.write(`${result.output}: signatures ${list}; the first ${result.kept} bytes (every other entry) unchanged\n`);
    });
}
