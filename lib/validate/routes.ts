import type { ManifestObject } from './findings';

/** What a cluster's routes are checked against, for a tree that does not hold the platform's part (a team's). */
export interface RoutingContext {
  /** IngressClasses the platform installs in the cluster. */
  readonly ingressClasses: readonly string[];
  /** DNS zones the cluster serves (each with a certificate for the zone and one label below it). */
  readonly zones: readonly string[];
}

/** A problem with one route. */
export interface RouteProblem {
  readonly object: ManifestObject;
  readonly field: string;
  readonly message: string;
  readonly rule: 'reference' | 'policy' | 'unchecked';
  readonly severity: 'error' | 'warning';
}

/** What the route checks look up in one cluster's objects. */
export interface RouteTree {
  readonly byKind: (group: string, kind: string) => readonly ManifestObject[];
  readonly inNamespace: (ns: string | undefined) => readonly ManifestObject[];
}

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const nameOf = (m: ManifestObject) => String(asObject(m.object.metadata)?.name);
const nsOf = (m: ManifestObject) => str(asObject(m.object.metadata)?.namespace);
const describe = (m: ManifestObject) => `${String(m.object.kind)} ${nsOf(m) ? `${nsOf(m)}/` : ''}${nameOf(m)} (${m.file})`;

/** The controller of the AWS Load Balancer Controller's IngressClasses. */
const ALB_CONTROLLER = 'ingress.k8s.aws/alb';
const LISTEN_PORTS = 'alb.ingress.kubernetes.io/listen-ports';
const SSL_REDIRECT = 'alb.ingress.kubernetes.io/ssl-redirect';
/** The KubeVela `gateway` trait's default class, when its properties name none. */
const GATEWAY_DEFAULT_CLASS = 'nginx';

/** One public route: a KubeVela `gateway` trait or an Ingress rule. */
interface Route {
  readonly object: ManifestObject;
  readonly field: string;
  /** Where each part of the route is written. */
  readonly fields: { readonly host: string; readonly className: string; readonly tls: string; readonly annotations: string; readonly ports: string };
  readonly host?: string;
  readonly className?: string;
  /** Hosts its TLS section covers. */
  readonly tlsHosts: readonly string[];
  readonly annotations: Readonly<Record<string, string>>;
  /** Target ports, with the container ports they must reach (KubeVela routes only). */
  readonly ports: readonly number[];
  readonly containerPorts?: readonly number[];
  /** Labels of the pods it sends to (KubeVela routes only). */
  readonly podLabels?: Readonly<Record<string, string>>;
}

/** Whether a host is covered by a zone's certificate (`*.zone` and the zone). */
function covered(host: string, zone: string): boolean {
  return host === zone || (host.endsWith(`.${zone}`) && !host.slice(0, -(zone.length + 1)).includes('.'));
}

function routesOf(m: ManifestObject): Route[] {
  const spec = asObject(m.object.spec) ?? {};
  const apiVersion = String(m.object.apiVersion);
  const routes: Route[] = [];
  if (apiVersion.startsWith('core.oam.dev/') && m.object.kind === 'Application') {
    asArray(spec.components).forEach((c, i) => {
      const component = asObject(c) ?? {};
      const properties = asObject(component.properties) ?? {};
      const containerPorts = [...asArray(properties.ports).map((p) => asObject(p)?.port), properties.port].filter((p): p is number => typeof p === 'number');
      asArray(component.traits).forEach((t, j) => {
        const trait = asObject(t) ?? {};
        if (trait.type !== 'gateway') return;
        const p = asObject(trait.properties) ?? {};
        const host = str(p.domain);
        const at = `spec.components[${i}].traits[${j}].properties`;
        routes.push({
          object: m,
          field: at,
          fields: { host: `${at}.domain`, className: `${at}.class`, tls: `${at}.secretName`, annotations: `${at}.annotations`, ports: `${at}.http` },
          host,
          className: str(p.class) ?? GATEWAY_DEFAULT_CLASS,
          tlsHosts: str(p.secretName) && host ? [host] : [],
          annotations: Object.fromEntries(Object.entries(asObject(p.annotations) ?? {}).map(([k, v]) => [k, String(v)])),
          ports: Object.values(asObject(p.http) ?? {}).filter((v): v is number => typeof v === 'number'),
          containerPorts,
          podLabels: { 'app.oam.dev/component': String(component.name) },
        });
      });
    });
  }
  if (apiVersion.startsWith('networking.k8s.io/') && m.object.kind === 'Ingress') {
    const annotations = Object.fromEntries(Object.entries(asObject(asObject(m.object.metadata)?.annotations) ?? {}).map(([k, v]) => [k, String(v)]));
    const className = str(spec.ingressClassName) ?? annotations['kubernetes.io/ingress.class'];
    const tlsHosts = asArray(spec.tls).flatMap((t) => asArray(asObject(t)?.hosts).filter((h): h is string => typeof h === 'string'));
    asArray(spec.rules).forEach((r, i) => {
      const rule = asObject(r) ?? {};
      const ports = asArray(asObject(rule.http)?.paths)
        .map((p) => asObject(asObject(asObject(asObject(p)?.backend)?.service)?.port)?.number)
        .filter((n): n is number => typeof n === 'number');
      const fields = { host: `spec.rules[${i}].host`, className: 'spec.ingressClassName', tls: 'spec.tls', annotations: 'metadata.annotations', ports: `spec.rules[${i}].http.paths` };
      routes.push({ object: m, field: `spec.rules[${i}]`, fields, host: str(rule.host), className, tlsHosts, annotations, ports });
    });
  }
  return routes;
}

/** The ports an ALB listen-ports annotation opens, as `HTTP:80`, `HTTPS:443`. */
function listenPorts(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    return asArray(parsed).flatMap((entry) => Object.entries(asObject(entry) ?? {}).map(([protocol, port]) => `${protocol}:${String(port)}`));
  } catch {
    return [];
  }
}

/** Whether a label selector (matchLabels only, or empty) selects pods with these labels. */
function selects(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const s = asObject(selector) ?? {};
  if (asArray(s.matchExpressions).length > 0) return false;
  return Object.entries(asObject(s.matchLabels) ?? {}).every(([k, v]) => labels[k] === v);
}

/** Whether a NetworkPolicy port list admits a port (none listed: every port). */
function admitsPort(ports: unknown, port: number): boolean {
  const list = asArray(ports).map(asObject);
  return list.length === 0 || list.some((p) => p?.port === undefined || p.port === port);
}

/**
 * The checks of a cluster's public routes (KubeVela `gateway` traits and
 * Ingresses), so that every route the tree declares is one the cluster will
 * actually serve over HTTPS:
 * - its class is an IngressClass the cluster has;
 * - it has TLS for its host; on the AWS Load Balancer Controller, it asks for
 *   an HTTPS listener, and HTTP redirects to HTTPS (class parameters or
 *   annotation);
 * - its host lies in a zone the cluster serves (external-dns's domain
 *   filters) and is covered by that zone's certificate (the zone or one label
 *   below it);
 * - no other route claims its host;
 * - it targets a port the app's container listens on, and the app's
 *   namespace admits the load balancer (an ingress rule from an IP block) on
 *   that port when NetworkPolicies isolate its pods.
 */
export function checkRoutes(objects: readonly ManifestObject[], tree: RouteTree, context?: RoutingContext): RouteProblem[] {
  const problems: RouteProblem[] = [];
  const error: RouteError = (r, part, message, rule = 'reference') => problems.push({ object: r.object, field: r.fields[part], message, rule, severity: 'error' });
  const routes = objects.flatMap(routesOf);
  if (routes.length === 0) return problems;

  const cluster = clusterRouting(tree, context);
  const claimed = new Map<string, Route>();
  for (const r of routes) {
    if (r.host === undefined) {
      error(r, 'host', 'a public route needs a host: without one it answers for every name the load balancer receives');
      continue;
    }
    const first = claimed.get(r.host);
    if (first) {
      error(r, 'host', `host "${r.host}" is also claimed by ${describe(first.object)}: one app per host in a cluster`);
    } else {
      claimed.set(r.host, r);
    }
    checkHttps(r, r.host, cluster, tree, error);
    // the zone and the certificate that covers the host
    if (cluster.zones.length === 0) {
      problems.push({
        object: r.object,
        field: r.fields.host,
        message: `host "${r.host}" not checked against served zones: no external-dns in this cluster's tree and no zones known`,
        rule: 'unchecked',
        severity: 'warning',
      });
    } else {
      checkZone(r, r.host, cluster.zones, error);
    }
    checkBackend(r, tree, error);
  }
  return problems;
}

/** Reports a problem of a route, at one of its parts. */
type RouteError = (r: Route, part: keyof Route['fields'], message: string, rule?: RouteProblem['rule']) => void;

/** What a cluster serves routes with: its IngressClasses (the tree's and the context's) and the zones external-dns serves. */
interface ClusterRouting {
  /** The tree's IngressClasses, by name. */
  readonly classes: ReadonlyMap<string, ManifestObject>;
  /** Every IngressClass of the cluster, sorted. */
  readonly installed: readonly string[];
  /** The zones the cluster serves, sorted. */
  readonly zones: readonly string[];
}

function clusterRouting(tree: RouteTree, context: RoutingContext | undefined): ClusterRouting {
  const classes = new Map(tree.byKind('networking.k8s.io', 'IngressClass').map((c) => [nameOf(c), c]));
  const installed = [...new Set([...classes.keys(), ...(context?.ingressClasses ?? [])])].sort();
  const externalDns = tree
    .byKind('argoproj.io', 'Application')
    .filter((a) => [asObject(asObject(a.object.spec)?.source), ...asArray(asObject(a.object.spec)?.sources).map(asObject)].some((s) => s?.chart === 'external-dns'));
  const zones = [
    ...new Set([
      ...externalDns.flatMap((a) =>
        [asObject(asObject(a.object.spec)?.source), ...asArray(asObject(a.object.spec)?.sources).map(asObject)]
          .flatMap((s) => asArray(asObject(asObject(s?.helm)?.valuesObject)?.domainFilters))
          .filter((z): z is string => typeof z === 'string'),
      ),
      ...(context?.zones ?? []),
    ]),
  ].sort();
  return { classes, installed, zones };
}

/** A route's class is installed, it has TLS for its host, and on the AWS Load Balancer Controller it asks for HTTPS and redirects HTTP. */
function checkHttps(r: Route, host: string, cluster: ClusterRouting, tree: RouteTree, error: RouteError): void {
  const { classes, installed } = cluster;
  // the class, and what its controller needs for HTTPS
  const ingressClass = r.className === undefined ? undefined : classes.get(r.className);
  if (r.className === undefined || !installed.includes(r.className)) {
    error(r, 'className', `ingress class "${r.className ?? '(none)'}" is not installed in this cluster (installed: ${installed.join(', ') || 'none'}): nothing would serve the route`);
  }
  if (!r.tlsHosts.includes(host)) {
    error(r, 'tls', `route to "${host}" has no TLS for its host: every public route is served over HTTPS`, 'policy');
  }
  // on the AWS Load Balancer Controller: an HTTPS listener, and HTTP redirected (seen in the class's parameters when the tree has them)
  const known = r.className !== undefined && installed.includes(r.className);
  const alb = ingressClass !== undefined ? asObject(ingressClass.object.spec)?.controller === ALB_CONTROLLER : known && r.annotations[LISTEN_PORTS] !== undefined;
  if (!alb) return;
  const ports = listenPorts(r.annotations[LISTEN_PORTS]) ?? ['HTTP:80'];
  if (!ports.includes('HTTPS:443')) {
    error(
      r,
      'annotations',
      `the load balancer opens ${ports.join(', ') || 'no listener'} for "${host}", no HTTPS:443 listener (annotation ${LISTEN_PORTS}): the route would not be served over HTTPS`,
      'policy',
    );
  } else if (ports.includes('HTTP:80') && ingressClass !== undefined) {
    const params = classParams(ingressClass, tree);
    const redirect = str(asObject(params?.object.spec)?.sslRedirectPort) ?? r.annotations[SSL_REDIRECT];
    if (redirect !== '443') {
      error(
        r,
        'annotations',
        `the load balancer serves "${host}" on HTTP:80 without redirecting to HTTPS (sslRedirectPort "443" in the class's IngressClassParams, or annotation ${SSL_REDIRECT})`,
        'policy',
      );
    }
  }
}

/** The IngressClassParams an IngressClass names, when the tree has them. */
function classParams(ingressClass: ManifestObject, tree: RouteTree): ManifestObject | undefined {
  const params = asObject(asObject(ingressClass.object.spec)?.parameters);
  if (params?.kind !== 'IngressClassParams') return undefined;
  return tree.byKind('elbv2.k8s.aws', 'IngressClassParams').find((p) => nameOf(p) === params.name);
}

/** A route's host lies in a zone the cluster serves, covered by the zone's certificate. */
function checkZone(r: Route, host: string, zones: readonly string[], error: RouteError): void {
  if (zones.some((z) => covered(host, z))) return;
  const inZone = zones.find((z) => host === z || host.endsWith(`.${z}`));
  error(
    r,
    'host',
    inZone
      ? `host "${host}" lies more than one label below zone "${inZone}": its certificate (*.${inZone}) does not cover it`
      : `host "${host}" is in no zone this cluster serves (${zones.join(', ')}): no DNS record and no certificate would exist for it`,
  );
}

/** A route sends to a port its container listens on, and the NetworkPolicies between the load balancer and the pods admit it. */
function checkBackend(r: Route, tree: RouteTree, error: RouteError): void {
  if (r.containerPorts !== undefined) {
    for (const port of r.ports) {
      if (!r.containerPorts.includes(port)) {
        error(r, 'ports', `the route sends to port ${port}, but the component's container listens on ${r.containerPorts.join(', ') || 'no port'}`);
      }
    }
  }
  const podLabels = r.podLabels;
  if (podLabels === undefined) return;
  const policies = tree.inNamespace(nsOf(r.object)).filter((o) => o.object.kind === 'NetworkPolicy' && String(o.object.apiVersion).startsWith('networking.k8s.io/'));
  const isolating = policies.filter((p) => {
    const spec = asObject(p.object.spec) ?? {};
    const types = asArray(spec.policyTypes);
    return selects(spec.podSelector, podLabels) && (types.includes('Ingress') || types.length === 0);
  });
  if (isolating.length === 0) return;
  for (const port of r.ports) {
    const admitted = isolating.some((p) =>
      asArray(asObject(p.object.spec)?.ingress)
        .map(asObject)
        .some((rule) => admitsPort(rule?.ports, port) && (asArray(rule?.from).length === 0 || asArray(rule?.from).some((f) => asObject(f)?.ipBlock !== undefined))),
    );
    if (!admitted) {
      error(
        r,
        'ports',
        `no NetworkPolicy of namespace "${nsOf(r.object)}" admits the load balancer (an ingress rule from an IP block) to port ${port}: requests to "${r.host}" would time out`,
        'policy',
      );
    }
  }
}
