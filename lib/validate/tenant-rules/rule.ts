/**
 * A tenant rule: one definition that yields both the check paved runs on
 * files (at synth, and in `paved validate` on every tree and proposal) and the
 * ValidatingAdmissionPolicy the cluster enforces (its CEL). Each check of a
 * rule carries its TypeScript function and its CEL expression and message
 * expression side by side, producing the same message; a test evaluates both
 * on the example tree and on refused samples, so the two cannot drift apart
 * silently.
 */

type Obj = Record<string, unknown>;

/** A resource a rule matches, as an admission request names it. */
export interface RuleResource {
  /** The API group (`''` for the core group, `*` for any). */
  readonly group: string;
  /** The served version (`*` for any). */
  readonly version: string;
  /** The resource, plural (`*` for any). */
  readonly resource: string;
  /** The kind (`*` for any): the files' side matches objects by it. */
  readonly kind: string;
}

/** One check of a rule: a TypeScript function and its CEL, which refuse the same objects with the same message. */
export interface RuleCheck {
  /** The field it is about (for findings), e.g. `spec.components[*].type`. */
  readonly field: string;
  /** The kinds it applies to (a subset of the rule's); all of the rule's when absent. */
  readonly kinds?: readonly string[];
  /** CEL over `object` (and `request`, `variables`): true when the object is admitted. */
  readonly expression: string;
  /** CEL producing the refusal (evaluated only when `expression` is false). */
  readonly messageExpression: string;
  /**
   * The same check in TypeScript: the refusal, or `undefined` when admitted.
   * `kind` is the object's kind and `group` its API group, as the request names them.
   */
  readonly check: (object: Obj, kind: { readonly group: string; readonly kind: string }) => string | undefined;
}

/** Who a rule's requests come from. */
export type RuleRequesters =
  /** Only requests by a team's own identities (its deployer, whom Argo CD and KubeVela impersonate, and its members): controllers updating objects are never blocked. */
  | 'team'
  /** Every request (e.g. pods, which controllers create from a team's workloads). */
  | 'any';

/** One tenant rule: a ValidatingAdmissionPolicy and its binding in the cluster, a check on files in paved. */
export interface TenantRule {
  /** The policy's (and binding's) name, e.g. `paved-team-definitions`, or `paved-team-hosts-payments` for one team's. */
  readonly name: string;
  /** One sentence: what it guards. */
  readonly summary: string;
  /** The team it is for (a rule with values of one team's), or none (every team's namespaces). */
  readonly team?: string;
  /** The namespaces it applies in: the team's, or every team's. */
  readonly namespaces: readonly string[];
  /**
   * The teams whose namespaces it applies in, previews of pull requests
   * included (`<team>-pr-<number>`): the cluster matches namespaces by their
   * `paved.dev/team` label, which only the platform sets. Set by `tenantRules`.
   * @default - the rule's team
   */
  readonly teams?: readonly string[];
  /** The resources it matches. */
  readonly resources: readonly RuleResource[];
  /** The operations it checks. */
  readonly operations: readonly ('CREATE' | 'UPDATE')[];
  /** Whose requests it checks. */
  readonly requesters: RuleRequesters;
  /** Its checks, in order. */
  readonly checks: readonly RuleCheck[];
}

/** A CEL string literal (JSON's string syntax is CEL's, for the names and values paved embeds). */
export function celString(s: string): string {
  return JSON.stringify(s);
}

/** A CEL list of string literals. */
export function celStrings(list: readonly string[]): string {
  return `[${list.map(celString).join(', ')}]`;
}

export const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A KubeVela Application's components (each as an object; non-objects as empty ones, as the checks skip them). */
export function components(object: Obj): Obj[] {
  return asArray(asObject(object.spec)?.components).map((c) => asObject(c) ?? {});
}

/** The traits of a component. */
export function traits(component: Obj): Obj[] {
  return asArray(component.traits).map((t) => asObject(t) ?? {});
}

/** The CEL of a component's traits (the component being the CEL variable `c`), empty when it has none. */
export const celTraits = (c: string): string => `(has(${c}.traits) ? ${c}.traits : [])`;

/** The CEL of an Application's components, empty when it has none. */
export const CEL_COMPONENTS = '(has(object.spec.components) ? object.spec.components : [])';

/** How a list of refusals is joined into one message, in both languages. */
export const JOIN = '; ';
