// Role inference on names studios really write (issue #16 item 5): compounds, abbreviations,
// track numbers, DAW export patterns, false friends, and names that must stay unclear.
// The decisions (false friends, weak words) are in src/pack/lexicon.ts.
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { inferRole, inferRoles } from '../../src/pack/roles.js';
import { findMix } from '../../src/pack/mix.js';
import { idNames, nameParts, uniqueIds } from '../../src/pack/ids.js';
import { segment } from '../../src/pack/lexicon.js';
import type { Role } from '../../src/model/manifest.js';

/** [file name, expected role or null for "must stay unclear"]. */
const TABLE: [string, Role | null][] = [
  // the issue's own names
  ['02_tenorsax.wav', 'woodwinds'],
  ['01_altosax.wav', 'woodwinds'],
  // drums: kit pieces, abbreviations, compounds, numbers
  ['Kick.wav', 'drums'],
  ['Kik.wav', 'drums'],
  ['KICK IN.wav', 'drums'],
  ['KickIn.wav', 'drums'],
  ['KICKIN.wav', 'drums'],
  ['Kick Out.wav', 'drums'],
  ['kick_sub.wav', 'drums'],
  ['SubKick.wav', 'drums'],
  ['808 Kick.wav', 'drums'],
  ['Snare.wav', 'drums'],
  ['Snr.wav', 'drums'],
  ['SnareTop.wav', 'drums'],
  ['snaretop.wav', 'drums'],
  ['Snare Btm.wav', 'drums'],
  ['SN_bottom.wav', 'drums'],
  ['03 Snr Top.wav', 'drums'],
  ['Hi Hat.wav', 'drums'],
  ['HiHat.wav', 'drums'],
  ['hihat.wav', 'drums'],
  ['HH.wav', 'drums'],
  ['OH.wav', 'drums'],
  ['OH L.wav', 'drums'],
  ['Overheads.wav', 'drums'],
  ['Toms.wav', 'drums'],
  ['Floor Tom.wav', 'drums'],
  ['Rack Tom 1.wav', 'drums'],
  ['Ride.wav', 'drums'],
  ['Cymbals.wav', 'drums'],
  ['Drum Room.wav', 'drums'],
  ['DrumRoom.wav', 'drums'],
  ['Drums (Bounce 1).wav', 'drums'],
  ['1-Drums.wav', 'drums'],
  ['DRUMS_print.wav', 'drums'],
  ['Drum Bus.wav', 'drums'],
  ['Kit.wav', 'drums'],
  ['Beat.wav', 'drums'],
  ['Bass Drum.wav', 'drums'],
  ['bassdrum.wav', 'drums'],
  ['BD.wav', 'drums'],
  ['Drum Loop.wav', 'drums'],
  ['Drums Mix.wav', 'drums'],
  // percussion
  ['Perc.wav', 'percussion'],
  ['Percussion.wav', 'percussion'],
  ['Shaker.wav', 'percussion'],
  ['Tamb.wav', 'percussion'],
  ['Tambourine.wav', 'percussion'],
  ['Congas.wav', 'percussion'],
  ['Claps.wav', 'percussion'],
  ['Snaps.wav', 'percussion'],
  ['Cowbell.wav', 'percussion'],
  ['Timpani.wav', 'percussion'],
  ['Glockenspiel.wav', 'percussion'],
  ['Vibes.wav', 'percussion'],
  ['Marimba.wav', 'percussion'],
  ['Steel Drums.wav', 'percussion'],
  ['Cajon.wav', 'percussion'],
  // bass, and its false friends
  ['Bass.wav', 'bass'],
  ['BASS.wav', 'bass'],
  ['Bass DI.wav', 'bass'],
  ['BassDI.wav', 'bass'],
  ['Bass Amp.wav', 'bass'],
  ['Bass Gtr.wav', 'bass'],
  ['Bass Guitar.wav', 'bass'],
  ['Sub.wav', 'bass'],
  ['Sub Bass.wav', 'bass'],
  ['subbass.wav', 'bass'],
  ['SubBass.wav', 'bass'],
  ['Synth Bass.wav', 'bass'],
  ['synthbass.wav', 'bass'],
  ['SynthBass_01.wav', 'bass'],
  ['Moog Bass.wav', 'bass'],
  ['808.wav', 'bass'],
  ['808s.wav', 'bass'],
  ['Bassline.wav', 'bass'],
  ['Upright Bass.wav', 'bass'],
  ['Double Bass.wav', 'bass'],
  ['Acoustic Bass.wav', 'bass'],
  ['Electric Bass.wav', 'bass'],
  ['Bass.L.wav', 'bass'],
  ['Bass_L.wav', 'bass'],
  ['Bass_48k24.wav', 'bass'],
  ['Bass 44.1k 24bit.wav', 'bass'],
  ['Song - 03 - Bass.wav', 'bass'],
  ['Bassoon.wav', 'woodwinds'],
  ['Bassoons.wav', 'woodwinds'],
  ['Bass Clarinet.wav', 'woodwinds'],
  ['BassClarinet.wav', 'woodwinds'],
  ['Bass Flute.wav', 'woodwinds'],
  ['Bass Trombone.wav', 'brass'],
  ['Double Basses.wav', 'strings'],
  ['Contrabasses.wav', 'strings'],
  // guitars
  ['Gtr.wav', 'guitars'],
  ['GTR 1.wav', 'guitars'],
  ['Gtr2 (DI).wav', 'guitars'],
  ['Guitars.wav', 'guitars'],
  ['AC GTR.wav', 'guitars'],
  ['Ac Gtr.wav', 'guitars'],
  ['acgtr.wav', 'guitars'],
  ['Acoustic.wav', 'guitars'],
  ['Acoustic Guitar.wav', 'guitars'],
  ['El Gtr.wav', 'guitars'],
  ['ElecGtr.wav', 'guitars'],
  ['Electric Guitar L.wav', 'guitars'],
  ['Lead Gtr.wav', 'guitars'],
  ['leadgtr.wav', 'guitars'],
  ['Rhythm Gtr.wav', 'guitars'],
  ['GtrSolo.wav', 'guitars'],
  ['Banjo.wav', 'guitars'],
  ['Mandolin.wav', 'guitars'],
  ['Pedal Steel.wav', 'guitars'],
  ['Ukulele.wav', 'guitars'],
  // keys
  ['Keys.wav', 'keys'],
  ['Piano.wav', 'keys'],
  ['Pno.wav', 'keys'],
  ['PNO_L.wav', 'keys'],
  ['Grand Piano.wav', 'keys'],
  ['Acoustic Piano.wav', 'keys'],
  ['Rhodes.wav', 'keys'],
  ['Wurli.wav', 'keys'],
  ['Wurlitzer.wav', 'keys'],
  ['EP.wav', 'keys'],
  ['Electric Piano.wav', 'keys'],
  ['Organ.wav', 'keys'],
  ['Hammond.wav', 'keys'],
  ['B3 Organ.wav', 'keys'],
  ['Clav.wav', 'keys'],
  ['Keyboards.wav', 'keys'],
  ['Upright Piano.wav', 'keys'],
  ['Accordion.wav', 'keys'],
  // synths
  ['Synth.wav', 'synths'],
  ['Synths.wav', 'synths'],
  ['Pad.wav', 'synths'],
  ['SynthPad.wav', 'synths'],
  ['Arp.wav', 'synths'],
  ['Lead Synth.wav', 'synths'],
  ['LeadSynth.wav', 'synths'],
  ['Plucks.wav', 'synths'],
  ['Vocoder.wav', 'synths'],
  ['Synth Strings.wav', 'synths'],
  ['Talkbox.wav', 'synths'],
  ['Stabs.wav', 'synths'],
  // strings
  ['Strings.wav', 'strings'],
  ['Strs.wav', 'strings'],
  ['STRINGS_HIGH.wav', 'strings'],
  ['Vln.wav', 'strings'],
  ['Vln 1.wav', 'strings'],
  ['Violins.wav', 'strings'],
  ['Viola.wav', 'strings'],
  ['Celli.wav', 'strings'],
  ['Cello.wav', 'strings'],
  ['Harp.wav', 'strings'],
  ['Pizz.wav', 'strings'],
  ['Orchestra.wav', 'strings'],
  ['Fiddle.wav', 'strings'],
  // brass
  ['Brass.wav', 'brass'],
  ['Horns.wav', 'brass'],
  ['Horn Section.wav', 'brass'],
  ['Tpt.wav', 'brass'],
  ['Tpt 1.wav', 'brass'],
  ['Trumpet.wav', 'brass'],
  ['Tbn.wav', 'brass'],
  ['Trombones.wav', 'brass'],
  ['Hn.wav', 'brass'],
  ['French Horn.wav', 'brass'],
  ['FrenchHorn.wav', 'brass'],
  ['Tuba.wav', 'brass'],
  ['Flugelhorn.wav', 'brass'],
  ['Brass Stabs.wav', 'brass'],
  // woodwinds
  ['Sax.wav', 'woodwinds'],
  ['Tenor Sax.wav', 'woodwinds'],
  ['TENORSAX.wav', 'woodwinds'],
  ['AltoSax.wav', 'woodwinds'],
  ['Bari Sax.wav', 'woodwinds'],
  ['Saxophone.wav', 'woodwinds'],
  ['Flute.wav', 'woodwinds'],
  ['Clarinet.wav', 'woodwinds'],
  ['Oboe.wav', 'woodwinds'],
  ['English Horn.wav', 'woodwinds'],
  ['Piccolo.wav', 'woodwinds'],
  ['Harmonica.wav', 'woodwinds'],
  ['Woodwinds.wav', 'woodwinds'],
  // lead vocals
  ['Vox.wav', 'vocals-lead'],
  ['Vocal.wav', 'vocals-lead'],
  ['Lead Vocal.wav', 'vocals-lead'],
  ['LeadVocal.wav', 'vocals-lead'],
  ['leadvocal.wav', 'vocals-lead'],
  ['LeadVox.wav', 'vocals-lead'],
  ['leadvox.wav', 'vocals-lead'],
  ['LEADVOX_48k24.wav', 'vocals-lead'],
  ['Lead Vox.L.wav', 'vocals-lead'],
  ['LV.wav', 'vocals-lead'],
  ['Main Vocal.wav', 'vocals-lead'],
  ['Vocals (Bounce 1).wav', 'vocals-lead'],
  ['04 - Lead Vocal.wav', 'vocals-lead'],
  ['Rap.wav', 'vocals-lead'],
  ['LVox.wav', 'vocals-lead'],
  ['Vox Tuned.wav', 'vocals-lead'],
  // backing vocals
  ['BGV.wav', 'vocals-backing'],
  ['BGVs.wav', 'vocals-backing'],
  ['BVs.wav', 'vocals-backing'],
  ['bvs.wav', 'vocals-backing'],
  ['BV.wav', 'vocals-backing'],
  ['BG Vox.wav', 'vocals-backing'],
  ['BGVox.wav', 'vocals-backing'],
  ['Backing Vocals.wav', 'vocals-backing'],
  ['Backing Vox.wav', 'vocals-backing'],
  ['Vox Harmony.wav', 'vocals-backing'],
  ['Harmonies.wav', 'vocals-backing'],
  ['Vox Dbl.wav', 'vocals-backing'],
  ['Choir.wav', 'vocals-backing'],
  ['Adlibs.wav', 'vocals-backing'],
  ['Ad Libs.wav', 'vocals-backing'],
  ['Gang Vox.wav', 'vocals-backing'],
  ['Oohs.wav', 'vocals-backing'],
  ['BVox.wav', 'vocals-backing'],
  ['bkgvox.wav', 'vocals-backing'],
  ['Vox Stack.wav', 'vocals-backing'],
  // fx and ambience
  ['FX.wav', 'fx'],
  ['SFX.wav', 'fx'],
  ['Risers.wav', 'fx'],
  ['Impacts.wav', 'fx'],
  ['Sweeps.wav', 'fx'],
  ['Transitions.wav', 'fx'],
  ['Delay Return.wav', 'fx'],
  ['Mix Bus FX.wav', 'fx'],
  ['Ambience.wav', 'ambience'],
  ['Room.wav', 'ambience'],
  ['Room Mics.wav', 'ambience'],
  ['Reverb.wav', 'ambience'],
  ['Verb Return.wav', 'ambience'],
  ['Crowd.wav', 'ambience'],
  ['Other.wav', 'other'],
  ['Misc.wav', 'other'],
  // must stay unclear: no role word, or several
  ['Audio 1.wav', null],
  ['Audio 2_01.wav', null],
  ['Audio 1.L.wav', null],
  ['Track 07.wav', null],
  ['Track 1.L.aif', null],
  ['Bounce.wav', null],
  ['Lead.wav', null],
  ['Insert 3.wav', null],
  ['Untitled.wav', null],
  ['Drummer.wav', null],
  ['Chords.wav', null],
  ['Kick and Bass.wav', null],
  ['Piano Reverb.wav', null],
  ['Vox Verb.wav', null],
  ['Vocal FX.wav', null],
  ['Vox Delay.wav', null],
  ['Gtr and Keys.wav', null],
  ['Strings and Brass.wav', null],
];

describe('role inference on real names', () => {
  it('the table holds at least 150 names, each once', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(150);
    expect(new Set(TABLE.map(([n]) => n)).size).toBe(TABLE.length);
  });

  it.each(TABLE)('%s → %s', (name, role) => {
    const r = inferRole(name);
    expect({ role: r.role, ambiguous: r.ambiguous }).toEqual({ role, ambiguous: role === null });
    expect(r.reason.length).toBeGreaterThan(0);
    if (role !== null) expect(r.candidates).toEqual([role]);
  });

  it('unclear names carry the roles they matched (none, or several)', () => {
    expect(inferRole('Audio 1.wav').candidates).toEqual([]);
    expect(inferRole('Kick and Bass.wav').candidates).toEqual(['drums', 'bass']);
    expect(inferRole('Vox Verb.wav').candidates).toEqual(['vocals-lead', 'ambience']);
  });

  it('says how a compound was split', () => {
    expect(inferRole('02_tenorsax.wav').reason).toContain('tenorsax = tenor + sax');
  });
});

describe('segment', () => {
  it.each([
    ['tenorsax', ['tenor', 'sax']],
    ['leadvox', ['lead', 'vox']],
    ['subbass', ['sub', 'bass']],
    ['synthbass', ['synth', 'bass']],
    ['bassdrum', ['bass', 'drum']],
    ['bassoon', ['bassoon']],
    ['bassoons', ['bassoons']],
    ['acgtr', ['ac', 'gtr']],
    ['snaretop', ['snare', 'top']],
    ['fullmix', ['full', 'mix']],
    ['vocoder', ['vocoder']],
    ['untitled', ['untitled']],
    ['drummer', ['drummer']],
    ['808', ['808']],
  ])('%s → %j', (run, words) => {
    expect(segment(run)).toEqual(words);
  });
});

describe('role inference on a whole set', () => {
  const roles = (names: string[]) => inferRoles(names).map((r) => r.role);

  it('P&E Wing names: the artist, title, mixer and format every name shares are set aside', () => {
    const names = ['KOR', 'KOR', 'KOR', 'KOR'].map((a, i) => `${a}_KeepOnRolling_AL3_${['Drums', 'Bass', 'LeadVox', 'BGVs'][i]}_48k24.wav`);
    expect(roles(names)).toEqual(['drums', 'bass', 'vocals-lead', 'vocals-backing']);
  });

  it('a title with a role word does not give every stem that role', () => {
    const names = ['AB_BassLine_JD_Drums_48k24.wav', 'AB_BassLine_JD_Bass_48k24.wav', 'AB_BassLine_JD_Vox_48k24.wav', 'AB_BassLine_JD_Chords_48k24.wav'];
    expect(roles(names)).toEqual(['drums', 'bass', 'vocals-lead', null]);
    expect(inferRoles(names)[3]!.reason).toContain('ignoring words all names share');
  });

  it('shared words that are an instrument group keep their role', () => {
    expect(roles(['Bass DI.wav', 'Bass Amp.wav'])).toEqual(['bass', 'bass']);
    expect(roles(['Drums Kick.wav', 'Drums Loop.wav'])).toEqual(['drums', 'drums']);
    expect(roles(['Vox Lead.wav', 'Vox BV.wav'])).toEqual(['vocals-lead', 'vocals-backing']);
  });

  it('REAPER and numbered exports', () => {
    expect(roles(['Song - 01 - Kick.wav', 'Song - 02 - Snare.wav', 'Song - 03 - Bass.wav', 'Song - 04 - Audio 4.wav'])).toEqual(['drums', 'drums', 'bass', null]);
    expect(roles(['01_Kick.wav', '02_tenorsax.wav', '03_altosax.wav'])).toEqual(['drums', 'woodwinds', 'woodwinds']);
  });

  it('when the whole name and its own part disagree, it asks', () => {
    const r = inferRoles(['BG_Vox 1.wav', 'BG_Vox 2.wav']);
    expect(r.map((x) => [x.role, x.candidates])).toEqual([
      [null, ['vocals-lead', 'vocals-backing']],
      [null, ['vocals-lead', 'vocals-backing']],
    ]);
  });

  it('Pro Tools default names stay unclear', () => {
    expect(roles(['Audio 1.wav', 'Audio 2.wav', 'Audio 3.wav'])).toEqual([null, null, null]);
  });
});

describe('mix detection on real names', () => {
  it.each([
    [['Drums.wav', 'Bass.wav', 'Song_MIX.wav'], 'Song_MIX.wav'],
    [['Drums.wav', 'Bass.wav', 'Master.wav'], 'Master.wav'],
    [['Drums.wav', 'Bass.wav', 'Full Mix.wav'], 'Full Mix.wav'],
    [['Song - 01 - Drums.wav', 'Song - 02 - Bass.wav', 'Song - Main Mix.wav'], 'Song - Main Mix.wav'],
    [['KOR_KeepOnRolling_AL3_Bass_48k24.wav', 'KOR_KeepOnRolling_AL3_Drums_48k24.wav', 'KOR_KeepOnRolling_AL3_Mix_48k24.wav'], 'KOR_KeepOnRolling_AL3_Mix_48k24.wav'],
    [['AB_BassLine_JD_Drums_48k24.wav', 'AB_BassLine_JD_Mix_48k24.wav'], 'AB_BassLine_JD_Mix_48k24.wav'],
    [['Drums.wav', 'FULLMIX.wav'], 'FULLMIX.wav'],
    [['Drums.wav', 'Mix Bus FX.wav', 'Mix.wav'], 'Mix.wav'],
    [['Drums.wav', 'Drum Submix.wav', 'Song Mix.wav'], 'Song Mix.wav'],
    // a Logic bounce is any export: a firm mix word wins over "bounce"
    [['Audio 1_bounce.wav', 'Audio 2_bounce.wav', 'Song Mix_bounce.wav'], 'Song Mix_bounce.wav'],
    [['Drums.wav', 'Bass.wav', 'Bounce.wav'], 'Bounce.wav'],
  ])('%j → %s', (names, mix) => {
    expect(findMix(names).mix).toBe(mix);
  });

  it('a stem with a mix word is not the mix', () => {
    expect(findMix(['Mix Bus FX.wav', 'Drum Mix.wav', 'Vox Main.wav']).mix).toBeNull();
    expect(findMix(['Bass.wav', 'Bass Mix.wav']).mix).toBeNull();
  });
});

describe('ids of real names', () => {
  const ids = (names: string[]) => uniqueIds(idNames(names), ['mix']);
  it('drop shared prefixes and suffixes, track numbers, bounce marks and format tags', () => {
    expect(ids(['KOR_KeepOnRolling_AL3_Bass_48k24.wav', 'KOR_KeepOnRolling_AL3_LeadVox_48k24.wav'])).toEqual(['bass', 'leadvox']);
    expect(ids(['01_Kick.wav', '02_Snare.wav', '03 Bass.wav', '1-Gtr.wav'])).toEqual(['kick', 'snare', 'bass', 'gtr']);
    expect(ids(['Drums (Bounce 1).wav', 'Bass_bounce.wav', 'Keys_print.wav', 'Vox_48k24.wav'])).toEqual(['drums', 'bass', 'keys', 'vox']);
    expect(ids(['Song - 03 - Bass.wav', 'Song - 04 - Keys.wav'])).toEqual(['bass', 'keys']);
    expect(ids(['808 Bass.wav', 'Kick.wav'])).toEqual(['808-bass', 'kick']);
  });
  it('keep what tells stems apart', () => {
    expect(ids(['Audio 1.wav', 'Audio 2.wav'])).toEqual(['audio-1', 'audio-2']);
    expect(ids(['Gtr_01.wav', 'Gtr_02.wav'])).toEqual(['gtr_01', 'gtr_02']);
    expect(ids(['01_Gtr.wav', '02_Gtr.wav', 'Bass.wav'])).toEqual(['01_gtr', '02_gtr', 'bass']);
  });
  it('nameParts keeps a letter in every distinctive part', () => {
    expect(nameParts(['Audio 1.wav', 'Audio 2.wav']).map((p) => p.distinct)).toEqual(['Audio 1', 'Audio 2']);
  });
});

describe('properties', () => {
  test.prop([fc.array(fc.string(), { maxLength: 12 })])('ids from any names are unique and match the id pattern', (names) => {
    const ids = uniqueIds(idNames(names), ['mix']);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9._-]{0,63}$/);
  });
  test.prop([fc.stringMatching(/^[a-z]{0,60}$/)])('a split puts the run back together', (run) => {
    expect(segment(run).join('')).toBe(run);
  });
  test.prop([fc.array(fc.string(), { maxLength: 8 })])('inference on any names answers, one role or unclear with candidates', (names) => {
    for (const r of inferRoles(names)) {
      expect(r.ambiguous).toBe(r.role === null);
      if (r.role !== null) expect(r.candidates).toContain(r.role);
    }
  });
});
