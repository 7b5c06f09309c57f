/**
 * Planning a package from scanned inputs: which files are audio, which are refused, which
 * split-mono pairs to join, which file is the mix, the stems' names, roles, ids and entries.
 * Reads only headers.
 * @module
 */
import { basename, dirname, join, resolve } from 'node:path';
import type { AudioHeader } from '../model/audio.js';
import { finding, type Finding } from '../model/finding.js';
import type { Role } from '../model/manifest.js';
import { openFileSource } from '../io/file-source.js';
import { readAudioHeader } from '../audio/read/header.js';
import { checkEntryName, collisionKey } from '../container/names.js';
import type { ScannedFile } from '../inputs/scan.js';
import { sortByClass } from '../inputs/files.js';
import { findSplitMonoPairs } from './split-mono.js';
import { pairMismatch } from './join.js';
import { findMix } from './mix.js';
import { inferRoles } from './roles.js';
import { idNames, uniqueIds } from './ids.js';
import { givenRole, rolesUnclearParams, unmatchedKeys, type UnclearStem } from './role-overrides.js';
import { splitExtension } from './tokens.js';
import { PackUsageError, type InferredRole } from './types.js';

/** An audio input file with its header. */
export interface AudioInput {
  scan: ScannedFile;
  header: AudioHeader;
}

/** One audio item of the package: a file as it is, or a split-mono pair to join. */
export interface PlannedItem {
  /** File name in the package (base name; for a pair, the joined name). */
  name: string;
  /** Path named in findings: the input file, or `<dir>/<joined name>` for a pair. */
  path: string;
  /** The input file(s): one, or left and right. */
  inputs: AudioInput[];
  /** Header as planned (for a pair: the left header as stereo, until the joined file exists). */
  header: AudioHeader;
  isMix: boolean;
  /** Package entry name (`mix/...`, `stems/...`). */
  entry: string;
  id: string;
  role: Role;
}

/**
 * Read the headers of the audio inputs; refuse session files, archives and audio formats other
 * than WAV/AIFF (the shared input classification, `src/inputs`); list other files as ignored.
 */
export async function readInputs(scanned: ScannedFile[], findings: Finding[], ignored: string[]): Promise<AudioInput[]> {
  const audio: AudioInput[] = [];
  const sorted = sortByClass(scanned.map((s) => ({ name: s.path, cls: s.cls, file: s })));
  findings.push(...sorted.findings);
  ignored.push(...sorted.ignored.map((i) => i.path));
  for (const s of sorted.audio) {
    const src = await openFileSource(s.path);
    try {
      const { header, findings: hf } = await readAudioHeader(src);
      findings.push(...hf);
      if (header && header.lossless) audio.push({ scan: s, header });
    } finally {
      await src.close();
    }
  }
  return audio;
}

/**
 * Group mono files into split-mono pairs: by name, then by iXML FILE_SET families of two.
 * A family of more than two present files (or whose TOTAL_FILES is above 2) cannot become one
 * stereo stem: it is returned in `families` for an SP-CH-002 refusal.
 */
export function pairInputs(audio: AudioInput[]): { pairs: [AudioInput, AudioInput, string][]; singles: AudioInput[]; families: { uid: string; members: AudioInput[] }[] } {
  const mono = audio.filter((a) => a.header.channels === 1);
  const byPath = new Map(audio.map((a) => [a.scan.path, a]));
  const used = new Set<AudioInput>();
  const pairs: [AudioInput, AudioInput, string][] = [];
  for (const p of findSplitMonoPairs(mono.map((a) => a.scan.path))) {
    const l = byPath.get(p.left)!;
    const r = byPath.get(p.right)!;
    used.add(l).add(r);
    pairs.push([l, r, p.joinedName]);
  }
  const families = new Map<string, AudioInput[]>();
  for (const a of mono) {
    const fs = a.header.ixml?.fileSet;
    if (used.has(a) || !fs?.familyUid || !((fs.totalFiles ?? 0) > 1)) continue;
    const l = families.get(fs.familyUid) ?? [];
    l.push(a);
    families.set(fs.familyUid, l);
  }
  const refused: { uid: string; members: AudioInput[] }[] = [];
  for (const [uid, members] of families) {
    if (members.length < 2) continue;
    if (members.length > 2 || members.some((m) => m.header.ixml?.fileSet?.totalFiles !== 2)) {
      refused.push({ uid, members });
      for (const m of members) used.add(m);
      continue;
    }
    const [l, r] = members.sort((a, b) => ((a.header.ixml?.fileSet?.fileSetIndex ?? '') < (b.header.ixml?.fileSet?.fileSetIndex ?? '') ? -1 : 1)) as [AudioInput, AudioInput];
    used.add(l).add(r);
    pairs.push([l, r, familyName(l.scan.path, r.scan.path)]);
  }
  pairs.sort((a, b) => (a[0].scan.path < b[0].scan.path ? -1 : 1));
  return { pairs, singles: audio.filter((a) => !used.has(a)), families: refused };
}

/** Joined name of an iXML pair: the common start of both names, trimmed of separators, plus the extension. */
function familyName(left: string, right: string): string {
  const [a, ext] = splitExtension(basename(left));
  const [b] = splitExtension(basename(right));
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const common = a.slice(0, i).replace(/[._\- ]+$/, '');
  return `${common.length > 0 ? common : a}${ext}`;
}

/** Everything {@link planItems} decides. */
export interface Plan {
  items: PlannedItem[];
  inferred: InferredRole[];
}

/** What {@link planItems} needs besides the audio: the mix and the roles the user gave. */
export interface PlanOptions {
  mix?: string;
  /** `--role` overrides (they win over `roleTable`). */
  roles?: Record<string, Role>;
  /** A roles.json table. */
  roleTable?: Record<string, Role>;
  /** The command as run, for the command line in the roles-unclear refusal. */
  commandLine?: readonly string[];
  /** Used when `commandLine` is absent. */
  inputs?: readonly string[];
  output?: string;
}

/**
 * Decide the mix, the stems' ids, roles and entry names. Pushes refusals: no or several mix
 * candidates, stems whose role stays unclear (one SP-MAN-002 `roles-unclear` listing them all),
 * unsafe or colliding entry names (SP-ZIP-008, SP-ZIP-009), split-mono pairs that do not match.
 * Throws {@link PackUsageError} for a `--role` key (not a pattern) that names no stem.
 */
export function planItems(audio: AudioInput[], opts: PlanOptions, findings: Finding[]): Plan {
  const { pairs, singles, families } = pairInputs(audio);
  for (const f of families) {
    const paths = f.members.map((m) => m.scan.path);
    findings.push(finding('SP-CH-002', paths[0]!, { pair: paths, familyUid: f.uid }));
  }
  const logical: Omit<PlannedItem, 'isMix' | 'entry' | 'id' | 'role'>[] = [];
  for (const [l, r, name] of pairs) {
    const mismatch = pairMismatch(l.scan.path, l.header, r.scan.path, r.header);
    if (mismatch.length > 0) {
      findings.push(...mismatch);
      continue;
    }
    // Planned as the joined file will be: stereo, no mask (the writer's default FL|FR).
    const { channelMask: _mono, ...h } = l.header;
    logical.push({
      name,
      path: join(dirname(l.scan.path), name),
      inputs: [l, r],
      header: { ...h, channels: 2, blockAlign: h.blockAlign * 2, dataSize: h.dataSize * 2 },
    });
  }
  for (const a of singles) logical.push({ name: basename(a.scan.path), path: a.scan.path, inputs: [a], header: a.header });
  logical.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.path < b.path ? -1 : 1));

  let mixIndex = -1;
  if (opts.mix !== undefined) {
    const want = resolve(opts.mix);
    mixIndex = logical.findIndex((it) => it.inputs.some((i) => resolve(i.scan.path) === want));
    if (mixIndex < 0) {
      findings.push(finding('SP-MAN-002', '/mix', { reason: 'mix-not-audio', mix: opts.mix }));
    }
  } else if (logical.length > 0) {
    const r = findMix(logical.map((it) => it.name));
    if (r.mix !== null) mixIndex = logical.findIndex((it) => it.name === r.mix);
    else {
      findings.push(finding('SP-MAN-002', '/mix', { reason: r.candidates.length > 0 ? 'mix-ambiguous' : 'mix-not-found', candidates: r.candidates, hint: '--mix FILE' }));
    }
  }
  const stems = logical.filter((_, i) => i !== mixIndex);
  if (stems.length === 0) {
    findings.push(finding('SP-MAN-002', '/stems', { reason: 'no-stems' }));
  }
  const ids = uniqueIds(idNames(stems.map((s) => s.name)), ['mix']);
  const keysOf = stems.map((s, i) => {
    const first = s.inputs[0]!.scan;
    return [s.name, splitExtension(s.name)[0], first.rel, basename(first.path), ids[i]!];
  });
  const unmatched = unmatchedKeys(opts.roles, keysOf);
  if (unmatched.length > 0) {
    const k = unmatched[0]!;
    const mixItem = mixIndex >= 0 ? logical[mixIndex]! : undefined;
    const isMix = mixItem !== undefined && [mixItem.name, splitExtension(mixItem.name)[0], mixItem.inputs[0]!.scan.rel].some((n) => n.toLowerCase() === k.toLowerCase());
    throw new PackUsageError(`--role "${k}=${opts.roles![k]}": ${isMix ? `${k} is the mix, not a stem` : `no stem is named ${k} (stems: ${stems.map((s) => s.name).join(', ') || 'none'})`}`);
  }
  const guesses = inferRoles(stems.map((s) => s.name));
  const inferred: InferredRole[] = [];
  const items: PlannedItem[] = [];
  const unclear: UnclearStem[] = [];
  if (mixIndex >= 0) {
    const m = logical[mixIndex]!;
    items.push({ ...m, isMix: true, entry: `mix/${entryFileName(m.name)}`, id: 'mix', role: 'other' });
  }
  const nameCount = new Map<string, number>();
  for (const s of stems) nameCount.set(s.name, (nameCount.get(s.name) ?? 0) + 1);
  stems.forEach((s, i) => {
    const g = guesses[i]!;
    const first = s.inputs[0]!.scan;
    const cli = givenRole(opts.roles, keysOf[i]!);
    const table = cli ? undefined : givenRole(opts.roleTable, keysOf[i]!);
    let role: Role;
    let reason: string;
    let ambiguous = false;
    if (cli) {
      role = cli.role;
      reason = `given: ${cli.role} (--role "${cli.key}")`;
    } else if (table) {
      role = table.role;
      reason = `given: ${table.role} (roles table "${table.key}")`;
    } else if (g.role !== null) {
      role = g.role;
      reason = g.reason;
    } else {
      role = 'other';
      reason = g.reason;
      ambiguous = true;
      unclear.push({ path: first.path, key: nameCount.get(s.name)! > 1 ? first.rel : s.name, candidates: g.candidates, reason: g.reason });
    }
    inferred.push({ path: first.path, role, reason, ambiguous });
    items.push({ ...s, isMix: false, entry: `stems/${entryFileName(s.name)}`, id: ids[i]!, role });
  });
  if (unclear.length > 0) {
    const argv = opts.commandLine ?? ['stempack', 'pack', ...(opts.inputs ?? []), '-o', opts.output ?? '<output>.stempack'];
    const p = rolesUnclearParams(unclear, argv);
    findings.push(finding('SP-MAN-002', '/stems', p));
  }
  checkEntries(items.map((it) => ({ name: it.entry, path: it.path })), findings);
  return { items, inferred };
}

/** SP-ZIP-008 for unsafe names, SP-ZIP-009 for names that collide after NFC and case folding. */
export function checkEntries(entries: { name: string; path: string }[], findings: Finding[]): void {
  const seen = new Map<string, string>();
  for (const e of entries) {
    const p = checkEntryName(e.name);
    if (p) findings.push(finding('SP-ZIP-008', e.path, { reason: p.kind, index: p.index, entry: e.name }));
    const k = collisionKey(e.name);
    const first = seen.get(k);
    if (first !== undefined) {
      findings.push(finding('SP-ZIP-009', e.path, { kind: 'collision', other: first, entry: e.name }));
    } else seen.set(k, e.name);
  }
}

/**
 * The file name an audio file gets inside the package: its own, except that the RIFF-family
 * aliases `.bwf`, `.wave` and `.rf64` become `.wav` (spec §6.1 names RIFF, RF64 and BW64 files
 * `.wav`). The bytes are stored unchanged; a file whose content does not fit its new name is
 * refused by the extension check (SP-AUD-008).
 */
export function entryFileName(name: string): string {
  return name.replace(/\.(bwf|wave|rf64)$/i, '.wav');
}
