import { createHash } from 'crypto';
import type { KnownKind } from './catalog';

/** One problem a memoized check found (declared here, where they are kept). */
export interface CheckedProblem {
  readonly severity: 'error' | 'warning';
  /** `schema` for what the API server refuses; `unchecked` for a rule paved could not check; `policy` and `release` as the validator's rules. */
  readonly rule: 'schema' | 'unchecked' | 'policy' | 'release';
  readonly field: string;
  readonly message: string;
}

/** One problem of a custom resource (see custom-resource.ts, which reports them). */
export interface CustomResourceProblem extends CheckedProblem {
  readonly rule: 'schema' | 'unchecked';
}

/**
 * What the checks of one object alone found for each object of an earlier
 * run: the schema check of custom resources (OpenAPI schema and CEL rules,
 * `checkCustomResource`), by the object's content and its schema's identity,
 * and the checks that read nothing but the object (see object-checks.ts), by
 * the object's content and the check's name. Each is a function of those
 * alone, and they are most of what validation costs in a fresh process
 * (the kinds' compiled validators, the CEL environment and the PromQL parser
 * load on first use):
 * after an app edit nearly every object is the same as in the last synth, so
 * `paved synth` keeps its findings in the build folder and checks again only
 * what changed. The caller owns the memo's validity: it is only used with the
 * same paved code, schema catalog and dependencies that filled it.
 * @internal
 */
export class CheckMemo {
  private readonly kept: ReadonlyMap<string, readonly CheckedProblem[]>;
  private readonly now = new Map<string, readonly CheckedProblem[]>();
  /** Objects whose findings came from the memo / were checked in this run. */
  public hits = 0;
  public misses = 0;

  constructor(entries: Readonly<Record<string, readonly CheckedProblem[]>> = {}) {
    this.kept = new Map(Object.entries(entries));
  }

  /** The findings of this run's checks, to keep for the next run (only what this run met: the memo never grows past one tree). */
  entries(): Record<string, readonly CheckedProblem[]> {
    return Object.fromEntries([...this.now].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** @internal */
  lookup(key: string): readonly CheckedProblem[] | undefined {
    const found = this.kept.get(key) ?? this.now.get(key);
    if (found) this.now.set(key, found);
    return found;
  }

  /** @internal */
  keep(key: string, problems: readonly CheckedProblem[]): void {
    this.now.set(key, problems);
  }
}

let active: CheckMemo | undefined;

/** The memo the validation in progress uses, if any. @internal */
export function activeCheckMemo(): CheckMemo | undefined {
  return active;
}

/** Runs `work` with the memo in use by every validation it does (a synth); then none. @internal */
export function withCheckMemo<T>(memo: CheckMemo | undefined, work: () => T): T {
  const outer = active;
  active = memo;
  try {
    return work();
  } finally {
    active = outer;
  }
}

/** A kind's schema, hashed once per kind object (a kind defined by an XRD of the tree has its schema from there). */
const schemaDigests = new WeakMap<KnownKind, string>();

function schemaIdentity(kind: KnownKind, bundled: boolean): string {
  // a kind of paved's own catalog is the same schema for the same catalog (which the memo's validity covers)
  if (bundled) return `catalog ${kind.group}/${kind.version}/${kind.kind}`;
  let digest = schemaDigests.get(kind);
  if (!digest) {
    digest = createHash('sha256').update(JSON.stringify(kind.schema())).digest('hex');
    schemaDigests.set(kind, digest);
  }
  return `schema ${digest}`;
}

/** The memo's key of an object (the digest of its JSON) under a kind's schema; `bundled` says the kind is from paved's own catalog. @internal */
export function checkMemoKey(kind: KnownKind, bundled: boolean, digest: string): string {
  return createHash('sha256').update(schemaIdentity(kind, bundled)).update('\0').update(digest).digest('hex');
}

/**
 * The problems `check` (a name no other check of the memo has) finds in an
 * object whose JSON has the digest `digest` (sha256): from the memo in use when it met the same JSON
 * before, else computed (and kept for the next run). Only for checks that read
 * nothing but the object and paved's own code and data (which the memo's
 * validity covers).
 * @internal
 */
export function memoizedCheck(check: string, digest: () => string, compute: () => readonly CheckedProblem[]): readonly CheckedProblem[] {
  const memo = active;
  if (!memo) return compute();
  const key = createHash('sha256').update(`check ${check}`).update('\0').update(digest()).digest('hex');
  const found = memo.lookup(key);
  if (found) {
    memo.hits++;
    return found;
  }
  memo.misses++;
  const problems = compute();
  memo.keep(key, problems);
  return problems;
}
