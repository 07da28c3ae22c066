import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { AppConstruct, type AppDefinition, type ManifestObject, Org, type OrgProps, type PlatformEnvironment, PlatformServices, buildGitOps, loadManifests, validateObjects } from '../../../lib';
import { type RuleContext, type TenantRule, admissionPolicy, appliedByOfFile, checkTenantRules, ruleContextsOf, tenantRules } from '../../../lib/validate/tenant-rules';
import { ORG_PROPS, minimalPlatform } from '../../util';
import { admissionVerdict } from './admission-harness';
import { asTrackedByPreview, previewFolderOf } from '../../../lib/org/preview-names';

const ROOT = path.join(__dirname, '..', '..', '..');

/** The small org, with the images policy of the example: one registry, digests in production. */
const PROPS: OrgProps = {
  ...ORG_PROPS,
  images: { registries: ['registry.example.com'] },
  environments: ORG_PROPS.environments.map((e) => (e.name === 'prod' ? { ...e, images: { requireDigest: true } } : e)),
};
const org = new Org(PROPS);
const contexts = ruleContextsOf(org);
const DIGEST = `@sha256:${'a'.repeat(64)}`;
const GOOD_IMAGE = `registry.example.com/payments/web:1.0${DIGEST}`;

type Obj = Record<string, unknown>;
const application = (components: unknown[], extra: Obj = {}): Obj => ({
  apiVersion: 'core.oam.dev/v1beta1',
  kind: 'Application',
  metadata: { name: 'web', namespace: 'payments' },
  spec: { components, ...extra },
});
const webservice = (props: Obj = {}, traits: unknown[] = []) => ({ name: 'web', type: 'webservice', properties: { image: GOOD_IMAGE, ...props }, traits });
const gateway = (props: Obj) => ({ type: 'gateway', properties: { domain: 'web.payments.example.com', class: 'public', classInSpec: true, http: { '/': 8080 }, ...props } });
const ingress = (spec: Obj, annotations?: Record<string, string>): Obj => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', namespace: 'payments', ...(annotations ? { annotations } : {}) },
  spec: { ingressClassName: 'public', rules: [{ host: 'web.payments.example.com' }], ...spec },
});

/** What each side says of an object a team's deployer applies in an environment: the TypeScript checks' refusals and the admission policies' denials. */
function verdicts(object: Obj, env = 'prod', team = 'payments') {
  const ctx = contexts[env];
  const rules = tenantRules(ctx);
  const manifest: ManifestObject = { file: `${env}/teams/${team}/apps/web/object.yaml`, object };
  const ts = checkTenantRules(rules, [{ manifest, appliedBy: team }]).map((p) => `${p.rule}: ${p.message}`);
  const cel = rules.flatMap((rule) => admissionVerdict(ctx, rule, object, { username: ctx.teams.find((t) => t.name === team)?.deployer ?? '' }).map((m) => `${rule.name}: ${m}`));
  return { ts, cel };
}

/** Expects both sides to refuse with exactly these messages (each `<policy>: <message>`, matched by substring). */
function expectRefused(object: Obj, expected: readonly string[], env = 'prod') {
  const { ts, cel } = verdicts(object, env);
  expect(cel).toEqual(ts);
  expect(ts).toHaveLength(expected.length);
  expected.forEach((e, i) => expect(ts[i]).toContain(e));
}

describe('the tenant rules: the checks paved runs and the admission policies the cluster runs say the same', () => {
  test('every object of the example tree a team applies is admitted by both', () => {
    const exampleOrg = Org.fromFile(path.join(ROOT, 'gitops', 'org.json'));
    // (the previews' copies are read as the sample pull request's previews apply them)
    // (what Argo CD applies from a preview's folder carries its tracking annotation, as the proof presents it)
    const objects = loadManifests(path.join(ROOT, 'gitops')).objects.map((m) => (previewFolderOf(m.file)?.part === 'apps' ? { ...m, object: asTrackedByPreview(m.object) } : m));
    expect(objects.filter((m) => String((m.object.metadata as Obj | undefined)?.namespace).endsWith('-pr-1')).length).toBeGreaterThan(10);
    let matched = 0;
    for (const [env, ctx] of Object.entries(ruleContextsOf(exampleOrg))) {
      for (const rule of tenantRules(ctx)) {
        const applied = objects.filter((m) => m.file.startsWith(`${env}/`)).map((m) => ({ manifest: m, appliedBy: appliedByOfFile(m.file, env) }));
        expect(checkTenantRules([rule], applied)).toEqual([]);
        for (const a of applied) {
          if (a.appliedBy === undefined) continue;
          const user = ctx.teams.find((t) => t.name === a.appliedBy)?.deployer ?? '';
          const denied = admissionVerdict(ctx, rule, a.manifest.object, { username: user });
          expect({ file: a.manifest.file, denied }).toEqual({ file: a.manifest.file, denied: [] });
          matched++;
        }
      }
    }
    expect(matched).toBeGreaterThan(100);
  });

  describe('definitions: only the allowlist, no policy, no parameter that reaches past the team', () => {
    test.each([
      [
        'k8s-objects (any object, e.g. a ClusterRoleBinding)',
        { name: 'x', type: 'k8s-objects', properties: { objects: [{ kind: 'ClusterRoleBinding' }] } },
        'component type "k8s-objects" is not allowed',
      ],
      [
        'ref-objects (objects of other namespaces)',
        { name: 'x', type: 'ref-objects', properties: { objects: [{ resource: 'secret', name: 'x', namespace: 'search' }] } },
        'component type "ref-objects"',
      ],
      ['a raw component', { name: 'x', type: 'raw', properties: {} }, 'component type "raw"'],
    ])('refuses a component of type %s', (_what, component, message) => {
      expectRefused(application([webservice(), component]), [`paved-team-definitions: ${message}`]);
    });

    test.each([
      ['service-account granting cluster-wide rights', { type: 'service-account', properties: { name: 'x', privileges: [{ scope: 'cluster', apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] } }],
      ['json-patch (any change to the rendered objects)', { type: 'json-patch', properties: { operations: [] } }],
      ['expose (a Service of any type)', { type: 'expose', properties: { port: [80], type: 'LoadBalancer' } }],
      ['storage (hostPath, any PVC)', { type: 'storage', properties: { hostPath: [{ name: 'h', path: '/', mountPath: '/h' }] } }],
      ['sidecar (a second container)', { type: 'sidecar', properties: { name: 's', image: 'evil:1' } }],
    ])('refuses a trait %s', (_what, t) => {
      expectRefused(application([webservice({}, [t])]), [`paved-team-definitions: trait type "${t.type}" is not allowed: one of scaler, hpa, gateway`]);
    });

    test('refuses workflow steps outside the allowlist, sub-steps included, and any policy', () => {
      const app = application([webservice()], {
        workflow: {
          steps: [
            { name: 'a', type: 'apply-object', properties: { value: {} } },
            { name: 'g', type: 'step-group', subSteps: [{ name: 'd', type: 'deploy' }] },
          ],
        },
        policies: [
          { name: 't', type: 'topology', properties: { namespace: 'kube-system' } },
          { name: 'o', type: 'shared-resource', properties: {} },
        ],
      });
      expectRefused(app, [
        'paved-team-definitions: workflow step type "apply-object", "step-group", "deploy" is not allowed: one of apply-component',
        'paved-team-definitions: policies "topology", "shared-resource" are not allowed: none',
      ]);
    });

    test.each(['LoadBalancer', 'NodePort'])('refuses exposeType %s (a port on every node or a load balancer of its own)', (type) => {
      expectRefused(application([webservice({ exposeType: type })]), [`paved-team-definitions: component "web": exposeType "${type}" is not allowed: ClusterIP`]);
    });

    test.each([
      ['volumeMounts.hostPath', { volumeMounts: { hostPath: [{ name: 'root', path: '/', mountPath: '/host' }] } }],
      ['volumes of type hostPath', { volumes: [{ name: 'root', type: 'hostPath', path: '/var/run/docker.sock', mountPath: '/s' }] }],
    ])('refuses a volume from the node: %s', (_what, props) => {
      expectRefused(application([webservice(props)]), ['paved-team-definitions: component "web": a hostPath volume is not allowed']);
    });
  });

  describe("hosts: the team's own zone in this environment, never a catch-all", () => {
    test.each([
      ["another team's zone", 'checkout.search.example.com'],
      ['the zone of another environment (staging serves staging.payments.example.com)', 'web.staging.payments.example.com'],
      ['two labels below the zone (no certificate covers it)', 'a.b.payments.example.com'],
      ['a wildcard', '*.payments.example.com'],
      ['a name that only ends like the zone', 'evilpayments.example.com'],
      ['upper case', 'Web.payments.example.com'],
    ])('refuses a gateway domain in %s', (_what, domain) => {
      expectRefused(application([webservice({}, [gateway({ domain })])]), [
        `paved-team-hosts-payments: component "web": gateway domain "${domain}" is not allowed: team payments's zone in environment prod: "payments.example.com" or one label below it`,
      ]);
    });

    test('refuses a gateway without a domain (a rule without a host takes every host)', () => {
      const t = gateway({});
      delete (t.properties as Obj).domain;
      expectRefused(application([webservice({}, [t])]), ['paved-team-hosts-payments: component "web": a gateway without a domain is not allowed']);
    });

    test("accepts the zone itself and one label below it, in staging the environment's subdomain", () => {
      expect(verdicts(application([webservice({}, [gateway({ domain: 'payments.example.com' })])])).ts).toEqual([]);
      expect(verdicts(application([webservice({ image: 'registry.example.com/payments/web:1.0' }, [gateway({ domain: 'web.staging.payments.example.com', class: 'alb' })])]), 'staging').ts).toEqual(
        [],
      );
    });

    test('refuses Ingress rules without a host or outside the zone, TLS hosts outside it and a default backend', () => {
      const object = ingress({
        rules: [{ http: { paths: [] } }, { host: 'checkout.search.example.com' }],
        tls: [{ hosts: ['evil.example.org'] }],
        defaultBackend: { service: { name: 'x', port: { number: 80 } } },
      });
      expectRefused(object, [
        'paved-team-hosts-payments: a rule without a host, host "checkout.search.example.com" is not allowed',
        'paved-team-hosts-payments: TLS host "evil.example.org" is not allowed',
        'paved-team-hosts-payments: a default backend is not allowed',
      ]);
    });
  });

  describe('routes: nothing of the shared load balancer or DNS beyond the target group', () => {
    test.each([
      ['the rule order on the shared load balancer', 'alb.ingress.kubernetes.io/group.order', '-1000'],
      ['another load balancer (its group)', 'alb.ingress.kubernetes.io/group.name', 'mine'],
      ["the load balancer's access logs", 'alb.ingress.kubernetes.io/load-balancer-attributes', 'access_logs.s3.enabled=true,access_logs.s3.bucket=evil'],
      ['a record in any zone', 'external-dns.alpha.kubernetes.io/hostname', 'checkout.search.example.com'],
      ['conditions that match other hosts', 'alb.ingress.kubernetes.io/conditions.web', '[{"field":"host-header","hostHeaderConfig":{"values":["checkout.search.example.com"]}}]'],
      ['an internal scheme', 'alb.ingress.kubernetes.io/scheme', 'internal'],
    ])('refuses a gateway annotation for %s', (_what, key, value) => {
      expectRefused(application([webservice({}, [gateway({ annotations: { [key]: value } })])]), [`paved-team-routes: annotations "${key}" are not allowed: only these`]);
    });

    test("refuses listeners other than the platform's, on a gateway and on an Ingress", () => {
      expectRefused(application([webservice({}, [gateway({ annotations: { 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS": 8443}]' } })])]), [
        'paved-team-routes: listeners [{"HTTPS": 8443}] are not allowed: alb.ingress.kubernetes.io/listen-ports = [{"HTTP": 80}, {"HTTPS": 443}]',
      ]);
      expectRefused(ingress({}, { 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 8080}]' }), ['paved-team-routes: listeners [{"HTTP": 8080}] are not allowed']);
    });

    test('refuses another class, or the class in an annotation, on a gateway and on an Ingress', () => {
      expectRefused(application([webservice({}, [gateway({ class: 'nginx' })])]), ['paved-team-routes: gateway class "nginx" is not allowed: "public"']);
      expectRefused(application([webservice({}, [gateway({ classInSpec: false })])]), ['paved-team-routes: gateway class "public" in an annotation is not allowed']);
      expectRefused(ingress({ ingressClassName: 'internal' }), ['paved-team-routes: class "internal" is not allowed: "public"']);
      expectRefused(ingress({}, { 'kubernetes.io/ingress.class': 'public' }), ['paved-team-routes: annotations "kubernetes.io/ingress.class" are not allowed']);
    });

    test.each([
      ['type LoadBalancer', { type: 'LoadBalancer' }, 'type "LoadBalancer"'],
      ['type NodePort', { type: 'NodePort' }, 'type "NodePort"'],
      ['type ExternalName', { type: 'ExternalName', externalName: 'db.search.svc' }, 'type "ExternalName"'],
      ['externalIPs (traffic to any address intercepted)', { externalIPs: ['10.0.0.10'] }, 'externalIPs'],
    ])('refuses a Service of %s', (_what, spec, message) => {
      expectRefused({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'payments' }, spec }, [
        `paved-team-routes: ${message} is not allowed: a Service of type ClusterIP without externalIPs`,
      ]);
    });
  });

  describe("images: the environment's registries, by digest where it asks", () => {
    test.each([
      ['another registry', 'quay.io/evil/miner:1.0'],
      ['Docker Hub, implied', 'nginx:1.27'],
      ['a registry whose name only starts like the allowed one', 'registry.example.com.evil.io/x:1'],
      ['a tag in production, where digests are required', 'registry.example.com/payments/web:1.0'],
    ])("refuses an Application's image from %s", (_what, image) => {
      expectRefused(application([webservice({ image })]), [`paved-team-images: image "${image}" is not allowed in environment prod: an image from registry.example.com/ pinned by digest`]);
    });

    test('refuses the images of rendered workloads, init containers and cron jobs included, and of pods whoever creates them', () => {
      const deployment = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd', namespace: 'payments' },
        spec: { template: { spec: { containers: [{ name: 'c', image: GOOD_IMAGE }], initContainers: [{ name: 'i', image: 'busybox:1' }] } } },
      };
      expectRefused(deployment, ['paved-team-images: image "busybox:1" is not allowed']);
      const cron = {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'c', namespace: 'payments' },
        spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'quay.io/x:1' }] } } } } },
      };
      expectRefused(cron, ['paved-team-images: image "quay.io/x:1" is not allowed']);
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', namespace: 'payments' },
        spec: { containers: [{ name: 'c', image: 'quay.io/x:1' }], ephemeralContainers: [{ name: 'e', image: 'busybox:1' }] },
      };
      const ctx = contexts.prod;
      const rule = tenantRules(ctx).find((r) => r.name === 'paved-team-pod-images') as TenantRule;
      expect(admissionVerdict(ctx, rule, pod, { username: 'system:serviceaccount:kube-system:replicaset-controller' })).toEqual([
        'image "quay.io/x:1" is not allowed in environment prod: an image from registry.example.com/ pinned by digest (name@sha256:<64 hex digits>); image "busybox:1" is not allowed in environment prod: an image from registry.example.com/ pinned by digest (name@sha256:<64 hex digits>)',
      ]);
    });

    test('accepts a tag in staging, where digests are not required', () => {
      expect(verdicts(application([webservice({ image: 'registry.example.com/payments/web:1.0' }, [gateway({ domain: 'web.staging.payments.example.com', class: 'alb' })])]), 'staging')).toEqual({
        ts: [],
        cel: [],
      });
    });
  });

  test.each([
    ['a composition of its choice', { compositionRef: { name: 'public-database' } }],
    ['a composition selector', { compositionSelector: { matchLabels: { tier: 'free' } } }],
    ["another claim's resources", { resourceRefs: [{ apiVersion: 'rds.aws.m.upbound.io/v1beta1', kind: 'Instance', name: 'search-db' }] }],
  ])('claims: refuses %s (spec.crossplane)', (_what, crossplane) => {
    const claim = { apiVersion: 'db.example.com/v1alpha1', kind: 'PostgreSQLInstance', metadata: { name: 'db', namespace: 'payments' }, spec: { parameters: { storageGB: 20 }, crossplane } };
    expectRefused(claim, ["paved-team-claims: spec.crossplane is not allowed: none: Crossplane composes a claim with the platform's composition"]);
  });

  test.each([
    ['a Secret', 'v1', 'Secret', 'Secret is not allowed'],
    ['a RoleBinding', 'rbac.authorization.k8s.io/v1', 'RoleBinding', 'RoleBinding (rbac.authorization.k8s.io) is not allowed'],
    ['a ServiceAccount', 'v1', 'ServiceAccount', 'ServiceAccount is not allowed'],
    ['a NetworkPolicy', 'networking.k8s.io/v1', 'NetworkPolicy', 'NetworkPolicy (networking.k8s.io) is not allowed'],
    ['an Argo CD Application', 'argoproj.io/v1alpha1', 'Application', 'Application (argoproj.io) is not allowed'],
  ])("kinds: refuses %s created by the team's deployer, not by the platform", (_what, apiVersion, kind, message) => {
    const object = { apiVersion, kind, metadata: { name: 'x', namespace: 'payments-ledger' } };
    const props = { ...PROPS, teams: PROPS.teams.map((t) => (t.name === 'payments' ? { ...t, namespaces: ['payments', 'payments-ledger'] } : t)) };
    const ctx = ruleContextsOf(new Org(props)).prod;
    const rules = tenantRules(ctx);
    const manifest = { file: 'prod/teams/payments/apps/x/object.yaml', object };
    expect(checkTenantRules(rules, [{ manifest, appliedBy: 'payments' }]).map((p) => p.message)).toEqual([expect.stringContaining(`${message} in team payments's namespaces`)]);
    const kinds = rules.find((r) => r.name === 'paved-team-kinds-payments') as TenantRule;
    expect(admissionVerdict(ctx, kinds, object, { username: 'system:serviceaccount:argocd:paved-deployer-payments' })).toEqual([expect.stringContaining(message)]);
    // the platform's tenancy writes these kinds in the team's namespaces: not the team's requests
    expect(checkTenantRules(rules, [{ manifest: { file: 'prod/teams/payments/tenant/x.yaml', object } }])).toEqual([]);
    expect(admissionVerdict(ctx, kinds, object, { username: 'system:serviceaccount:argocd:paved-platform-deployer' })).toEqual([]);
  });

  test("in a preview of a pull request (<team>-pr-<number>) the team's rules hold, and a route is the preview's own", () => {
    // as Argo CD applies it: in the preview's namespace, tracked by that namespace's own apps Application
    const inPreview = (o: Obj, ns = 'payments-pr-7'): Obj => asTrackedByPreview({ ...o, metadata: { ...(o.metadata as Obj), namespace: ns } });
    const previewGateway = (props: Obj) => ({ type: 'paved-preview-gateway', properties: { label: 'web', zone: 'payments.example.com', class: 'public', http: { '/': 8080 }, ...props } });
    // the environment's own host: a gateway trait, or an Ingress on a host not the preview's
    expectRefused(inPreview(application([webservice({}, [gateway({})])])), ['paved-team-hosts-payments: a gateway trait is not allowed in a preview of a pull request']);
    expectRefused(inPreview(ingress({})), ['paved-team-hosts-payments: host "web.payments.example.com" is not allowed: in a preview of a pull request']);
    // another pull request's host, or its own team's namespace's
    expectRefused(inPreview(ingress({ rules: [{ host: 'web-payments-pr-8.payments.example.com' }] })), ['host "web-payments-pr-8.payments.example.com" is not allowed: in a preview']);
    expectRefused(inPreview(ingress({ rules: [{ host: 'web-payments-pr-70.payments.example.com' }] })), ['host "web-payments-pr-70.payments.example.com" is not allowed: in a preview']);
    // the preview's own host, and the preview gateway in the team's zone, are admitted by both sides
    expect(verdicts(inPreview(ingress({ rules: [{ host: 'web-payments-pr-7.payments.example.com' }] })))).toEqual({ ts: [], cel: [] });
    expect(verdicts(inPreview(application([webservice({}, [previewGateway({})])])))).toEqual({ ts: [], cel: [] });
    // the preview gateway in another zone, or with a label that is no host label, anywhere
    expectRefused(application([webservice({}, [previewGateway({ zone: 'search.example.com' })])]), ['paved-team-hosts-payments: a paved-preview-gateway trait names zone "payments.example.com"']);
    expectRefused(inPreview(application([webservice({}, [previewGateway({ label: 'x.evil' })])])), ['a paved-preview-gateway trait names zone']);
    // every other rule of the team's namespaces holds in its previews: definitions, images, kinds
    expectRefused(inPreview(application([{ name: 'x', type: 'k8s-objects', properties: {} }])), ['paved-team-definitions:']);
    expectRefused(inPreview(application([webservice({ image: 'docker.io/evil/x:1' })])), ['paved-team-images:']);
    // what a preview never holds, and nothing that outlives its teardown
    const rule = (o: Obj) => inPreview(o);
    // one pull request's preview writing into another's (its Application tracks it): refused by both
    const other = { ...inPreview(application([webservice()])) } as Obj;
    const meta = other.metadata as Obj;
    const hijack = {
      ...other,
      metadata: { ...meta, annotations: { ...(meta.annotations as Obj), 'argocd.argoproj.io/tracking-id': 'payments-pr-8-apps:core.oam.dev/Application:payments-pr-7/web' } },
    };
    expectRefused(hijack, ["paved-team-kinds-payments: is not allowed in a preview of a pull request: what the preview's own Argo CD Application (<namespace>-apps) applies"]);
    expectRefused(rule({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'r' }, spec: {} }), [
      'paved-team-kinds-payments: PrometheusRule (monitoring.coreos.com) is not allowed in a preview of a pull request',
    ]);
    expectRefused(rule({ apiVersion: 'db.example.com/v1alpha1', kind: 'PostgreSQLInstance', metadata: { name: 'db' }, spec: { parameters: {} } }), [
      'paved-team-kinds-payments: PostgreSQLInstance (db.example.com) is not allowed in a preview of a pull request',
    ]);
    for (const annotations of [
      { 'argocd.argoproj.io/sync-options': 'Delete=false' },
      { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true, Prune=false' },
      { 'argocd.argoproj.io/hook': 'PostDelete' },
      { 'helm.sh/hook': 'post-delete' },
    ]) {
      expectRefused(rule({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations }, data: {} }), [
        'paved-team-kinds-payments: is not allowed in a preview of a pull request: nothing Argo CD keeps',
      ]);
    }
    expectRefused(rule({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { grafana_dashboard: '1' } }, data: {} }), [
      'a ConfigMap labelled grafana_dashboard is not allowed in a preview',
    ]);
    // the same in the team's own namespace: admitted (its alerts, claims and dashboards are its own)
    expect(
      verdicts({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', namespace: 'payments', labels: { grafana_dashboard: '1' }, annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false' } },
        data: {},
      }),
    ).toEqual({ ts: [], cel: [] });
    expect(verdicts(rule({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { 'argocd.argoproj.io/sync-options': 'PrunePropagationPolicy=foreground' } }, data: {} }))).toEqual(
      { ts: [], cel: [] },
    );
    // a host label too long for DNS, on the preview's own host
    expectRefused(inPreview(ingress({ rules: [{ host: `${'w'.repeat(60)}-payments-pr-7.payments.example.com` }] })), ['is not allowed: in a preview']);
    expectRefused(inPreview(application([webservice({}, [previewGateway({ label: 'x'.repeat(21) })])])), ['a paved-preview-gateway trait names zone']);
    // a name that is no preview namespace of the team (another team's, a zero-led or missing number) is not the team's
    for (const ns of ['search-pr-7', 'payments-pr-07', 'payments-pr-', 'payments-preview-7']) {
      const hosts = tenantRules(contexts.prod).find((r) => r.name === 'paved-team-hosts-payments') as TenantRule;
      const manifest: ManifestObject = { file: 'prod/teams/payments/apps/web/object.yaml', object: inPreview(ingress({}), ns) };
      expect(checkTenantRules([hosts], [{ manifest, appliedBy: 'payments' }])).toEqual([]);
    }
  });

  test("a rule of one team's never applies to another's namespaces, and a team's members are held to the rules as its deployer is", () => {
    const ctx: RuleContext = contexts.prod;
    const hosts = tenantRules(ctx).find((r) => r.name === 'paved-team-hosts-search') as TenantRule;
    const app = application([webservice({}, [gateway({ domain: 'web.payments.example.com' })])]);
    expect(admissionVerdict(ctx, hosts, app, { username: 'system:serviceaccount:argocd:paved-deployer-payments' })).toEqual([]);
    const definitions = tenantRules(ctx)[0];
    const bad = application([{ name: 'x', type: 'k8s-objects', properties: {} }]);
    expect(admissionVerdict(ctx, definitions, bad, { username: 'alice', groups: ['payments-engineers'] })).toHaveLength(1);
    expect(admissionPolicy(ctx, definitions).policy.spec?.failurePolicy).toBe('Fail');
  });
});

describe('the synth and paved validate refuse what the admission policies deny, with the same words', () => {
  const VERSIONS = { providerVersion: 'v2.6.0', patchAndTransformVersion: 'v0.10.8', environmentConfigsVersion: 'v0.7.1' };
  const platform = (env: PlatformEnvironment) => {
    minimalPlatform(env);
    new PlatformServices(env, 'Services', VERSIONS);
  };
  const web: AppDefinition = (scope) => new AppConstruct(scope, 'web', { team: scope.team, image: GOOD_IMAGE, port: 8080 });
  const build = (define: AppDefinition) => buildGitOps({ org, apps: [{ team: 'payments', apps: [web, define] }], platform, environments: ['prod'] });
  const raw = (spec: Obj): AppDefinition =>
    function rawApplication(scope) {
      new ApiObject(scope, 'Raw', { apiVersion: 'core.oam.dev/v1beta1', kind: 'Application', metadata: { name: 'raw', namespace: 'payments' }, spec });
    };

  test.each([
    [
      'a trait that grants its service account cluster-wide rights',
      { components: [webservice({}, [{ type: 'service-account', properties: { name: 'x', privileges: [{ scope: 'cluster', apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] } }])] },
      'paved-team-definitions',
    ],
    ['a definition outside the allowlist', { components: [{ name: 'x', type: 'k8s-objects', properties: { objects: [] } }] }, 'paved-team-definitions'],
    ['a load balancer of its own', { components: [webservice({ exposeType: 'LoadBalancer' })] }, 'paved-team-definitions'],
    ["a host in another team's zone", { components: [webservice({}, [gateway({ domain: 'search.example.com', class: 'public' })])] }, 'paved-team-hosts-payments'],
    ['an image from another registry', { components: [webservice({ image: 'quay.io/x:1' })] }, 'paved-team-images'],
  ])('an Application with %s: the synth refuses it, validate refuses its file, the policy denies it, with one message', (_what, spec, policyName) => {
    const { errors } = build(raw(spec));
    const object = application((spec as { components: unknown[] }).components);
    (object.metadata as Obj).name = 'raw';
    const { cel } = verdicts(object);
    const denial = cel.find((c) => c.startsWith(`${policyName}: `)) as string;
    expect(denial).toBeDefined();
    const message = denial.slice(policyName.length + 2);
    expect(errors.join('\n')).toContain(`${message} (admission policy ${policyName})`);
    const report = validateObjects([{ file: 'prod/teams/payments/apps/raw/application-raw.yaml', object }], { clusterPerTopLevelFolder: true, tenantRules: contexts, knownNamespaces: ['payments'] });
    expect(report.findings.map((f) => f.message)).toContain(`${message} (admission policy ${policyName})`);
  });
});
