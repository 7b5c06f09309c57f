/**
 * Stem role inference from file names (spec §5.4 role vocabulary). Pure functions.
 * @module
 */
import type { Role } from '../model/manifest.js';
import { tokenize } from './tokens.js';

/** The outcome of inferring one file's role. */
export interface RoleInference {
  /** The inferred role, or null when no role or more than one role matched. */
  role: Role | null;
  /** True when the name matched no role or several: the user must choose (`roles` override). */
  ambiguous: boolean;
  /** Every role the name matched, in vocabulary order. */
  candidates: Role[];
  /** Why, in words: the tokens that matched. */
  reason: string;
}

const WORDS: Record<string, Role> = {};
function words(role: Role, list: string): void {
  for (const w of list.split(/\s+/)) if (w) WORDS[w] = role;
}
words('drums', 'drum drums drm drms kick kik kck bd snare snr sn hat hats hihat hihats hh overhead overheads oh ohs tom toms cymbal cymbals cym ride crash kit beat beats breakbeat');
words('percussion', 'perc percs percussion shaker shakers tamb tambourine conga congas bongo bongos clap claps cowbell timbale timbales cabasa guiro triangle');
words('bass', 'bass basses sub subbass bassline');
words('guitars', 'gtr gtrs guitar guitars acoustic');
words('keys', 'keys keyboard keyboards kbd piano pianos pno organ organs rhodes wurli wurlitzer epiano clav clavinet harpsichord celesta');
words('synths', 'synth synths syn synthesizer pad pads arp arps arpeggio pluck plucks');
words('strings', 'strings string str strs violin violins vln vlns viola violas cello cellos celli harp orchestra');
words('brass', 'brass horn horns trumpet trumpets tpt trombone trombones tbn trb tuba flugelhorn');
words('woodwinds', 'woodwind woodwinds sax saxes saxophone flute flutes clarinet clarinets oboe oboes bassoon bassoons');
words('vocals-lead', 'vox vocal vocals voc vocs voice lv leadvocal leadvox');
words('vocals-backing', 'bv bvs bgv bgvs bgvox backing backings bkg bkgd harmony harmonies harm harms choir choirs adlib adlibs');
words('fx', 'fx sfx efx effects effect riser risers sweep sweeps impact impacts');
words('ambience', 'ambience ambiences ambient amb room rooms reverb reverbs verb rvb atmos atmosphere');
words('other', 'other others misc');

/** Two-token phrases that decide a role on their own (checked before single tokens). */
const PHRASES: Record<string, Role> = {
  'bass drum': 'drums',
  'bass guitar': 'bass',
  'bass gtr': 'bass',
  'double bass': 'bass',
  'upright bass': 'bass',
  'electric piano': 'keys',
  'lead vocal': 'vocals-lead',
  'lead vocals': 'vocals-lead',
  'lead vox': 'vocals-lead',
  'main vocal': 'vocals-lead',
  'lead synth': 'synths',
  'backing vocal': 'vocals-backing',
  'backing vocals': 'vocals-backing',
  'backing vox': 'vocals-backing',
  'bg vox': 'vocals-backing',
  'bg vocal': 'vocals-backing',
  'bg vocals': 'vocals-backing',
  'french horn': 'brass',
};

/** Tokens that turn a vocal into a backing vocal ("BG Vox", "Vocal Harmony", "Vox Doubles"). */
const BACKING_MODIFIERS = new Set(['bg', 'bv', 'bgv', 'backing', 'back', 'harmony', 'harmonies', 'harm', 'doubles', 'double', 'dbl', 'choir', 'bkg', 'adlib', 'adlibs', 'gang']);

/** Vocabulary order, for deterministic candidate lists. */
const ORDER: Role[] = [
  'drums', 'percussion', 'bass', 'guitars', 'keys', 'synths', 'strings', 'brass',
  'woodwinds', 'vocals-lead', 'vocals-backing', 'fx', 'ambience', 'other',
];

function lookup(token: string): Role | undefined {
  const direct = WORDS[token];
  if (direct) return direct;
  // Plural forms not listed ("kicks", "snares").
  if (token.length > 3 && token.endsWith('s')) return WORDS[token.slice(0, -1)];
  return undefined;
}

/**
 * Infer a stem's role from its file name. Exactly one matching role gives that role;
 * none or several (e.g. "Synth Bass": synths and bass) give `ambiguous: true` and
 * `role: null`, so the caller must ask the user.
 *
 * @example inferRole('LeadVox_48k24.wav') // { role: 'vocals-lead', ambiguous: false, ... }
 */
export function inferRole(name: string): RoleInference {
  const tokens = tokenize(name);
  const hits = new Map<Role, string[]>();
  const add = (role: Role, why: string): void => {
    const l = hits.get(role);
    if (l) l.push(why);
    else hits.set(role, [why]);
  };
  const used = new Set<number>();
  for (let i = 0; i + 1 < tokens.length; i++) {
    const phrase = `${tokens[i]} ${tokens[i + 1]}`;
    const role = PHRASES[phrase];
    if (role && !used.has(i)) {
      add(role, `"${phrase}"`);
      used.add(i).add(i + 1);
    }
  }
  let vocal = false;
  let backing = false;
  tokens.forEach((t, i) => {
    if (used.has(i)) return;
    if (BACKING_MODIFIERS.has(t)) backing = true;
    const role = lookup(t);
    if (!role) return;
    if (role === 'vocals-lead') vocal = true;
    add(role, `"${t}"`);
  });
  // "BG Vox", "Vocal Harmony": a vocal word plus a backing modifier is a backing vocal.
  if (vocal && backing) {
    const why = [...(hits.get('vocals-lead') ?? []), ...(hits.get('vocals-backing') ?? [])];
    hits.delete('vocals-lead');
    hits.set('vocals-backing', why.length > 0 ? why : ['backing modifier']);
  }
  const candidates = ORDER.filter((r) => hits.has(r));
  if (candidates.length === 1) {
    const role = candidates[0]!;
    return { role, ambiguous: false, candidates, reason: `name matched ${hits.get(role)!.join(', ')} → ${role}` };
  }
  if (candidates.length === 0) {
    return { role: null, ambiguous: true, candidates, reason: `no role word in the name (tokens: ${tokens.join(' ') || 'none'})` };
  }
  return {
    role: null,
    ambiguous: true,
    candidates,
    reason: `name matched several roles: ${candidates.map((r) => `${r} (${hits.get(r)!.join(', ')})`).join('; ')}`,
  };
}

/**
 * Infer roles for a whole stem set. Tokens every name shares (an artist/title prefix, a
 * `48k24` suffix, as in `AB_SongTitle_JD3_Drums_48k24.wav`) are ignored first, so a song
 * called "Bass Line" does not make every stem ambiguous. This only resolves names that are
 * ambiguous on their own; a name whose full inference is clear keeps it.
 */
export function inferRoles(names: string[]): RoleInference[] {
  if (names.length < 2) return names.map((n) => inferRole(n));
  const toks = names.map((n) => tokenize(n));
  const common = new Set(toks[0]!.filter((t) => toks.every((l) => l.includes(t))));
  return names.map((n, i) => {
    const full = inferRole(n);
    if (!full.ambiguous || common.size === 0) return full;
    const rest = toks[i]!.filter((t) => !common.has(t));
    if (rest.length === 0) return full;
    const reduced = inferRole(rest.join('_'));
    if (reduced.ambiguous) return full;
    return { ...reduced, reason: `${reduced.reason} (ignoring words all names share: ${[...common].join(' ')})` };
  });
}
