/**
 * Whether a request matches a policy's matchConstraints or a binding's
 * matchResources, as k8s.io/apiserver/pkg/admission/plugin/policy/matching
 * decides: the namespace selector (against the namespace's labels, or the
 * Namespace's own on its creation; cluster-scoped objects always pass), the
 * object selector, the excluded rules, then the resource rules (operations,
 * apiGroups, apiVersions, resources with `res/sub` and `*`, scope,
 * resourceNames), with matchPolicy Equivalent trying the resource's other
 * served versions.
 *
 * @internal
 */
import { isEmptySelector, selectorMatches } from './label-selector';
import type { MatchResources, Rule } from './read-policy';
import type { ResourceInfo, ResourceMap } from './resources';

/** The attributes of a CREATE request the matcher reads. */
export interface RequestAttributes {
  readonly resource: ResourceInfo;
  /** The request's namespace: the object's, the Namespace's own name for a Namespace, '' when cluster-scoped. */
  readonly namespace: string;
  /** The object's name ('' when it has only generateName). */
  readonly name: string;
  readonly labels: Readonly<Record<string, unknown>>;
  /** The labels of the request's namespace, or undefined when that namespace is not known. */
  readonly namespaceLabels: Readonly<Record<string, unknown>> | undefined;
}

export type MatchOutcome = { readonly matches: false } | { readonly matches: true; readonly resource: ResourceInfo } | { readonly error: string };

const isNamespacesResource = (r: ResourceInfo): boolean => r.group === '' && r.version === 'v1' && r.resource === 'namespaces';
const exactOrWildcard = (items: readonly string[], requested: string): boolean => items.some((i) => i === '*' || i === requested);

function scopeMatches(rule: Rule, a: RequestAttributes, resource: ResourceInfo): boolean {
  switch (rule.scope) {
    case '*':
      return true;
    case 'Namespaced':
      return !isNamespacesResource(resource) && a.namespace !== '';
    case 'Cluster':
      return isNamespacesResource(resource) || a.namespace === '';
    default:
      return false;
  }
}

function resourceMatches(rule: Rule, resource: ResourceInfo): boolean {
  return rule.resources.some((r) => {
    const slash = r.indexOf('/');
    const [res, sub] = slash < 0 ? [r, ''] : [r.slice(0, slash), r.slice(slash + 1)];
    // a CREATE of the resource itself has no subresource
    return (res === '*' || res === resource.resource) && (sub === '*' || sub === '');
  });
}

/** rules.Matcher.Matches, for the request's resource (or an equivalent one). */
function ruleMatches(rule: Rule, a: RequestAttributes, resource: ResourceInfo): boolean {
  return (
    scopeMatches(rule, a, resource) &&
    exactOrWildcard(rule.operations, 'CREATE') &&
    exactOrWildcard(rule.apiGroups, resource.group) &&
    exactOrWildcard(rule.apiVersions, resource.version) &&
    resourceMatches(rule, resource)
  );
}

const nameMatches = (rule: Rule, a: RequestAttributes): boolean => rule.resourceNames.length === 0 || rule.resourceNames.includes(a.name);

/** matchesResourceRules: the matching resource (the request's, or an equivalent for matchPolicy Equivalent). */
function matchingResource(rules: readonly Rule[], matchPolicy: string, a: RequestAttributes, resources: ResourceMap): ResourceInfo | undefined {
  for (const rule of rules) if (ruleMatches(rule, a, a.resource) && nameMatches(rule, a)) return a.resource;
  if (matchPolicy !== 'Equivalent') return undefined;
  const equivalents = resources.equivalents(a.resource);
  for (const rule of rules) for (const e of equivalents) if (ruleMatches(rule, a, e) && nameMatches(rule, a)) return e;
  return undefined;
}

/** Whether the request matches, and as which resource. */
export function matchRequest(criteria: MatchResources, a: RequestAttributes, resources: ResourceMap): MatchOutcome {
  let namespaceError: string | undefined;
  if (!(a.namespace === '' && !isNamespacesResource(a.resource)) && !isEmptySelector(criteria.namespaceSelector)) {
    if (a.namespaceLabels === undefined) namespaceError = `namespaces "${a.namespace}" not found`;
    else if (!selectorMatches(criteria.namespaceSelector, a.namespaceLabels)) return { matches: false };
  }
  if (!isEmptySelector(criteria.objectSelector) && !selectorMatches(criteria.objectSelector, a.labels)) return { matches: false };
  if (matchingResource(criteria.excludeResourceRules, criteria.matchPolicy, a, resources)) return { matches: false };
  const resource = criteria.resourceRules.length === 0 ? a.resource : matchingResource(criteria.resourceRules, criteria.matchPolicy, a, resources);
  if (!resource) return { matches: false };
  if (namespaceError) return { error: namespaceError };
  return { matches: true, resource };
}
