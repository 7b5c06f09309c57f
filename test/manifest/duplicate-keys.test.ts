// Repeated member names (spec §5.1, SP-MAN-014): the scanner finds every repeat, at the JSON
// Pointer of the repeated member, compares names after their escapes are resolved, and stays
// linear and stack-safe on hostile input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findDuplicateMembers, MAX_DUPLICATES } from '../../src/manifest/duplicate-keys.js';

const enc = new TextEncoder();
const dups = (t: string) => findDuplicateMembers(t).duplicates.map((d) => [d.pointer, d.name]);

/** The name at a byte offset of `text`: the JSON string that starts there. */
function nameAt(text: string, byteOffset: number): string {
  const rest = new TextDecoder().decode(enc.encode(text).subarray(byteOffset));
  expect(rest[0]).toBe('"');
  let k = 1;
  while (rest[k] !== '"') k += rest[k] === '\\' ? 2 : 1;
  return JSON.parse(rest.slice(0, k + 1)) as string;
}

describe('findDuplicateMembers', () => {
  it('finds a repeat at the top level, with both byte offsets', () => {
    const t = '{"title": "A", "artist": "B", "title": "C"}';
    const r = findDuplicateMembers(t);
    expect(r).toEqual({ duplicates: [{ pointer: '/title', name: 'title', byteOffset: 30, firstByteOffset: 1 }], more: 0 });
    expect(nameAt(t, 30)).toBe('title');
  });

  it('finds a repeat nested in a stem, at the pointer of the member', () => {
    const t = JSON.stringify({ stems: [{ id: 'a' }, { id: 'b' }, { id: 'c', role: 'bass' }] }).replace('"role":"bass"', '"role":"bass","role":"drums"');
    expect(dups(t)).toEqual([['/stems/2/role', 'role']]);
  });

  it('finds repeats inside array elements and in nested objects, in document order', () => {
    const t = '{"a": [1, {"x": 1, "y": [ {"z": 0, "z": 1} ], "x": 2}], "b": {"c": {"d": 1, "d": 2}}}';
    expect(dups(t)).toEqual([
      ['/a/1/y/0/z', 'z'],
      ['/a/1/x', 'x'],
      ['/b/c/d', 'd'],
    ]);
  });

  it('compares names after their escapes are resolved', () => {
    expect(dups('{"a": 1, "\\u0061": 2}')).toEqual([['/a', 'a']]);
    expect(dups('{"\\/x": 1, "/x": 2}')).toEqual([['/~1x', '/x']]);
    expect(dups('{"é": 1, "\\u00e9": 2, "\\u00E9": 3}')).toEqual([
      ['/é', 'é'],
      ['/é', 'é'],
    ]);
    expect(dups('{"\\ud83c\\udfb5": 1, "🎵": 2}')).toEqual([['/🎵', '🎵']]);
    // an escaped quote or backslash does not end the name early
    expect(dups('{"a\\"b": 1, "a\\u0022b": 2, "a\\\\": 3, "a\\u005c": 4}')).toEqual([
      ['/a"b', 'a"b'],
      ['/a\\', 'a\\'],
    ]);
  });

  it('escapes ~ and / in the pointer (RFC 6901), also in the path to the member', () => {
    expect(dups('{"a/b": {"~t": 1, "~t": 2}}')).toEqual([['/a~1b/~0t', '~t']]);
  });

  it('does not report the same name in different objects, nor an empty or unicode-distinct name', () => {
    const t = '{"id": 1, "mix": {"id": 2, "path": "p"}, "stems": [{"id": 3, "path": "p"}, {"id": 4, "path": "p"}], "": 0, "e": 1, "é": 2, "E": 3}';
    expect(findDuplicateMembers(t)).toEqual({ duplicates: [], more: 0 });
    expect(dups('{"": 1, "": 2}')).toEqual([['/', '']]);
  });

  it('does not take string values, or names in strings, for members', () => {
    expect(dups('{"a": "a", "b": ["a", "a"], "c": "{\\"a\\": 1, \\"a\\": 2}"}')).toEqual([]);
  });

  it('reports a third occurrence against the first', () => {
    const r = findDuplicateMembers('{"k":1,"k":2,"k":3}');
    expect(r.duplicates.map((d) => [d.byteOffset, d.firstByteOffset])).toEqual([
      [7, 1],
      [13, 1],
    ]);
  });

  it('gives UTF-8 byte offsets past multi-byte text, plus the byte base', () => {
    const t = '{"t": "é🎵€", "k": 1, "k": 2}';
    const r = findDuplicateMembers(t, { byteBase: 3 });
    expect(r.duplicates).toHaveLength(1);
    const d = r.duplicates[0]!;
    expect(nameAt(t, d.byteOffset - 3)).toBe('k');
    expect(nameAt(t, d.firstByteOffset - 3)).toBe('k');
    expect(d.byteOffset - d.firstByteOffset).toBe(8);
  });

  it('finds nothing in any JSON.stringify output (random JSON)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(findDuplicateMembers(JSON.stringify(v))).toEqual({ duplicates: [], more: 0 });
      }),
      { numRuns: 500 },
    );
  });

  it('finds exactly the repeats a random document with repeated and escaped names holds', () => {
    // a tree whose objects may repeat names; names are written with random \u escapes
    type Node = number | Node[] | { members: [string, Node][] };
    const name = fc.constantFrom('a', 'b', 'é', '~/', '', 'x"y');
    const tree = fc.letrec<{ node: Node }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.integer({ min: 0, max: 9 }),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.array(fc.tuple(name, tie('node')), { maxLength: 5 }).map((members) => ({ members })),
      ),
    })).node;
    const writeName = (s: string, escapeMask: number) =>
      `"${[...s].map((ch, i) => ((escapeMask >> i) & 1 ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : JSON.stringify(ch).slice(1, -1))).join('')}"`;
    const tok = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
    fc.assert(
      fc.property(tree, fc.array(fc.nat(7), { minLength: 64, maxLength: 64 }), (root, masks) => {
        const expected: [string, string][] = [];
        let m = 0;
        const write = (n: Node, ptr: string): string => {
          if (typeof n === 'number') return String(n);
          if (Array.isArray(n)) return `[${n.map((x, i) => write(x, `${ptr}/${i}`)).join(', ')}]`;
          const seen = new Set<string>();
          return `{${n.members
            .map(([k, v]) => {
              if (seen.has(k)) expected.push([`${ptr}/${tok(k)}`, k]);
              seen.add(k);
              return `${writeName(k, masks[m++ % masks.length]!)}: ${write(v, `${ptr}/${tok(k)}`)}`;
            })
            .join(', ')}}`;
        };
        const text = write(root, '');
        JSON.parse(text);
        const r = findDuplicateMembers(text);
        expect(r.duplicates.map((d) => [d.pointer, d.name])).toEqual(expected);
        for (const d of r.duplicates) {
          expect(nameAt(text, d.byteOffset)).toBe(d.name);
          expect(nameAt(text, d.firstByteOffset)).toBe(d.name);
          expect(d.firstByteOffset).toBeLessThan(d.byteOffset);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('survives 100k nested arrays and objects without recursion', () => {
    const d = 100_000;
    const arrays = `${'['.repeat(d)}{"a": 0, "a": 1}${']'.repeat(d)}`;
    const r = findDuplicateMembers(arrays);
    expect(r.duplicates).toHaveLength(1);
    expect(r.duplicates[0]!.pointer).toBe(`${'/0'.repeat(d)}/a`);
    const objects = `${'{"o": '.repeat(d)}{"b": 0, "b": 1}${'}'.repeat(d)}`;
    const s = findDuplicateMembers(objects);
    expect(s.duplicates.map((x) => x.pointer)).toEqual([`${'/o'.repeat(d)}/b`]);
    // and the same nesting without a repeat
    expect(findDuplicateMembers(`${'[{"k": '.repeat(d)}0${'}]'.repeat(d)}`)).toEqual({ duplicates: [], more: 0 });
  });

  it('lists at most MAX_DUPLICATES repeats and counts the rest', () => {
    const n = 3 * MAX_DUPLICATES;
    const t = `{${Array.from({ length: n + 1 }, () => '"k": 0').join(', ')}}`;
    const r = findDuplicateMembers(t);
    expect(r.duplicates).toHaveLength(MAX_DUPLICATES);
    expect(r.more).toBe(n - MAX_DUPLICATES);
  });

  it('bounds the pointer characters it lists, but always lists the first repeat', () => {
    const d = 1000;
    const t = `${'['.repeat(d)}{"a": 0, "a": 1, "a": 2}${']'.repeat(d)}`;
    const r = findDuplicateMembers(t, { maxPointerChars: 100 });
    expect(r.duplicates).toHaveLength(1);
    expect(r.more).toBe(1);
  });

  it('scans a 16 MiB manifest-like text in linear time', () => {
    const stems = Array.from({ length: 95_000 }, (_, i) => ({ id: `s${i}`, role: 'bass', name: `Stem ${i} é`, path: `stems/${i}.wav`, sha256: 'ab'.repeat(32), bytes: i }));
    const t = JSON.stringify({ title: 'x', stems });
    expect(enc.encode(t).length).toBeGreaterThan(15 * 1024 * 1024);
    expect(enc.encode(t).length).toBeLessThanOrEqual(16 * 1024 * 1024);
    const t0 = performance.now();
    expect(findDuplicateMembers(t).duplicates).toEqual([]);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(2000);
  });
});
