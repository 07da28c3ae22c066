import { createHash } from 'crypto';
import type { KnownKind } from './catalog';

/** One problem of a custom resource (see custom-resource.ts, which reports them; declared here, where they are kept). */
export interface CustomResourceProblem {
  readonly severity: 'error' | 'warning';
  /** `schema` for what the API server refuses; `unchecked` for a rule paved could not check. */
  readonly rule: 'schema' | 'unchecked';
  readonly field: string;
  readonly message: string;
}

/**
 * What the schema check of custom resources (OpenAPI schema and CEL rules,
 * `checkCustomResource`) found for each object of an earlier run, by
 * the object's content and its schema's identity. The check is a function of
 * the two alone, and it is most of what validation costs in a fresh process
 * (the kinds' compiled validators and the CEL environment load on first use):
 * after an app edit nearly every object is the same as in the last synth, so
 * `paved synth` keeps its findings in the build folder and checks again only
 * what changed. The caller owns the memo's validity: it is only used with the
 * same paved code, schema catalog and dependencies that filled it.
 * @internal
 */
export class CheckMemo {
  private readonly kept: ReadonlyMap<string, readonly CustomResourceProblem[]>;
  private readonly now = new Map<string, readonly CustomResourceProblem[]>();
  /** Objects whose findings came from the memo / were checked in this run. */
  public hits = 0;
  public misses = 0;

  constructor(entries: Readonly<Record<string, readonly CustomResourceProblem[]>> = {}) {
    this.kept = new Map(Object.entries(entries));
  }

  /** The findings of this run's checks, to keep for the next run (only what this run met: the memo never grows past one tree). */
  entries(): Record<string, readonly CustomResourceProblem[]> {
    return Object.fromEntries([...this.now].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** @internal */
  lookup(key: string): readonly CustomResourceProblem[] | undefined {
    const found = this.kept.get(key) ?? this.now.get(key);
    if (found) this.now.set(key, found);
    return found;
  }

  /** @internal */
  keep(key: string, problems: readonly CustomResourceProblem[]): void {
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

/** The memo's key of an object under a kind's schema; `bundled` says the kind is from paved's own catalog. @internal */
export function checkMemoKey(kind: KnownKind, bundled: boolean, object: Record<string, unknown>): string {
  return createHash('sha256').update(schemaIdentity(kind, bundled)).update('\0').update(JSON.stringify(object)).digest('hex');
}
