import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { checkEntryName, collisionKey, isNestedArchive, sessionFileKind } from '../../src/container/names.js';
import { crc32, crc32Update } from '../../src/container/crc32.js';
import { crc32 as zlibCrc32 } from 'node:zlib';

describe('checkEntryName', () => {
  it.each([
    ['stems/drums.wav', null],
    ['stems/', null],
    ['docs/notes – café.pdf', null],
    ['..a/b..', null],
    ['', 'empty'],
    ['../evil', 'dotdot'],
    ['a/../b', 'dotdot'],
    ['a/./b', 'dot'],
    ['/abs', 'absolute'],
    ['C:\\x', 'backslash'],
    ['c:x', 'drive'],
    ['a\\b', 'backslash'],
    ['a\u0000b', 'control'],
    ['a\nb', 'control'],
    ['a\u007fb', 'control'],
    ['a//b', 'empty-segment'],
    ['a//', 'empty-segment'],
  ])('%j -> %s', (name, kind) => {
    expect(checkEntryName(name)?.kind ?? null).toBe(kind);
  });
});

describe('collisionKey', () => {
  it('folds NFC/NFD and case', () => {
    expect(collisionKey('stems/caf\u00e9.wav')).toBe(collisionKey('stems/cafe\u0301.wav'));
    expect(collisionKey('Stems/A.wav')).toBe(collisionKey('stems/a.wav'));
    expect(collisionKey('stems/')).toBe(collisionKey('stems'));
    expect(collisionKey('stems/a.wav')).not.toBe(collisionKey('stems/b.wav'));
  });
});

describe('isNestedArchive', () => {
  it.each(['a.zip', 'b.STEMPACK', 'c.rar', 'd.7z', 'e.tar', 'f.tar.gz', 'g.tgz', 'h.bz2', 'i.xz', 'j.zst', 'k.dmg', 'l.iso'])('%s by extension', (n) => {
    expect(isNestedArchive(n)).toBe(true);
  });
  it('by magic', () => {
    const b = (...x: number[]) => new Uint8Array(x);
    expect(isNestedArchive('x.bin', b(0x50, 0x4b, 3, 4))).toBe(true);
    expect(isNestedArchive('x.bin', b(0x52, 0x61, 0x72, 0x21, 0x1a))).toBe(true);
    expect(isNestedArchive('x.bin', b(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c))).toBe(true);
    expect(isNestedArchive('x.bin', b(0x1f, 0x8b, 8))).toBe(true);
    const tar = new Uint8Array(512);
    tar.set(new TextEncoder().encode('ustar'), 257);
    expect(isNestedArchive('x.bin', tar)).toBe(true);
    expect(isNestedArchive('stems/a.wav', new TextEncoder().encode('RIFF\0\0\0\0WAVE'))).toBe(false);
    expect(isNestedArchive('stems/a.wav')).toBe(false);
  });
});

describe('sessionFileKind', () => {
  it.each([
    ['Song.ptx', 'Pro Tools'],
    ['x/Session File Backups/Song.bak.ptx', 'Pro Tools'],
    ['Session File Backups/', 'Pro Tools'],
    ['Song.logicx/', 'Logic Pro'],
    ['Song.logicx/Alternatives/000/ProjectData', 'Logic Pro'],
    ['Song.als', 'Ableton Live'],
    ['Song Project/Ableton Project Info/x.cfg', 'Ableton Live'],
    ['Song.cpr', 'Cubase'],
    ['Song.npr', 'Nuendo'],
    ['Song.flp', 'FL Studio'],
    ['Song.RPP', 'REAPER'],
    ['Song.rpp-bak', 'REAPER'],
    ['Song.song', 'Studio One'],
    ['Song.bwproject', 'Bitwig Studio'],
    ['Song.aup3', 'Audacity'],
    ['Song.band/', 'GarageBand'],
    ['Song.ardour', 'Ardour'],
    ['Song.reason', 'Reason'],
    ['Song.sesx', 'Adobe Audition'],
    ['Song.cwp', 'Cakewalk'],
    ['Song.vip', 'Samplitude'],
    ['stems/drums.wav', null],
    ['docs/song.pdf', null],
    ['.als', null],
  ])('%s -> %s', (name, daw) => {
    expect(sessionFileKind(name)).toBe(daw);
  });
});

describe('crc32', () => {
  it('matches known values', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
  fcTest.prop([fc.uint8Array({ maxLength: 5000 }), fc.nat(5000)])('chunked equals whole and equals zlib', (bytes, cut) => {
    const k = Math.min(cut, bytes.length);
    expect(crc32Update(crc32Update(0, bytes.subarray(0, k)), bytes.subarray(k))).toBe(crc32(bytes));
    if (typeof zlibCrc32 === 'function') expect(crc32(bytes)).toBe(zlibCrc32(bytes));
  });
});
