/**
 * Problems with user input, collected rather than thrown one by one.
 * @internal
 */

/** One problem with one prop of one construct (or org entry). */
export interface Problem {
  /** Where: a construct path (`staging/payments/my-app`) or an org location (`org.teams[1]`). */
  readonly path: string;
  /** The prop or field at fault, e.g. `port` or `secrets[0].key`. */
  readonly prop: string;
  /** The bad value as given. */
  readonly value: unknown;
  /** What would be allowed instead. */
  readonly allowed: string;
}

/** Renders a value for a message: strings quoted, the rest as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  // JSON has no NaN or Infinity (it would print null): say what was given
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : typeof v === 'bigint' ? String(v) : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Formats a problem as one line a person can act on. */
export function formatProblem(p: Problem): string {
  return `${p.path}: ${p.prop} = ${show(p.value)} is not allowed: ${p.allowed}`;
}

/** Thrown with every problem found in one construct or one org definition. */
export class PavedValidationError extends Error {
  /** Every problem found, in the order found. */
  public readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'PavedValidationError';
    this.problems = problems;
  }
}

/** Collects the problems of one construct's props and throws them together. */
export class PropChecker {
  private readonly problems: Problem[] = [];

  constructor(private readonly path: string) {}

  /** Records a problem unless `ok`; returns `ok`. */
  public check(ok: boolean, prop: string, value: unknown, allowed: string): boolean {
    if (!ok) this.problems.push({ path: this.path, prop, value, allowed });
    return ok;
  }

  /** Records a problem. */
  public fail(prop: string, value: unknown, allowed: string): void {
    this.problems.push({ path: this.path, prop, value, allowed });
  }

  /** Adds problems found elsewhere. */
  public addAll(problems: readonly Problem[]): void {
    this.problems.push(...problems);
  }

  /** Whether any problem has been recorded. */
  public get hasProblems(): boolean {
    return this.problems.length > 0;
  }

  /** Throws a {@link PavedValidationError} with every problem, if there is any. */
  public throwIfAny(): void {
    if (this.problems.length > 0) throw new PavedValidationError([...this.problems]);
  }

  /** The problems recorded so far. */
  public get recorded(): readonly Problem[] {
    return [...this.problems];
  }
}
