import { compareStrings } from '../../../lib/private/compare';

describe('compareStrings', () => {
  test('orders by code unit, where the locale would not (Danish "aa" after "z", Lithuanian "y" before "j")', () => {
    const names = ['z-team', 'aa-team', 'j', 'y', 'ch', 'h', 'B', 'a'];
    expect([...names].sort(compareStrings)).toEqual(['B', 'a', 'aa-team', 'ch', 'h', 'j', 'y', 'z-team']);
    // what the default locale would have done is machine-dependent: the order above is not
    expect([...names].sort(compareStrings)).toEqual([...names].sort());
  });

  test('is 0 only for equal strings', () => {
    expect(compareStrings('a', 'a')).toBe(0);
    expect(compareStrings('a-b', 'a/b')).not.toBe(0);
  });
});
