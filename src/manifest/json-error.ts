/**
 * Locating a JSON syntax error (RFC 8259) independently of the engine's error message:
 * a small iterative scanner that only runs after `JSON.parse` has failed.
 */

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** Index (UTF-16) just past a string starting at `i`, or `-1 - errorIndex`. */
function scanString(t: string, i: number): number {
  let k = i + 1;
  for (;;) {
    if (k >= t.length) return -1 - t.length;
    const c = t.charCodeAt(k);
    if (c === 0x22) return k + 1;
    if (c === 0x5c) {
      ESCAPE.lastIndex = k;
      if (!ESCAPE.test(t)) return -1 - k;
      k = ESCAPE.lastIndex;
      continue;
    }
    if (c < 0x20) return -1 - k;
    k++;
  }
}

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'after';

/** The UTF-16 index of the first JSON syntax error in `t`, or -1 when `t` is valid JSON. */
export function jsonErrorIndex(t: string): number {
  const stack: number[] = []; // 0 object, 1 array
  let expect: Expect = 'value';
  let i = 0;
  const n = t.length;
  for (;;) {
    while (i < n && (t[i] === ' ' || t[i] === '\t' || t[i] === '\n' || t[i] === '\r')) i++;
    if (i >= n) return expect === 'after' && stack.length === 0 ? -1 : n;
    const c = t[i]!;
    switch (expect) {
      case 'value':
      case 'valueOrClose': {
        if (expect === 'valueOrClose' && c === ']') {
          stack.pop();
          i++;
          expect = 'after';
          break;
        }
        if (c === '{' || c === '[') {
          stack.push(c === '{' ? 0 : 1);
          i++;
          expect = c === '{' ? 'keyOrClose' : 'valueOrClose';
          break;
        }
        if (c === '"') {
          const j = scanString(t, i);
          if (j < 0) return -1 - j;
          i = j;
          expect = 'after';
          break;
        }
        const lit = ['true', 'false', 'null'].find((w) => t.startsWith(w, i));
        if (lit) {
          i += lit.length;
          expect = 'after';
          break;
        }
        NUMBER.lastIndex = i;
        if (NUMBER.test(t)) {
          i = NUMBER.lastIndex;
          expect = 'after';
          break;
        }
        return i;
      }
      case 'key':
      case 'keyOrClose': {
        if (expect === 'keyOrClose' && c === '}') {
          stack.pop();
          i++;
          expect = 'after';
          break;
        }
        if (c !== '"') return i;
        const j = scanString(t, i);
        if (j < 0) return -1 - j;
        i = j;
        expect = 'colon';
        break;
      }
      case 'colon':
        if (c !== ':') return i;
        i++;
        expect = 'value';
        break;
      case 'after': {
        if (stack.length === 0) return i;
        const top = stack[stack.length - 1];
        if (c === ',') {
          i++;
          expect = top === 0 ? 'key' : 'value';
        } else if ((top === 0 && c === '}') || (top === 1 && c === ']')) {
          stack.pop();
          i++;
        } else return i;
        break;
      }
    }
  }
}
