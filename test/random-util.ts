/** Deterministic inputs for tests that try many generated cases (no wall clock, no Math.random). */
/** A seeded pseudo-random generator (mulberry32): `next(n)` is an integer from 0 to n - 1, the same sequence for the same seed. */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n: number) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}
