/**
 * Turning command-line arguments into the list of packages of a batch: files as given,
 * directories searched recursively for `*.stempack`, glob patterns (`*`, `?`, `**`) expanded
 * here (shells that already expanded them are fine too), URLs kept. Sorted, without duplicates.
 * @module
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

/** True for an http(s) URL argument. */
export function isUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/** True when a directory holds `.stempack` files directly (a batch folder, not a folder of stems). */
export async function holdsPackages(dir: string): Promise<boolean> {
  const names = await readdir(dir);
  return names.some((n) => n.toLowerCase().endsWith('.stempack')) && !names.some((n) => /\.(wav|wave|bwf|rf64|aiff?|aifc)$/i.test(n));
}

async function walk(dir: string, out: string[]): Promise<void> {
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) await walk(p, out);
    else if (d.isFile() && d.name.toLowerCase().endsWith('.stempack')) out.push(p);
  }
}

function globRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
      if (pattern[i + 1] === '/' || pattern[i + 1] === sep) i++;
    } else if (c === '*') re += '[^/\\\\]*';
    else if (c === '?') re += '[^/\\\\]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Expand arguments to package paths/URLs. Throws (with the argument) when one names nothing. */
export async function expandInputs(args: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const a of args) {
    if (isUrl(a)) {
      out.push(a);
      continue;
    }
    if (/[*?]/.test(a)) {
      const norm = a.replace(/\\/g, '/');
      const fixed = norm.slice(0, norm.search(/[*?]/));
      const root = fixed.includes('/') ? fixed.slice(0, fixed.lastIndexOf('/') + 1) : './';
      const files: string[] = [];
      await walk(root, files).catch(() => undefined);
      const re = globRegex(resolve(norm).replace(/\\/g, '/'));
      const hits = files.filter((f) => re.test(resolve(f).replace(/\\/g, '/')));
      if (hits.length === 0) throw new Error(`no package matches ${a}`);
      out.push(...hits);
      continue;
    }
    const st = await stat(a);
    if (st.isDirectory()) {
      const files: string[] = [];
      await walk(a, files);
      out.push(...files);
    } else out.push(a);
  }
  return [...new Set(out)].sort();
}
