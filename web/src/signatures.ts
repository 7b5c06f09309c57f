// The signatures of a validated package (spec §3.6, §3.7), from the report's SP-SIG findings:
// one row per signature with its key, fingerprint, signer and whether it verified (WebCrypto).
// Kept apart from main.ts so the page's package mode can change around it.
import type { Report } from '../../src/model/report.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Files dropped beside a package that are not packages: allowed signers files and detached signatures. */
export function isSignatureSidecar(name: string): 'allowed-signers' | 'signature' | null {
  if (/allowed[_-]?signers/i.test(name)) return 'allowed-signers';
  if (/\.sig$/i.test(name)) return 'signature';
  return null;
}

/** The signatures section, or '' when the package has none and none were dropped. */
export function signaturesHtml(report: Report, allowedSigners: string[]): string {
  const rows = new Map<string, { status: string; ok: boolean; key: string; who: string }>();
  for (const f of report.findings) {
    if (!f.code.startsWith('SP-SIG-') || f.path === '') continue;
    const p = f.params as Record<string, unknown>;
    const key = typeof p['fingerprint'] === 'string' ? `${typeof p['keyType'] === 'string' ? p['keyType'] + ' ' : ''}${p['fingerprint']}` : '';
    if (f.code === 'SP-SIG-101') {
      const who = typeof p['principal'] === 'string' ? p['principal'] : p['trusted'] === null ? 'signer not checked (drop an allowed_signers file beside the package)' : 'unknown signer';
      const prev = rows.get(f.path);
      rows.set(f.path, { status: prev?.status ?? (p['trusted'] === true ? 'verified, allowed signer' : 'verified'), ok: prev ? prev.ok : true, key, who });
    } else if (f.code === 'SP-SIG-006') {
      rows.set(f.path, { status: p['reason'] === 'expired' ? 'verified, key expired' : 'verified, key not valid yet', ok: false, key, who: String(p['principals'] ?? '') });
    } else {
      rows.set(f.path, { status: `NOT verified (${f.code})`, ok: false, key, who: f.message });
    }
  }
  const none = report.findings.find((f) => f.code === 'SP-SIG-005');
  if (rows.size === 0 && !none) return '';
  const body = [...rows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, r]) => `<tr class="${r.ok ? 'app-sig-ok' : 'app-sig-bad'}"><td><code>${esc(path)}</code></td><td>${esc(r.status)}</td><td><code>${esc(r.key)}</code></td><td>${esc(r.who)}</td></tr>`)
    .join('');
  const trust = allowedSigners.length > 0 ? `Signers checked against ${allowedSigners.map((n) => `<code>${esc(n)}</code>`).join(', ')}.` : 'Drop an <code>allowed_signers</code> file with the package to see who signed.';
  return `<section id="signatures" class="app-signatures" aria-label="Signatures"><h2>Signatures</h2><p>${trust}${none ? ` <strong>${esc(none.message)}</strong>` : ''}</p>${rows.size > 0 ? `<table><thead><tr><th>Signature</th><th>Status</th><th>Key</th><th>Signer</th></tr></thead><tbody>${body}</tbody></table>` : ''}</section>`;
}
