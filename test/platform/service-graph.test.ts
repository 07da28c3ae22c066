import { isPreviewFile } from '../../lib/org/preview-names';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { AppConstruct, type AppDefinition, Org, buildGitOps, loadManifests } from '../../lib';
import { ROOT } from '../cli-util';
import { ORG_PROPS, minimalPlatform } from '../util';

type Json = Record<string, any>;
const tree = loadManifests(path.join(ROOT, 'gitops')).objects;

/** Whether a label selector (matchLabels only) selects these labels. */
const selects = (selector: Json | undefined, labels: Json) => Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

interface Pod {
  app: string;
  team: string;
  namespace: string;
  labels: Json;
  port?: number;
}

/** Kubernetes NetworkPolicy semantics: may `from` open a TCP connection to `to` on `port`? */
function allowed(policies: Json[], from: Pod, to: Pod, port: number): boolean {
  const peerMatches = (peer: Json, pod: Pod) =>
    peer.ipBlock === undefined &&
    (peer.namespaceSelector === undefined ? true : selects(peer.namespaceSelector, { 'kubernetes.io/metadata.name': pod.namespace })) &&
    (peer.podSelector === undefined ? true : selects(peer.podSelector, pod.labels));
  const sameNamespace = (peer: Json, pod: Pod, policyNs: string) => peer.namespaceSelector !== undefined || pod.namespace === policyNs;
  const portMatches = (rule: Json) => (rule.ports ?? []).length === 0 || rule.ports.some((p: Json) => p.port === undefined || p.port === port);
  const side = (pod: Pod, type: 'Ingress' | 'Egress', other: Pod) => {
    const applying = policies.filter((p) => p.metadata.namespace === pod.namespace && selects(p.spec.podSelector, pod.labels) && (p.spec.policyTypes ?? ['Ingress']).includes(type));
    if (applying.length === 0) return true;
    return applying.some((p) =>
      (type === 'Ingress' ? (p.spec.ingress ?? []) : (p.spec.egress ?? [])).some(
        (rule: Json) => portMatches(rule) && (type === 'Ingress' ? rule.from : (rule.to ?? [])).some((peer: Json) => sameNamespace(peer, other, p.metadata.namespace) && peerMatches(peer, other)),
      ),
    );
  };
  return side(from, 'Egress', to) && side(to, 'Ingress', from);
}

describe.each(['staging', 'prod'])('the service graph of %s', (env) => {
  // (a preview's namespace lets its own apps call each other, and nothing else: test/lib/validate/preview-render.test.ts)
  const objects = tree
    .filter((m) => m.file.startsWith(`${env}/`) && !isPreviewFile(m.file) && !String((m.object.metadata as Json | undefined)?.namespace).endsWith('-pr-1'))
    .map((m) => m.object as Json);
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const apps = objects.filter((o) => o.apiVersion === 'core.oam.dev/v1beta1' && o.kind === 'Application');
  const pods: Pod[] = apps.map((a) => ({
    app: a.metadata.name,
    team: tree.find((m) => m.object === a)?.file.split('/')[2] ?? String(a.metadata.labels['paved.dev/team']),
    namespace: a.metadata.namespace,
    labels: { 'app.oam.dev/name': a.metadata.name, 'app.oam.dev/component': a.metadata.name },
    port: a.spec.components[0].properties.ports?.[0]?.port,
  }));
  const declared = (caller: Json) =>
    String(caller.metadata.annotations?.['paved.dev/calls'] ?? '')
      .split(',')
      .filter(Boolean);
  const consents = (callee: Json) =>
    String(callee.metadata.annotations?.['paved.dev/callable-by'] ?? '')
      .split(',')
      .filter(Boolean);

  test("between every two apps, traffic is allowed exactly when the caller declares the call and the callee's team consents (or they are one app)", () => {
    expect(pods.length).toBeGreaterThanOrEqual(6);
    const mismatches: string[] = [];
    let allowedPairs = 0;
    for (const from of pods) {
      for (const to of pods) {
        if (to.port === undefined) continue;
        const caller = apps.find((a) => a.metadata.name === from.app && a.metadata.namespace === from.namespace) as Json;
        const callee = apps.find((a) => a.metadata.name === to.app && a.metadata.namespace === to.namespace) as Json;
        const expected = from === to || (declared(caller).includes(`${to.team}/${to.app}`) && (from.team === to.team || consents(callee).includes(from.team)));
        const actual = allowed(policies, from, to, to.port);
        if (actual) allowedPairs++;
        if (actual !== expected) mismatches.push(`${from.team}/${from.app} → ${to.team}/${to.app}:${to.port}: ${actual ? 'allowed' : 'denied'}, declared ${expected ? 'allowed' : 'denied'}`);
      }
    }
    expect(mismatches).toEqual([]);
    // each app to itself, and the three declared calls: checkout → search-api, search-api → indexer, mobile-bff → push-worker
    expect(allowedPairs).toBe(pods.length + 3);
  });

  test('an app with a database reaches it on 5432 (the private subnets), and nothing else there', () => {
    const myApp = policies.find((p) => p.metadata.name === 'app-my-app');
    const egress = myApp?.spec.egress.find((r: Json) => r.ports?.[0]?.port === 5432);
    expect(egress.to.map((t: Json) => t.ipBlock.cidr).length).toBeGreaterThan(1);
    expect(policies.find((p) => p.metadata.name === 'app-search-api')?.spec.egress.some((r: Json) => r.ports?.[0]?.port === 5432)).toBe(false);
  });
});

describe('declared calls that cannot be honoured', () => {
  const app =
    (name: string, extra: Partial<ConstructorParameters<typeof AppConstruct>[2]> = {}): AppDefinition =>
    (scope) =>
      new AppConstruct(scope, name, { team: scope.team, image: `${name}:1.0.0`, port: 8080, ...(scope.environment.production ? { replicas: 2 } : {}), ...extra });
  const build = (apps: Parameters<typeof buildGitOps>[0]['apps']) => buildGitOps({ org: new Org(ORG_PROPS), apps, platform: minimalPlatform });

  test("a call to an app that does not run in the environment, and to another team's app without its consent, fail naming both sides; nothing is written", () => {
    const result = build([
      { team: 'payments', apps: [app('web', { calls: [{ app: 'ghost' }, { team: 'search', app: 'api' }] })] },
      { team: 'search', apps: [app('api')] },
    ]);
    expect(result.files.size).toBe(0);
    expect(result.errors).toEqual([
      'staging/payments/web: calls = "payments/ghost" is not allowed: an app that runs in environment staging (team payments has web there)',
      'staging/payments/web: calls = "search/api" is not allowed: an app whose team consents: team search\'s api does not list team payments in its callableBy (staging/search/api)',
      'prod/payments/web: calls = "payments/ghost" is not allowed: an app that runs in environment prod (team payments has web there)',
      'prod/payments/web: calls = "search/api" is not allowed: an app whose team consents: team search\'s api does not list team payments in its callableBy (prod/search/api)',
    ]);
  });

  test("with consent, the caller gets the callee's URL in every process", () => {
    const result = build([
      { team: 'payments', apps: [app('web', { calls: [{ team: 'search', app: 'api' }], workers: [{ name: 'w', command: ['x'] }] })] },
      { team: 'search', apps: [app('api', { callableBy: ['payments'] })] },
    ]);
    expect(result.errors).toEqual([]);
    const web = result.files.get('prod/teams/payments/apps/web/application-web.yaml') ?? '';
    expect(web.match(/name: API_URL\n\s+value: http:\/\/api\.search\.svc\.cluster\.local:8080/g)).toHaveLength(2);
  });
});

describe('two callers of one app, each added by its own pull request', () => {
  const app =
    (name: string, extra: Partial<ConstructorParameters<typeof AppConstruct>[2]> = {}): AppDefinition =>
    (scope) =>
      new AppConstruct(scope, name, { team: scope.team, image: `${name}:1.0.0`, port: 8080, ...(scope.environment.production ? { replicas: 2 } : {}), ...extra });
  const org = new Org(ORG_PROPS);
  const build = (web: AppDefinition, crawler: AppDefinition) => {
    const result = buildGitOps({
      org,
      apps: [
        { team: 'payments', apps: [web] },
        { team: 'search', apps: [app('api', { callableBy: ['payments'] }), crawler] },
      ],
      platform: minimalPlatform,
    });
    expect(result.errors).toEqual([]);
    return result.files;
  };
  const calling = { calls: [{ team: 'search', app: 'api' }] };
  // another team's app with a worker (all its pods call), and an app of the callee's own team
  const base = build(app('web', { workers: [{ name: 'w', command: ['x'] }] }), app('crawler'));
  const first = build(app('web', { ...calling, workers: [{ name: 'w', command: ['x'] }] }), app('crawler'));
  const second = build(app('web', { workers: [{ name: 'w', command: ['x'] }] }), app('crawler', { calls: [{ app: 'api' }] }));
  const both = build(app('web', { ...calling, workers: [{ name: 'w', command: ['x'] }] }), app('crawler', { calls: [{ app: 'api' }] }));
  const changes = (after: ReadonlyMap<string, string>) => [...new Set([...base.keys(), ...after.keys()])].filter((f) => base.get(f) !== after.get(f)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  test("each adds the call's two NetworkPolicies and changes no NetworkPolicy that was there; the two changes share no file", () => {
    const policies = (files: string[]) => files.filter((f) => f.includes('/networkpolicy-'));
    expect(policies(changes(first))).toEqual([
      'prod/teams/payments/tenant/namespaces/payments/networkpolicy-call-to.search.api.from.web.yaml',
      'prod/teams/search/tenant/namespaces/search/networkpolicy-call-from.payments.web.to.api.yaml',
      'staging/teams/payments/tenant/namespaces/payments/networkpolicy-call-to.search.api.from.web.yaml',
      'staging/teams/search/tenant/namespaces/search/networkpolicy-call-from.payments.web.to.api.yaml',
    ]);
    expect(policies(changes(second))).toEqual([
      'prod/teams/search/tenant/namespaces/search/networkpolicy-call-from.search.crawler.to.api.yaml',
      'prod/teams/search/tenant/namespaces/search/networkpolicy-call-to.search.api.from.crawler.yaml',
      'staging/teams/search/tenant/namespaces/search/networkpolicy-call-from.search.crawler.to.api.yaml',
      'staging/teams/search/tenant/namespaces/search/networkpolicy-call-to.search.api.from.crawler.yaml',
    ]);
    for (const f of [...changes(first), ...changes(second)].filter((f) => f.includes('/networkpolicy-'))) expect(base.has(f)).toBe(false);
    expect(changes(first).filter((f) => changes(second).includes(f))).toEqual([]);
  });

  test('merged file by file, they give the tree built with both calls, in which each caller reaches the app and nothing more is open', () => {
    const merged = new Map(base);
    for (const after of [first, second]) {
      for (const f of changes(after)) {
        const text = after.get(f);
        if (text === undefined) merged.delete(f);
        else merged.set(f, text);
      }
    }
    expect([...merged.keys()].sort()).toEqual([...both.keys()].sort());
    for (const [f, text] of both) expect(merged.get(f)).toBe(text);

    const objects = [...merged]
      .filter(([f]) => f.startsWith('prod/') && f.endsWith('.yaml'))
      .flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJSON() as Json))
      .filter(Boolean);
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    const pod = (team: string, name: string): Pod => ({ app: name, team, namespace: team, labels: { 'app.oam.dev/name': name, 'app.oam.dev/component': name }, port: 8080 });
    const worker = (team: string, name: string): Pod => ({ ...pod(team, name), labels: { 'app.oam.dev/name': name, 'app.oam.dev/component': `${name}-w` } });
    const [web, crawler, api] = [pod('payments', 'web'), pod('search', 'crawler'), pod('search', 'api')];
    expect(allowed(policies, web, api, 8080)).toBe(true);
    expect(allowed(policies, worker('payments', 'web'), api, 8080)).toBe(true);
    expect(allowed(policies, crawler, api, 8080)).toBe(true);
    // only the declared direction, only the callee's port, only the callee's web process
    expect(allowed(policies, api, web, 8080)).toBe(false);
    expect(allowed(policies, api, crawler, 8080)).toBe(false);
    expect(allowed(policies, web, crawler, 8080)).toBe(false);
    expect(allowed(policies, web, api, 9090)).toBe(false);
    expect(allowed(policies, web, worker('search', 'api'), 8080)).toBe(false);
  });
});
