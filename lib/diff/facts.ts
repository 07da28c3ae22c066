/**
 * What objects mean for a reviewer, whatever they are named: the public
 * hosts and routes an app serves, its network paths and who may call it, the
 * rights a binding grants and the identities an app runs as. Each fact has a
 * key made from its content only (never from the name of the object that
 * holds it, nor its position in a list), so renaming or reordering changes
 * no fact.
 */
import { compareStrings } from '../private/compare';
import { type Phrase, joined, phrase, words } from '../private/escape';
import { isObj, metadataOf, str } from './subjects';
import type { DiffObject } from './types';

type Json = Record<string, unknown>;

/** What a fact is about. */
export type Facet = 'host' | 'exposure' | 'rights';

/** One thing an object means. */
export interface Fact {
  readonly facet: Facet;
  /** Facts of one group are said together (`callers`, `paths`, `grant\0Group payments-engineers\0payments`). */
  readonly group: string;
  /** The fact's identity, from its content. */
  readonly key: string;
  /** The fact in words. */
  readonly said: Phrase;
  /** The object that says it. */
  readonly object: DiffObject;
}

/** A fact whose words are made when they are first asked for: most facts are only compared, by key, and never said. */
function saidLater(fact: Omit<Fact, 'said'>, say: () => Phrase): Fact {
  let said: Phrase | undefined;
  return {
    ...fact,
    get said() {
      return (said ??= say());
    },
  };
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');
const sorted = (v: readonly string[]) => [...new Set(v)].sort(compareStrings);
const groupOf = (o: DiffObject) => {
  const v = String(o.object.apiVersion ?? '');
  return v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
};
const is = (o: DiffObject, group: string, ...kinds: string[]) => groupOf(o) === group && kinds.includes(String(o.object.kind));
const isVelaApplication = (o: DiffObject) => is(o, 'core.oam.dev', 'Application');

/** A value as JSON with its keys sorted: the same data gives the same text. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObj(value))
    return `{${Object.keys(value)
      .sort(compareStrings)
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

// --- hosts

/** The hosts and routes an object serves: a KubeVela trait's `domain`/`hosts` and `http` paths, an Ingress's rules, a Gateway API route's hostnames. */
function hostFacts(o: DiffObject): Fact[] {
  const out: Fact[] = [];
  const host = (h: string) => out.push({ facet: 'host', group: 'host', key: `host\0${h}`, said: phrase`${h}`, object: o });
  const route = (h: string, path: string, to: string) => out.push({ facet: 'host', group: 'route', key: `route\0${h}\0${path}\0${to}`, said: phrase`route ${h}${path} → ${to}`, object: o });
  const spec = isObj(o.object.spec) ? o.object.spec : {};
  if (isVelaApplication(o)) {
    for (const c of list(spec.components)) {
      for (const t of isObj(c) ? list(c.traits) : []) {
        const p = isObj(t) && isObj(t.properties) ? t.properties : {};
        const hosts = [...strings([p.domain, p.host, p.hostname]), ...strings(p.hosts), ...strings(p.hostnames)];
        hosts.forEach(host);
        if (isObj(p.http)) for (const h of hosts) for (const [path, port] of Object.entries(p.http)) route(h, path, `port ${String(port)}`);
      }
    }
  } else if (is(o, 'networking.k8s.io', 'Ingress') || is(o, 'extensions', 'Ingress')) {
    for (const r of list(spec.rules)) {
      const h = isObj(r) ? (str(r.host) ?? '*') : '*';
      host(h);
      for (const p of isObj(r) && isObj(r.http) ? list(r.http.paths) : []) if (isObj(p)) route(h, str(p.path) ?? '/', canonical(p.backend));
    }
    if (spec.defaultBackend !== undefined) route('*', '/', canonical(spec.defaultBackend));
  } else if (groupOf(o) === 'gateway.networking.k8s.io' && /Route$/.test(String(o.object.kind))) {
    strings(spec.hostnames).forEach(host);
  }
  return out;
}

// --- exposure

/** A label selector in words: `app=x, tier=web`, or `all` when it selects everything. */
function selector(v: unknown, all: string): Phrase {
  if (!isObj(v)) return words(all);
  const labels = isObj(v.matchLabels) ? Object.entries(v.matchLabels).map(([k, x]) => `${k}=${String(x)}`) : [];
  const expressions = list(v.matchExpressions).map(canonical);
  const parts = sorted([...labels, ...expressions]);
  return parts.length ? joined(parts) : words(all);
}

/** A NetworkPolicy peer in words. */
function peer(p: unknown): Phrase {
  if (!isObj(p)) return words('anywhere');
  if (isObj(p.ipBlock)) {
    const except = strings(p.ipBlock.except);
    return except.length ? phrase`${str(p.ipBlock.cidr) ?? '?'} except ${joined(except)}` : phrase`${str(p.ipBlock.cidr) ?? '?'}`;
  }
  const pods = phrase`pods ${selector(p.podSelector, 'all')}`;
  return p.namespaceSelector === undefined ? phrase`${pods} of its namespace` : phrase`${pods} in namespaces ${selector(p.namespaceSelector, 'all')}`;
}

function ports(v: unknown): Phrase {
  const items = list(v).filter(isObj);
  if (!items.length) return words('every port');
  return joined(items.map((p) => `${String(p.port ?? 'any')}${p.endPort !== undefined ? `-${String(p.endPort)}` : ''}/${String(p.protocol ?? 'TCP')}`));
}

/** The paths a NetworkPolicy opens, and the traffic it denies by default, in words. */
function networkPolicyFacts(o: DiffObject): Fact[] {
  const spec = isObj(o.object.spec) ? o.object.spec : {};
  const out: Fact[] = [];
  const pods = canonical(spec.podSelector ?? {});
  const whose = selector(spec.podSelector, '');
  const scope = whose.length === 1 && whose[0] === '' ? words('') : phrase`(pods ${whose}) `;
  const types = strings(spec.policyTypes).length ? strings(spec.policyTypes) : ['Ingress', ...(spec.egress !== undefined ? ['Egress'] : [])];
  for (const [type, rules, way, from] of [
    ['Ingress', spec.ingress, 'in', 'from'],
    ['Egress', spec.egress, 'out', 'to'],
  ] as const) {
    if (!types.includes(type)) continue;
    out.push(
      saidLater({ facet: 'exposure', group: 'isolation', key: `isolates\0${pods}\0${way}`, object: o }, () => phrase`${scope}${words(`${type.toLowerCase()} traffic no policy allows is denied`)}`),
    );
    for (const rule of list(rules)) {
      const r = isObj(rule) ? rule : {};
      const peers = r[from] === undefined ? [undefined] : list(r[from]);
      for (const p of peers)
        out.push(
          saidLater(
            { facet: 'exposure', group: 'paths', key: `path\0${pods}\0${way}\0${canonical(p ?? null)}\0${canonical(r.ports ?? null)}`, object: o },
            () => phrase`${scope}${words(`${way} ${from} `)}${peer(p)} on ${ports(r.ports)}`,
          ),
        );
    }
  }
  return out;
}

/** Who may call an app and what it calls (paved's annotations), and the Services reachable from outside the cluster. */
function exposureFacts(o: DiffObject): Fact[] {
  const out: Fact[] = [];
  const annotations = isObj(metadataOf(o).annotations) ? (metadataOf(o).annotations as Json) : {};
  const names = (v: unknown) =>
    (str(v) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  for (const team of names(annotations['paved.dev/callable-by'])) out.push({ facet: 'exposure', group: 'callers', key: `callable-by\0${team}`, said: phrase`team ${team}`, object: o });
  for (const app of names(annotations['paved.dev/calls'])) out.push({ facet: 'exposure', group: 'calls', key: `calls\0${app}`, said: phrase`${app}`, object: o });
  const service = (type: string, port: string) =>
    out.push({ facet: 'exposure', group: 'services', key: `service\0${type}\0${port}`, said: phrase`port ${port} as a Service of type ${type}`, object: o });
  const spec = isObj(o.object.spec) ? o.object.spec : {};
  if (isVelaApplication(o)) {
    for (const c of list(spec.components)) {
      const p = isObj(c) && isObj(c.properties) ? c.properties : {};
      const type = str(p.exposeType);
      if (type && type !== 'ClusterIP') for (const port of list(p.ports)) if (isObj(port) && port.expose === true) service(type, String(port.port));
      for (const t of isObj(c) ? list(c.traits) : []) {
        const tp = isObj(t) && isObj(t.properties) ? t.properties : {};
        const traitType = str(tp.type);
        if (isObj(t) && t.type === 'expose' && traitType && traitType !== 'ClusterIP') for (const port of list(tp.port)) service(traitType, String(port));
      }
    }
  } else if (is(o, '', 'Service')) {
    const type = str(spec.type) ?? 'ClusterIP';
    if (type !== 'ClusterIP') for (const p of list(spec.ports)) if (isObj(p)) service(type, String(p.port));
    for (const ip of strings(spec.externalIPs)) service('ClusterIP with external IP', ip);
  }
  if (is(o, 'networking.k8s.io', 'NetworkPolicy')) out.push(...networkPolicyFacts(o));
  return out;
}

// --- rights

/** Finds a Role or ClusterRole of the compared files by kind, name and namespace. */
export type RoleLookup = (kind: string, name: string, namespace: string | undefined) => DiffObject | undefined;

/** A rule of a Role in words: `get, list on pods, services (apiGroups "")`. */
function rule(r: unknown): Phrase {
  const x = isObj(r) ? r : {};
  const verbs = sorted(strings(x.verbs));
  const what = strings(x.nonResourceURLs).length ? phrase`URLs ${joined(sorted(strings(x.nonResourceURLs)))}` : phrase`${joined(sorted(strings(x.resources)))}`;
  const names = strings(x.resourceNames).length ? phrase` named ${joined(sorted(strings(x.resourceNames)))}` : words('');
  const groups = strings(x.apiGroups).length ? phrase` (API groups ${joined(sorted(strings(x.apiGroups)).map((g) => g || 'core'))})` : words('');
  return phrase`${joined(verbs)} on ${what}${names}${groups}`;
}

/** The canonical form of a rule: its lists as sets. */
const ruleKey = (r: unknown) => {
  const x = isObj(r) ? r : {};
  return canonical(Object.fromEntries(Object.entries(x).map(([k, v]) => [k, Array.isArray(v) ? sorted(strings(v)) : v])));
};

/** The rights a binding grants, to whom, where; a role with aggregation labels adds its rules to every holder of the roles it names. */
function rightsFacts(o: DiffObject, roles: RoleLookup): Fact[] {
  const out: Fact[] = [];
  const namespace = str(metadataOf(o).namespace);
  if (is(o, 'rbac.authorization.k8s.io', 'RoleBinding', 'ClusterRoleBinding')) {
    const ref = isObj(o.object.roleRef) ? o.object.roleRef : {};
    const role = roles(str(ref.kind) ?? 'Role', str(ref.name) ?? '', str(ref.kind) === 'ClusterRole' ? undefined : namespace);
    const where = namespace !== undefined ? phrase`in namespace ${namespace}` : words('in every namespace');
    for (const s of list(o.object.subjects).filter(isObj)) {
      const grantee = `${str(s.kind) ?? '?'} ${str(s.namespace) ? `${String(s.namespace)}/` : ''}${str(s.name) ?? '?'}`;
      const group = `grant\0${grantee}\0${namespace ?? ''}`;
      const heading = phrase`${grantee} ${where}`;
      if (!role) {
        const refText = `${str(ref.kind) ?? '?'} ${str(ref.name) ?? '?'}`;
        out.push({ facet: 'rights', group, key: `${group}\0ref\0${refText}`, said: phrase`${heading}: the rights of ${refText} (not in the compared files)`, object: o });
        continue;
      }
      for (const r of list(role.object.rules)) out.push(saidLater({ facet: 'rights', group, key: `${group}\0${ruleKey(r)}`, object: o }, () => phrase`${heading}: ${rule(r)}`));
      if (role.object.aggregationRule !== undefined)
        out.push({
          facet: 'rights',
          group,
          key: `${group}\0aggregate\0${canonical(role.object.aggregationRule)}`,
          said: phrase`${heading}: every role ${canonical(role.object.aggregationRule)} selects`,
          object: o,
        });
    }
  } else if (is(o, 'rbac.authorization.k8s.io', 'ClusterRole')) {
    const labels = isObj(metadataOf(o).labels) ? (metadataOf(o).labels as Json) : {};
    for (const [label, value] of Object.entries(labels)) {
      if (!label.startsWith('rbac.authorization.k8s.io/aggregate-to-') || value !== 'true') continue;
      const group = `aggregate\0${label}`;
      for (const r of list(o.object.rules))
        out.push(saidLater({ facet: 'rights', group, key: `${group}\0${ruleKey(r)}`, object: o }, () => phrase`every holder of the roles labelled ${label}: ${rule(r)}`));
    }
  } else if (is(o, '', 'ServiceAccount')) {
    const annotations = isObj(metadataOf(o).annotations) ? (metadataOf(o).annotations as Json) : {};
    const arn = str(annotations['eks.amazonaws.com/role-arn']);
    const name = str(metadataOf(o).name) ?? '?';
    if (arn) out.push({ facet: 'rights', group: 'cloud', key: `irsa\0${name}\0${arn}`, said: phrase`service account ${name} assumes the IAM role ${arn}`, object: o });
  }
  // the identities an app's pods run as
  const accounts = new Set<string>();
  const walk = (v: unknown, depth: number) => {
    if (depth > 64) return;
    if (Array.isArray(v)) v.forEach((x) => walk(x, depth + 1));
    else if (isObj(v))
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'serviceAccountName' || k === 'serviceAccount') && typeof x === 'string') accounts.add(x);
        else walk(x, depth + 1);
      }
  };
  if (!is(o, 'rbac.authorization.k8s.io', 'RoleBinding', 'ClusterRoleBinding') && !is(o, '', 'ServiceAccount')) walk(o.object.spec, 0);
  for (const a of accounts) out.push({ facet: 'rights', group: 'identity', key: `runs-as\0${a}`, said: phrase`service account ${a}`, object: o });
  return out;
}

/**
 * The rules of a Role or ClusterRole that no binding of the compared files
 * names: what it would grant, under its name (a binding refers to it by name).
 */
export function unboundRoleFacts(o: DiffObject): Fact[] {
  // a role that aggregates into others is granted through them
  const labels = isObj(metadataOf(o).labels) ? Object.keys(metadataOf(o).labels as Json) : [];
  if (labels.some((l) => l.startsWith('rbac.authorization.k8s.io/aggregate-to-'))) return [];
  const group = `role\0${o.label}`;
  return list(o.object.rules).map((r) =>
    saidLater({ facet: 'rights', group, key: `${group}\0${ruleKey(r)}`, object: o }, () => phrase`${o.label} (no binding of the compared files names it): ${rule(r)}`),
  );
}

/** Everything an object means for the review. */
export function factsOf(o: DiffObject, roles: RoleLookup): Fact[] {
  return [...hostFacts(o), ...exposureFacts(o), ...rightsFacts(o, roles)];
}
