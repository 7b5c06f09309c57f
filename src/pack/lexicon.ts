/**
 * The words of stem file names, as data: which role (spec §5.4) each word names, which words only
 * lean towards a role, which two-word phrases decide on their own, and which words name no role
 * but must be known to split compounds (`tenorsax` = tenor + sax, `leadvox` = lead + vox).
 * Role inference ({@link ./roles.ts}) reads this table; change what a word means here, not there.
 *
 * Decisions a mastering engineer would expect (and the spec leaves open):
 * - `bass` holds the bass part whatever plays it: bass guitar, synth bass, sub, 808, and the single
 *   upright / double / acoustic bass of a band. An orchestra's section (`double basses`,
 *   `contrabasses`) is strings.
 * - `bass drum` and `kick` are drums; `bassoon`, `bass clarinet`, `bass flute`, `bass sax` are
 *   woodwinds; `bass trombone` is brass; `vocoder` and `talkbox` are synths.
 * - `808` and `sub` lean to bass but give way to any firm word (`808 Kick` and `Sub Kick` are drums);
 *   `room` leans to ambience (`Drum Room` is drums); `acoustic`, `electric` lean to guitars
 *   (`Acoustic Piano` is keys).
 * - Fretted instruments (banjo, mandolin, ukulele, dobro, pedal steel) are guitars; harp and the
 *   bowed orchestra are strings; mallets (glockenspiel, vibraphone, marimba, xylophone) and timpani
 *   are percussion; accordion and harmonium are keys; harmonica is woodwinds.
 * - Delay and echo returns are fx (§5.4: "effect returns"); reverb returns are ambience.
 * - A vocal word with a backing word (`BG Vox`, `Vox Harmony`, `Vox Dbl`) is a backing vocal.
 * - `Lead` alone, `Audio 1`, `Track 07`, `Bounce` name no role: pack asks.
 * @module
 */
import type { Role } from '../model/manifest.js';

/** One row of the lexicon: words (space-separated) that mean the same to role inference. */
interface Row {
  /** The role the words name; null for words that name none (known only to split compounds). */
  role: Role | null;
  words: string;
  /** A weak word gives way to any firm word of another role in the same name. */
  weak?: true;
  /** Why, for readers of the table. */
  note?: string;
}

const ROWS: Row[] = [
  { role: 'drums', words: 'drum drums drm drms drumkit kit kits beat beats breakbeat breakbeats brushes', note: 'the kit as a whole' },
  { role: 'drums', words: 'kick kik kck bd kickdrum snare snr sn sd rim rimshot', note: 'kick (bass drum) and snare' },
  { role: 'drums', words: 'hat hats hihat hihats hh oh ohs overhead overheads tom toms floortom cymbal cymbals cym cyms ride crash china splash', note: 'hats, overheads, toms, cymbals' },
  { role: 'drums', words: '909 linndrum', weak: true, note: 'drum machines: a firm word elsewhere wins' },
  { role: 'percussion', words: 'perc percs percussion shaker shakers tamb tambo tambourine conga congas bongo bongos clap claps snap snaps fingersnap cowbell timbale timbales cabasa guiro triangle djembe cajon tabla agogo claves castanets woodblock gong chimes timpani glock glockenspiel vibes vibraphone marimba xylophone', note: 'percussion other than the kit, mallets and timpani' },
  { role: 'bass', words: 'bass bassline basslines bassgtr', note: 'the bass part: bass guitar, synth bass, upright' },
  { role: 'bass', words: 'sub subs 808 808s', weak: true, note: 'sub and 808 are the bass unless a firm word says otherwise (808 Kick, Sub Kick)' },
  { role: 'guitars', words: 'gtr gtrs guitar guitars guit dobro banjo mandolin mando ukulele uke bouzouki', note: 'guitars and fretted instruments' },
  { role: 'guitars', words: 'acoustic acoustics ac electric elec el eg ag', weak: true, note: '"Acoustic" alone is a guitar; Acoustic Piano is keys; EG/AG may be initials' },
  { role: 'keys', words: 'keys key keyboard keyboards kbd kbds piano pianos pno organ organs hammond rhodes wurli wurlitzer epiano clav clavinet harpsichord celesta celeste mellotron accordion harmonium keytar', note: 'piano, organ, electric piano' },
  { role: 'keys', words: 'ep grand', weak: true, note: 'EP (electric piano), Grand' },
  { role: 'synths', words: 'synth synths syn synthesizer synthesiser pad pads arp arps arpeggio arpeggios arpeggiator pluck plucks vocoder talkbox moog juno prophet supersaw', note: 'synthesisers, pads, arpeggios, vocoder' },
  { role: 'synths', words: 'seq sequence stab stabs', weak: true, note: 'Brass Stabs are brass; Stabs alone a synth' },
  { role: 'strings', words: 'strings string str strs stgs violin violins vln vlns vn vns viola violas vla vlas cello cellos celli vc vcs harp harps orchestra orch fiddle fiddles pizz pizzicato contrabasses contrabassi', note: 'bowed strings, harp, the orchestra' },
  { role: 'strings', words: 'quartet', weak: true, note: 'a string quartet unless said otherwise' },
  { role: 'brass', words: 'brass horn horns hn hns trumpet trumpets tpt tpts trp trombone trombones tbn tbns trb tuba tubas flugelhorn flugel cornet euphonium sousaphone', note: 'brass; a pop "horn section" too' },
  { role: 'woodwinds', words: 'woodwind woodwinds ww sax saxes saxophone saxophones flute flutes panpipes clarinet clarinets clar oboe oboes bassoon bassoons piccolo recorder harmonica', note: 'woodwinds, saxophones, harmonica' },
  { role: 'vocals-lead', words: 'vox vocal vocals voc vocs vx voice voices lv lvox rap', note: 'a vocal word alone is the lead vocal' },
  { role: 'vocals-backing', words: 'bv bvs bgv bgvs bgvox bvox bkg bkgd bgd backing backings harmony harmonies harm harms choir choirs adlib adlibs ooh oohs aah aahs', note: 'backing vocals' },
  { role: 'fx', words: 'fx sfx efx effect effects riser risers uplifter downlifter sweep sweeps impact impacts whoosh whooshes foley transition transitions delay delays dly echo echoes throw throws', note: 'effects and effect returns (delay, echo)' },
  { role: 'ambience', words: 'ambience ambiences ambient amb reverb reverbs verb verbs rvb atmos atmosphere crowd audience', note: 'ambience and reverb returns' },
  { role: 'ambience', words: 'room rooms', weak: true, note: 'Drum Room is drums; Room alone is ambience' },
  { role: 'other', words: 'other others misc click', note: 'anything else' },
  // Words that name no role. Known so that compounds split (`leadvox`, `snaretop`, `bassdi`,
  // `fullmix`) and so that a mix, a bounce or a take number is not read as an instrument.
  { role: null, words: 'lead main top bottom btm bot di amp mic mics close far left right mono stereo wide dry wet solo rhythm rhy chord chords line lines fill fills loop loops part parts section sect in out', note: 'positions, mics, parts' },
  { role: null, words: 'tenor alto bari baritone soprano upright double doubles dbl dbls back bg gang stack stacks hi low high mid open closed floor rack', note: 'modifiers: sax voices, vocal doubles, drum parts' },
  { role: null, words: 'mix mixes mixdown master mastered premaster full stereomix twomix print printed bounce bounced stem stems submix submixes bus group grp aux audio track take comp edit final', note: 'mix and export words' },
];

/** Two-word phrases that decide a role on their own (checked before single words). */
const PHRASES: [string, Role, string?][] = [
  ['bass drum', 'drums', 'the kick'],
  ['sub kick', 'drums'],
  ['bass guitar', 'bass'],
  ['bass gtr', 'bass'],
  ['electric bass', 'bass'],
  ['acoustic bass', 'bass'],
  ['upright bass', 'bass', 'a band\'s upright is its bass part'],
  ['double bass', 'bass', 'a band\'s double bass is its bass part'],
  ['string bass', 'bass'],
  ['double basses', 'strings', 'the orchestra\'s bass section'],
  ['synth bass', 'bass', 'spec §5.4: bass holds synth bass'],
  ['bass synth', 'bass'],
  ['moog bass', 'bass'],
  ['sub bass', 'bass'],
  ['bass clarinet', 'woodwinds'],
  ['bass clar', 'woodwinds'],
  ['bass flute', 'woodwinds'],
  ['bass sax', 'woodwinds'],
  ['bass saxophone', 'woodwinds'],
  ['bass trombone', 'brass'],
  ['bass tbn', 'brass'],
  ['electric piano', 'keys'],
  ['upright piano', 'keys'],
  ['electric guitar', 'guitars'],
  ['acoustic guitar', 'guitars'],
  ['pedal steel', 'guitars'],
  ['lap steel', 'guitars'],
  ['steel drum', 'percussion'],
  ['steel drums', 'percussion'],
  ['steel pan', 'percussion'],
  ['lead vocal', 'vocals-lead'],
  ['lead vocals', 'vocals-lead'],
  ['lead vox', 'vocals-lead'],
  ['main vocal', 'vocals-lead'],
  ['main vox', 'vocals-lead'],
  ['lead synth', 'synths'],
  ['synth strings', 'synths'],
  ['synth brass', 'synths'],
  ['string pad', 'synths'],
  ['talk box', 'synths'],
  ['backing vocal', 'vocals-backing'],
  ['backing vocals', 'vocals-backing'],
  ['backing vox', 'vocals-backing'],
  ['bg vox', 'vocals-backing'],
  ['bg vocal', 'vocals-backing'],
  ['bg vocals', 'vocals-backing'],
  ['ad lib', 'vocals-backing'],
  ['ad libs', 'vocals-backing'],
  ['french horn', 'brass'],
  ['english horn', 'woodwinds', 'a woodwind despite its name'],
  ['cor anglais', 'woodwinds'],
  ['pan flute', 'woodwinds'],
];

/** Words that turn a vocal into a backing vocal ("BG Vox", "Vocal Harmony", "Vox Doubles"). */
export const BACKING_MODIFIERS: ReadonlySet<string> = new Set(['bg', 'bv', 'bgv', 'backing', 'back', 'harmony', 'harmonies', 'harm', 'harms', 'doubles', 'double', 'dbl', 'dbls', 'choir', 'bkg', 'adlib', 'adlibs', 'gang', 'stack', 'stacks', 'ooh', 'oohs', 'aah', 'aahs']);

/** What the lexicon knows of one word. */
export interface WordEntry {
  role: Role | null;
  weak: boolean;
}

function build(): Map<string, WordEntry> {
  const m = new Map<string, WordEntry>();
  for (const r of ROWS) {
    for (const w of r.words.split(/\s+/)) {
      if (!w) continue;
      const e = { role: r.role, weak: r.weak === true };
      m.set(w, e);
      // the plain plural, unless listed ("kicks", "snares", "pianos")
      if (/[a-rt-wyz]$/.test(w) && !/\d/.test(w) && !m.has(`${w}s`)) m.set(`${w}s`, e);
    }
  }
  // the words of phrases are known too, so `frenchhorn` splits into french + horn
  for (const [p] of PHRASES) for (const w of p.split(' ')) if (!m.has(w)) m.set(w, { role: null, weak: false });
  return m;
}

/** Every known word (lower case) and the plural of each. */
export const WORDS: ReadonlyMap<string, WordEntry> = build();

/** The two-word phrases, keyed `"first second"`. */
export const PHRASE_ROLES: ReadonlyMap<string, Role> = new Map(PHRASES.map(([p, r]) => [p, r]));

/** The longest compound part tried (a bound on the segmenter's work). */
const MAX_RUN = 48;

/**
 * Split a lower-case run of letters into known words, if it is made only of them: the split with
 * the fewest parts wins (so `bassoon` stays whole rather than `bass` + `oon`), then the one whose
 * first part is longest. Parts are at least two letters. A known word, a number, or a run that
 * cannot be split entirely is returned as it is.
 *
 * @example segment('tenorsax') // ['tenor', 'sax']
 */
export function segment(run: string): string[] {
  if (WORDS.has(run) || run.length > MAX_RUN || !/^[a-z0-9]+$/.test(run) || /^\d+$/.test(run)) return [run];
  const n = run.length;
  // best[i]: the fewest parts covering run[i..], with the split that achieves it
  const best: (string[] | null)[] = new Array<string[] | null>(n + 1).fill(null);
  best[n] = [];
  for (let i = n - 2; i >= 0; i--) {
    for (let j = n; j >= i + 2; j--) {
      const rest = best[j];
      if (rest === null || rest === undefined) continue;
      const w = run.slice(i, j);
      if (!WORDS.has(w)) continue;
      const cand = [w, ...rest];
      const cur = best[i];
      if (cur === null || cur === undefined || cand.length < cur.length) best[i] = cand;
    }
  }
  const out = best[0];
  return out && out.length > 0 ? out : [run];
}
