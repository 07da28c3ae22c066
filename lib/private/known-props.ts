import type { PropChecker } from './problems';

/** The edit distance of two short strings (for "did you mean"). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

/**
 * Refuses props a construct does not know: TypeScript catches a misspelled
 * prop at compile time, but a definition in JavaScript (or one cast past the
 * compiler) would lose it silently. Names the prop and the closest known one.
 * @internal
 */
export function checkKnownProps(check: PropChecker, props: object, known: Readonly<Record<string, true>>, construct: string): void {
  const names = Object.keys(known);
  for (const key of Object.keys(props)) {
    if (key in known) continue;
    const near = names.map((n) => [n, distance(key, n)] as const).sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1))[0];
    const hint = near && near[1] <= Math.max(2, Math.floor(key.length / 3)) ? `did you mean ${near[0]}? ` : '';
    check.fail(key, (props as Record<string, unknown>)[key], `a prop of ${construct} (${hint}it has ${names.join(', ')})`);
  }
}
