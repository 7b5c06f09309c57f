/**
 * The manifest rules of spec §5.2 (and the layout and version rules it shares with §3.5,
 * §8.3 and §9) that a schema cannot express. Pure: the manifest alone, no package.
 */
import { finding } from '../model/finding.js';
import type { Finding } from '../model/finding.js';
import type { AudioItem, Layout, Manifest } from '../model/manifest.js';

/** Channel count each layout requires (spec §5.2); `discrete` accepts any. */
export const LAYOUT_CHANNELS: Record<Layout, number | null> = {
  mono: 1,
  stereo: 2,
  LCR: 3,
  quad: 4,
  '5.0': 5,
  '5.1': 6,
  '7.1': 8,
  discrete: null,
};

/** Loosest null tolerance the spec recommends (spec §8.3), dBFS. */
export const LOOSEST_RECOMMENDED_TOLERANCE = -60;

/** Folder each kind of item lives in (spec §3.5). */
export const FOLDERS = { mix: 'mix/', stems: 'stems/', attachments: 'docs/' } as const;

/** Key for comparing paths as a case-insensitive file system would (NFC, lower case). */
export function pathKey(p: string): string {
  return p.normalize('NFC').toLowerCase();
}

interface Located<T> {
  item: T;
  pointer: string;
}

function audioItems(m: Manifest): Located<AudioItem>[] {
  return [{ item: m.mix, pointer: '/mix' }, ...m.stems.map((s, i) => ({ item: s as AudioItem, pointer: `/stems/${i}` }))];
}

/**
 * Check a schema-valid manifest against the semantic rules: unique ids (SP-MAN-005) and
 * paths (SP-MAN-006), timeline rate (SP-MAN-011), credits and ISRC (SP-MAN-012), layout and
 * channels (SP-MAN-013), folders (SP-ZIP-012), null tolerance (SP-NULL-002), version names
 * (SP-REN-002) and the roles and stems versions name (SP-REN-001).
 * Findings are in manifest order; paths are JSON Pointers.
 */
export function checkManifestSemantics(m: Manifest): Finding[] {
  const out: Finding[] = [];
  const items = audioItems(m);

  const ids = new Map<string, string>();
  for (const { item, pointer } of items) {
    const first = ids.get(item.id);
    if (first !== undefined) {
      out.push(finding('SP-MAN-005', `${pointer}/id`, { id: item.id, first }));
    } else ids.set(item.id, `${pointer}/id`);
  }

  const paths = new Map<string, string>();
  const allPaths: Located<string>[] = [
    ...items.map(({ item, pointer }) => ({ item: item.path, pointer: `${pointer}/path` })),
    ...(m.attachments ?? []).map((a, i) => ({ item: a.path, pointer: `/attachments/${i}/path` })),
  ];
  for (const { item: p, pointer } of allPaths) {
    const key = pathKey(p);
    const first = paths.get(key);
    if (first !== undefined) {
      out.push(finding('SP-MAN-006', pointer, { path: p, first }));
    } else paths.set(key, pointer);
  }

  if (m.timeline.sampleRate !== m.format.sampleRate) {
    out.push(
      finding(
        'SP-MAN-011',
        '/timeline/sampleRate',
        { expected: m.format.sampleRate, found: m.timeline.sampleRate },
      ),
    );
  }

  if (!m.credits || m.credits.length === 0) {
    out.push(finding('SP-MAN-012', '/credits', { field: 'credits' }));
  }
  if (m.isrc === undefined) {
    out.push(finding('SP-MAN-012', '/isrc', { field: 'isrc' }));
  }

  for (const { item, pointer } of items) {
    const want = LAYOUT_CHANNELS[item.layout];
    if (want !== null && want !== item.channels) {
      out.push(
        finding(
          'SP-MAN-013',
          `${pointer}/layout`,
          { layout: item.layout, expected: want, found: item.channels },
        ),
      );
    }
  }

  const checkFolder = (p: string, pointer: string, folder: string): void => {
    if (!p.startsWith(folder) || p.length === folder.length || p.endsWith('/')) {
      out.push(
        finding('SP-ZIP-012', pointer, { expectedFolder: folder, found: p }),
      );
    }
  };
  checkFolder(m.mix.path, '/mix/path', FOLDERS.mix);
  m.stems.forEach((s, i) => checkFolder(s.path, `/stems/${i}/path`, FOLDERS.stems));
  (m.attachments ?? []).forEach((a, i) => checkFolder(a.path, `/attachments/${i}/path`, FOLDERS.attachments));

  if (m.null && m.null.tolerance > LOOSEST_RECOMMENDED_TOLERANCE) {
    out.push(
      finding(
        'SP-NULL-002',
        '/null/tolerance',
        { tolerance: m.null.tolerance, limit: LOOSEST_RECOMMENDED_TOLERANCE },
      ),
    );
  }

  const roles = new Set<string>(m.stems.map((s) => s.role));
  const stemIds = new Set<string>(m.stems.map((s) => s.id));
  const names = new Map<string, string>();
  (m.versions ?? []).forEach((v, vi) => {
    const first = names.get(v.name);
    if (first !== undefined) {
      out.push(
        finding('SP-REN-002', `/versions/${vi}/name`, { name: v.name, first }),
      );
    } else names.set(v.name, `/versions/${vi}/name`);
    v.rules.forEach((r, ri) => {
      const at = `/versions/${vi}/rules/${ri}`;
      if (r.role !== undefined && !roles.has(r.role)) {
        out.push(finding('SP-REN-001', `${at}/role`, { version: v.name, role: r.role }));
      }
      if (r.stem !== undefined && !stemIds.has(r.stem)) {
        out.push(finding('SP-REN-001', `${at}/stem`, { version: v.name, stem: r.stem }));
      }
    });
  });
  return out;
}
