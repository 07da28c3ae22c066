import { byTreePath, byUtf8 } from '../../../lib/validate/source-tree';
import { compareStrings } from '../../../lib/private/compare';
import { seededRandom } from '../../random-util';

/** The orders as first written: each path split into names, each name encoded as bytes. */
const referenceTreePath = (a: string, b: string) => {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = compareStrings(x[i], y[i]);
    if (c !== 0) return c;
  }
  return x.length - y.length;
};
const referenceUtf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Paths from an alphabet that holds what makes the orders differ: `/` and the characters around it, high and astral characters, lone surrogates. */
function paths(count: number): string[] {
  const alphabet = ['a', 'b', '-', '.', '/', '0', '_', '~', 'é', '\u00ff', '\ue000', '\uffff', '😀', '\ud800', '\udc00', 'A', ' '];
  const next = seededRandom(11);
  const out = ['', 'a', 'a/', '/a', 'a//b', 'a/b', 'a-b', 'a.b', 'a/b/c', 'ab'];
  while (out.length < count) out.push(Array.from({ length: next(7) }, () => alphabet[next(alphabet.length)]).join(''));
  return out;
}

const sign = (n: number) => Math.sign(n);

describe("the orders of a tree's paths", () => {
  const all = paths(400);

  test('byTreePath orders paths as comparing them name by name does', () => {
    for (const a of all) for (const b of all) if (sign(byTreePath(a, b)) !== sign(referenceTreePath(a, b))) expect([a, b, byTreePath(a, b)]).toEqual([a, b, referenceTreePath(a, b)]);
  });

  test('byUtf8 orders names as their UTF-8 bytes, surrogates and astral characters included', () => {
    for (const a of all) for (const b of all) if (sign(byUtf8(a, b)) !== sign(referenceUtf8(a, b))) expect([a, b, byUtf8(a, b)]).toEqual([a, b, referenceUtf8(a, b)]);
    // where code units and bytes disagree: U+E000 is after an astral character as code units, before it as bytes
    expect(byUtf8('\ue000', '😀')).toBe(-1);
    expect(compareStrings('\ue000', '😀')).toBe(1);
  });
});
