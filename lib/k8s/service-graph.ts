import { MONITORING_NAMESPACE } from '../org/identities';
import { Construct } from 'constructs';
import { IntOrString, KubeNetworkPolicy } from 'cdk8s-plus-28/lib/imports/k8s';
import { APP_LABEL, type CallEdge, addCallPolicies } from './service-calls';
import type { Environment } from '../org/environment';
import { subnetLayout } from '../org/subnet-layout';
import { compareStrings } from '../private/compare';
import { placeIn } from '../private/placement';
import type { ManifestObject } from '../validate/findings';
import { commonLabels } from './labels';
import type { Org } from '../org/org';

/** The annotation of a KubeVela Application that lists the apps it calls (`team/app`, comma-separated; written from AppConstruct's `calls`). */
export const CALLS_ANNOTATION = 'paved.dev/calls';
/** The annotation of a KubeVela Application that lists the other teams that may call it (comma-separated; written from AppConstruct's `callableBy`). */
export const CALLABLE_BY_ANNOTATION = 'paved.dev/callable-by';

/** The environment variable a caller reads a called app's URL from: `<APP>_URL` (upper case, `-` as `_`). */
export function callUrlVariable(app: string): string {
  return `${app.toUpperCase().replace(/-/g, '_')}_URL`;
}

export { APP_LABEL, COMPONENT_LABEL } from './service-calls';
/** The port PostgreSQL databases listen on. */
export const DATABASE_PORT = 5432;

/** One app of an environment, as the service graph sees it. */
export interface ServiceNode {
  readonly team: string;
  readonly app: string;
  readonly namespace: string;
  /** The port its web process listens on. */
  readonly port?: number;
  /** `team/app` of the apps it calls. */
  readonly calls: readonly string[];
  /** The other teams that may call it. */
  readonly callableBy: readonly string[];
  /** Whether it has a database of the platform's (its pods reach it on 5432). */
  readonly database: boolean;
  /** Whether Prometheus scrapes it (on its port): the monitoring stack's Prometheus may reach it there. */
  readonly scraped?: boolean;
  /** Where it is defined: a construct path or a file. */
  readonly source: string;
  /** Adds an environment variable to every process of the app, when the app is built here (not a proposed file). */
  readonly addEnv?: (name: string, value: string) => string | undefined;
}

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const list = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v.split(',') : []);

/** The monitoring stack's Prometheus pods, as a NetworkPolicy peer. */
const PROMETHEUS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } },
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
};

/** The apps of an environment that a tree's files hold (apps proposed from team repositories). */
export function serviceNodesOf(env: Environment, files: readonly ManifestObject[]): ServiceNode[] {
  const nodes: ServiceNode[] = [];
  for (const m of files) {
    const parts = m.file.split('/');
    if (parts[0] !== env.name || parts[1] !== 'teams' || parts[3] !== 'apps') continue;
    if (m.object.apiVersion !== 'core.oam.dev/v1beta1' || m.object.kind !== 'Application') continue;
    const metadata = asObject(m.object.metadata) ?? {};
    const annotations = asObject(metadata.annotations) ?? {};
    const component = asObject((asObject(m.object.spec)?.components as unknown[] | undefined)?.[0]) ?? {};
    const port = asObject((asObject(component.properties)?.ports as unknown[] | undefined)?.[0])?.port;
    const folder = parts.slice(0, 5).join('/');
    nodes.push({
      team: parts[2],
      app: String(metadata.name),
      namespace: String(metadata.namespace),
      ...(typeof port === 'number' ? { port } : {}),
      calls: list(annotations[CALLS_ANNOTATION]),
      callableBy: list(annotations[CALLABLE_BY_ANNOTATION]),
      database: files.some((f) => f.file.startsWith(`${folder}/`) && f.object.kind === 'PostgreSQLInstance'),
      scraped: files.some((f) => f.file.startsWith(`${folder}/`) && f.object.kind === 'ServiceMonitor'),
      source: m.file,
    });
  }
  return nodes;
}

/** A declared call that cannot be honoured. */
export interface ServiceGraphProblem {
  readonly caller: ServiceNode;
  readonly message: string;
}

/**
 * The service graph of one environment: every app's declared calls resolved
 * (the called app runs in the environment; another team's app consents to the
 * caller's team), each caller given `<APP>_URL` of each app it calls; per
 * app, one NetworkPolicy in its namespace (in its team's tenant folder): its
 * own pods reach each other, Prometheus reaches it on its port when it is
 * scraped, it reaches its database on 5432; and per consented call, two
 * policies of its own (see {@link addCallPolicies}): the caller reaches the
 * callee on its port. Nothing else between apps (the team's default-deny
 * holds the rest). A new caller adds files and changes none.
 */
export function buildServiceGraph(org: Org, env: Environment, nodes: readonly ServiceNode[], scopeOf: (team: string) => Construct | undefined): ServiceGraphProblem[] {
  const problems: ServiceGraphProblem[] = [];
  const byKey = new Map(nodes.map((n) => [`${n.team}/${n.app}`, n]));
  const edges = new Map<string, CallEdge>();
  for (const caller of nodes) {
    for (const key of caller.calls) {
      const callee = byKey.get(key);
      const [team, app] = key.split('/');
      if (!callee) {
        const there = nodes
          .filter((n) => n.team === team)
          .map((n) => n.app)
          .sort(compareStrings);
        problems.push({
          caller,
          message: `calls = ${JSON.stringify(key)} is not allowed: an app that runs in environment ${env.name} (team ${team} has ${there.length ? there.join(', ') : 'no app'} there)`,
        });
        continue;
      }
      if (callee.team !== caller.team && !callee.callableBy.includes(caller.team)) {
        problems.push({
          caller,
          message: `calls = ${JSON.stringify(key)} is not allowed: an app whose team consents: team ${team}'s ${app} does not list team ${caller.team} in its callableBy (${callee.source})`,
        });
        continue;
      }
      if (callee.port === undefined) {
        problems.push({ caller, message: `calls = ${JSON.stringify(key)} is not allowed: an app that listens on a port (${app} has none)` });
        continue;
      }
      const url = `http://${callee.app}.${callee.namespace}.svc.cluster.local:${callee.port}`;
      const clash = caller.addEnv?.(callUrlVariable(callee.app), url);
      if (clash) problems.push({ caller, message: `calls = ${JSON.stringify(key)} is not allowed: ${clash}` });
      const end = (n: ServiceNode) => ({ team: n.team, app: n.app, namespace: n.namespace });
      edges.set(`${caller.team}/${caller.app} ${key}`, { caller: end(caller), callee: end(callee), port: callee.port });
    }
  }
  const databaseBlocks = subnetLayout(env.vpcCidr, env.availabilityZones)?.privateCidrs ?? [];
  for (const node of [...nodes].sort((a, b) => compareStrings(`${a.team}/${a.app}`, `${b.team}/${b.app}`))) {
    const scope = scopeOf(node.team);
    if (!scope) continue;
    const holder = new Construct(scope, `app-network-${node.namespace}-${node.app}`);
    placeIn(holder, `teams/${node.team}/tenant/namespaces/${node.namespace}`);
    const team = org.teams.find((t) => t.name === node.team);
    const own = { podSelector: { matchLabels: { [APP_LABEL]: node.app } } };
    new KubeNetworkPolicy(holder, 'NetworkPolicy', {
      metadata: { name: `app-${node.app}`, namespace: node.namespace, labels: { ...(team ? commonLabels(team) : {}), [APP_LABEL]: node.app } },
      spec: {
        podSelector: { matchLabels: { [APP_LABEL]: node.app } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [own] },
          // the monitoring stack's Prometheus scrapes it on its port
          ...(node.scraped && node.port !== undefined ? [{ from: [PROMETHEUS_PEER], ports: [{ protocol: 'TCP', port: IntOrString.fromNumber(node.port) }] }] : []),
        ],
        egress: [
          { to: [own] },
          ...(node.database && databaseBlocks.length ? [{ to: databaseBlocks.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: 'TCP', port: IntOrString.fromNumber(DATABASE_PORT) }] }] : []),
        ],
      },
    });
  }
  for (const [, edge] of [...edges].sort(([a], [b]) => compareStrings(a, b))) addCallPolicies(org, edge, scopeOf);
  return problems;
}
