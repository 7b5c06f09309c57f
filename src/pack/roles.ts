/**
 * Stem role inference from file names (spec §5.4 role vocabulary). Pure functions. The words and
 * what they mean live in {@link ./lexicon.ts}; this module only reads names with it.
 * @module
 */
import type { Role } from '../model/manifest.js';
import { BACKING_MODIFIERS, PHRASE_ROLES, WORDS, segment } from './lexicon.js';
import { nameParts } from './ids.js';
import { baseName, splitExtension, tokenize } from './tokens.js';

/** The outcome of inferring one file's role. */
export interface RoleInference {
  /** The inferred role, or null when no role or more than one role matched. */
  role: Role | null;
  /** True when the name matched no role or several: the user must choose (`roles` override). */
  ambiguous: boolean;
  /** Every role the name matched, in vocabulary order. */
  candidates: Role[];
  /** Why, in words: the words that matched. */
  reason: string;
}

/** Vocabulary order, for deterministic candidate lists. */
const ORDER: Role[] = [
  'drums', 'percussion', 'bass', 'guitars', 'keys', 'synths', 'strings', 'brass',
  'woodwinds', 'vocals-lead', 'vocals-backing', 'fx', 'ambience', 'other',
];

/**
 * The tokens of a name, chunk by chunk (a chunk is what lies between separators), with a single
 * letter that camelCase split off joined back when the two make a known word (`BVox` → bvox,
 * `LVox` → lvox, while `BGVox` stays bg vox).
 */
function nameTokens(name: string): string[] {
  const [stem] = splitExtension(baseName(name));
  const out: string[] = [];
  for (const chunk of stem.split(/[\s_\-.&+()[\],]+/)) {
    const t = tokenize(chunk);
    for (let i = 0; i < t.length; i++) {
      if (t[i]!.length === 1 && /[a-z]/.test(t[i]!) && i + 1 < t.length && WORDS.has(t[i]! + t[i + 1]!)) {
        out.push(t[i]! + t[i + 1]!);
        i++;
      } else out.push(t[i]!);
    }
  }
  return out;
}

/** The words of a name: its tokens, compounds split into known words (`02_tenorsax` → 02 tenor sax). */
export function nameWords(name: string): { words: string[]; splits: string[] } {
  const words: string[] = [];
  const splits: string[] = [];
  for (const t of nameTokens(name)) {
    const parts = segment(t);
    if (parts.length > 1) splits.push(`${t} = ${parts.join(' + ')}`);
    words.push(...parts);
  }
  return { words, splits };
}

/**
 * Infer a stem's role from its file name. Tokens are split on separators, camelCase and digits,
 * compounds into known words (`tenorsax`, `leadvox`, `subbass`); two-word phrases decide first
 * (`bass drum`, `synth bass`, `bass clarinet`), then single words; weak words (`808`, `sub`,
 * `room`, `acoustic`) count only when no firm word names another role. Exactly one role gives
 * that role; none or several (`Kick and Bass`) give `ambiguous: true` and `role: null`, so the
 * caller must ask the user.
 *
 * @example inferRole('02_tenorsax.wav') // { role: 'woodwinds', ambiguous: false, ... }
 */
export function inferRole(name: string): RoleInference {
  const { words, splits } = nameWords(name);
  const firm = new Map<Role, string[]>();
  const weak = new Map<Role, string[]>();
  const add = (m: Map<Role, string[]>, role: Role, why: string): void => {
    const l = m.get(role);
    if (l) l.push(why);
    else m.set(role, [why]);
  };
  const used = new Set<number>();
  for (let i = 0; i + 1 < words.length; i++) {
    if (used.has(i)) continue;
    const phrase = `${words[i]} ${words[i + 1]}`;
    const role = PHRASE_ROLES.get(phrase);
    if (role) {
      add(firm, role, `"${phrase}"`);
      used.add(i).add(i + 1);
    }
  }
  let vocal = false;
  let backing = false;
  words.forEach((w, i) => {
    if (used.has(i)) return;
    if (BACKING_MODIFIERS.has(w)) backing = true;
    const e = WORDS.get(w);
    if (!e || e.role === null) return;
    if (e.role === 'vocals-lead') vocal = true;
    add(e.weak ? weak : firm, e.role, `"${w}"`);
  });
  // "BG Vox", "Vocal Harmony": a vocal word plus a backing word is a backing vocal.
  if (vocal && backing) {
    const why = [...(firm.get('vocals-lead') ?? []), ...(firm.get('vocals-backing') ?? [])];
    firm.delete('vocals-lead');
    firm.set('vocals-backing', why.length > 0 ? why : ['backing word']);
  }
  const hits = firm.size > 0 ? firm : weak;
  const candidates = ORDER.filter((r) => hits.has(r));
  const split = splits.length > 0 ? ` (${splits.join(', ')})` : '';
  if (candidates.length === 1) {
    const role = candidates[0]!;
    return { role, ambiguous: false, candidates, reason: `name matched ${hits.get(role)!.join(', ')}${split} → ${role}` };
  }
  if (candidates.length === 0) {
    return { role: null, ambiguous: true, candidates, reason: `no role word in the name (words: ${words.join(' ') || 'none'})` };
  }
  return {
    role: null,
    ambiguous: true,
    candidates,
    reason: `name matched several roles: ${candidates.map((r) => `${r} (${hits.get(r)!.join(', ')})`).join('; ')}`,
  };
}

/** Roles that may share a prefix: a vocal group's "Vox Lead" and "Vox BV". */
function sameFamily(a: Role, b: Role): boolean {
  return a === b || (a.startsWith('vocals-') && b.startsWith('vocals-'));
}

/**
 * Infer roles for a whole stem set. Words every name shares at the start or the end (an
 * artist/title prefix, a `48k24` suffix, as in `KOR_KeepOnRolling_AL3_Bass_48k24.wav`) are set
 * aside first, and each name is read by its distinctive part, so a song called "Bass Line" does
 * not make every stem bass. A distinctive part with no role word of its own takes the role of the
 * shared words only when those are an instrument group (`Bass DI`, `Bass Amp`; `Drums Kick`,
 * `Drums Loop`): when the other stems name other roles, the shared words are a title and the stem
 * stays unclear. When the whole name and its distinctive part each name one role but not the same
 * (`BG_Vox 1` beside `BG_Vox 2`), the stem is unclear with both as candidates.
 */
export function inferRoles(names: string[]): RoleInference[] {
  const parts = nameParts(names);
  if (parts.every((p) => p.prefix === '' && p.suffix === '')) return names.map((n) => inferRole(n));
  const shared = `${parts[0]!.prefix} ${parts[0]!.suffix}`;
  const ignoring = ` (ignoring words all names share: ${nameWords(shared).words.join(' ')})`;
  const sharedRole = inferRole(shared).role;
  const own = parts.map((p) => inferRole(p.distinct));
  const group = sharedRole !== null && own.every((r) => r.role === null || sameFamily(r.role, sharedRole));
  return names.map((n, i) => {
    const o = own[i]!;
    const full = inferRole(n);
    // the whole name reads differently ("BG_Vox 1", "Bass Synth" beside "Bass DI"): ask
    if (o.role !== null && full.role !== null && full.role !== o.role) {
      const candidates = ORDER.filter((r) => r === o.role || r === full.role);
      return { role: null, ambiguous: true, candidates, reason: `the name reads as ${full.role} (${full.reason}), its distinctive part as ${o.role} (${o.reason})` };
    }
    if (o.candidates.length > 0) return { ...o, reason: `${o.reason}${ignoring}` };
    if (group) return full;
    if (full.candidates.length === 0) return full;
    return { ...o, reason: `${o.reason}${ignoring}` };
  });
}
