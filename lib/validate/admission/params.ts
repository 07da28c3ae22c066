/**
 * The parameters of a policy under a binding, as generic.CollectParams finds
 * them: none when the policy has no paramKind or the binding no paramRef (the
 * policy then runs once, with `params` null); else the objects of the
 * paramKind named by paramRef.name, or selected by paramRef.selector, in
 * paramRef.namespace or the request's namespace (for a namespaced kind), and
 * parameterNotFoundAction when there are none.
 *
 * @internal
 */
import type { ManifestObject } from '../findings';
import { compareStrings } from '../../private/compare';
import { selectorMatches } from './label-selector';
import type { Binding, Policy } from './read-policy';
import type { ResourceMap } from './resources';

/** The parameter objects to run with (null: run once without), an error the API server reports, or what paved cannot know. */
export type CollectedParams = { readonly params: readonly (Record<string, unknown> | null)[] } | { readonly error: string } | { readonly unknown: string };

const meta = (o: Record<string, unknown>) => (o.metadata ?? {}) as { name?: unknown; namespace?: unknown; labels?: Record<string, unknown> };

/** Finds the parameters for one request (in `namespace`, '' when cluster-scoped). */
export function collectParams(policy: Policy, binding: Binding, namespace: string, params: readonly ManifestObject[], resources: ResourceMap): CollectedParams {
  const kind = policy.paramKind;
  const ref = binding.paramRef;
  if (!kind || !ref) return { params: [null] };
  const info = resources.forKind(kind.apiVersion, kind.kind);
  if (!info) return { unknown: `paramKind ${kind.apiVersion} ${kind.kind} maps to no resource paved knows: its parameters cannot be looked up offline` };
  let candidates = params.map((p) => p.object).filter((o) => o.apiVersion === kind.apiVersion && o.kind === kind.kind);
  if (info.namespaced) {
    const where = ref.namespace || namespace;
    if (!where) return { error: 'cannot use namespaced paramRef in policy binding that matches cluster-scoped resources' };
    candidates = candidates.filter((o) => meta(o).namespace === where);
  } else if (ref.namespace) return { error: 'paramRef.namespace must not be provided for a cluster-scoped `paramKind`' };
  let found: Record<string, unknown>[];
  if (ref.name) {
    if (ref.selector) return { error: 'paramRef.name and paramRef.selector are mutually exclusive' };
    found = candidates.filter((o) => meta(o).name === ref.name).slice(0, 1);
  } else if (ref.selector) {
    const selector = ref.selector;
    // the informer lists in no set order; paved lists by namespace and name, so runs repeat
    found = candidates
      .filter((o) => selectorMatches(selector, meta(o).labels ?? {}))
      .sort((a, b) => compareStrings(`${String(meta(a).namespace ?? '')}/${String(meta(a).name)}`, `${String(meta(b).namespace ?? '')}/${String(meta(b).name)}`));
  } else return { error: 'one of name or selector must be provided' };
  if (found.length === 0 && ref.parameterNotFoundAction === 'Deny') return { error: 'no params found for policy binding with `Deny` parameterNotFoundAction' };
  return { params: found };
}
