/**
 * Policies of the kind paved's tenant rules become, evaluated on admitted and
 * denied objects: images from the org's registry, Ingress hosts in the
 * namespace's zone, no LoadBalancer Services in team namespaces, and
 * registries per team from a ConfigMap parameter.
 */
import { admissionFindings, admissionSummary, evaluateAdmission } from '../../../../lib/validate/admission';
import type { ManifestObject } from '../../../../lib/validate/findings';
import { binding, configMap, deployment, namespace, policy } from './admission-util';

const team = namespace('payments', { 'paved.dev/team': 'payments', 'paved.dev/zone': 'payments.example.com' });
const platform = namespace('platform', { 'paved.dev/owner': 'platform' });
const teams = { namespaceSelector: { matchExpressions: [{ key: 'paved.dev/team', operator: 'Exists' }] } };
const obj = (file: string, object: Record<string, unknown>): ManifestObject => ({ file, object });

const images = policy('paved-images', {
  matchConstraints: {
    resourceRules: [
      { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'] },
      { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments', 'statefulsets', 'daemonsets'] },
      { apiGroups: ['batch'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['jobs', 'cronjobs'] },
    ],
  },
  variables: [
    { name: 'pod', expression: "object.kind == 'Pod' ? object.spec : object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec" },
    { name: 'images', expression: 'variables.pod.containers.map(c, c.image) + variables.pod.?initContainers.orValue([]).map(c, c.image)' },
    { name: 'foreign', expression: "variables.images.filter(i, !i.startsWith('registry.example.com/'))" },
  ],
  validations: [{ expression: 'size(variables.foreign) == 0', messageExpression: "'images must come from registry.example.com: ' + variables.foreign.join(', ')", reason: 'Forbidden' }],
});

describe('images only from registry.example.com', () => {
  const cronJob = (name: string, image: string) =>
    obj(`payments/cronjob-${name}.yaml`, {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name, namespace: 'payments' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'job', image }] } } } } },
    });
  const pod = (name: string, image: string, init: string) =>
    obj(`payments/pod-${name}.yaml`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'payments' },
      spec: { initContainers: [{ name: 'init', image: init }], containers: [{ name: 'app', image }] },
    });
  const report = evaluateAdmission({
    policies: [images],
    bindings: [binding('paved-images-teams', 'paved-images', { matchResources: teams })],
    objects: [
      team,
      platform,
      deployment('payments', 'checkout'),
      deployment('payments', 'sidecar', ['registry.example.com/app:1', 'docker.io/library/nginx:1.27']),
      cronJob('nightly', 'registry.example.com/jobs:2'),
      cronJob('miner', 'quay.io/miner:latest'),
      pod('debug', 'registry.example.com/app:1', 'busybox'),
      // the platform's namespace is not a team's: the binding does not select it
      deployment('platform', 'argocd', ['quay.io/argoproj/argocd:v3.4.4']),
    ],
  });

  test('admits the team objects whose every image (init containers too) comes from the registry; denies the others, naming the images', () => {
    expect(admissionFindings(report).map((f) => `${f.severity} ${f.file}: ${f.object}: ${f.message}`)).toEqual([
      "error payments/deployment-sidecar.yaml: Deployment payments/sidecar: ValidatingAdmissionPolicy 'paved-images' with binding 'paved-images-teams' denied request: images must come from registry.example.com: docker.io/library/nginx:1.27",
      "error payments/cronjob-miner.yaml: CronJob payments/miner: ValidatingAdmissionPolicy 'paved-images' with binding 'paved-images-teams' denied request: images must come from registry.example.com: quay.io/miner:latest",
      "error payments/pod-debug.yaml: Pod payments/debug: ValidatingAdmissionPolicy 'paved-images' with binding 'paved-images-teams' denied request: images must come from registry.example.com: busybox",
    ]);
    expect(report.violations.every((v) => v.reason === 'Forbidden')).toBe(true);
  });

  test('says per binding how many objects it matched, admitted and denied', () => {
    expect(admissionSummary(report)).toEqual(['policy paved-images, binding paved-images-teams: 5 matched, 2 admitted, 3 denied', '5 of 8 objects admitted by every policy']);
  });
});

describe("Ingress hosts under the namespace's zone", () => {
  const zones = policy('paved-ingress-zone', {
    matchConstraints: { resourceRules: [{ apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['ingresses'] }] },
    matchConditions: [{ name: 'namespace-has-a-zone', expression: "has(namespaceObject.metadata.labels) && 'paved.dev/zone' in namespaceObject.metadata.labels" }],
    variables: [
      { name: 'zone', expression: "namespaceObject.metadata.labels['paved.dev/zone']" },
      { name: 'hosts', expression: 'object.spec.?rules.orValue([]).filter(r, has(r.host)).map(r, r.host) + object.spec.?tls.orValue([]).map(t, t.?hosts.orValue([])).flatten()' },
    ],
    validations: [
      {
        expression: "variables.hosts.all(h, h == variables.zone || h.endsWith('.' + variables.zone))",
        messageExpression: "'hosts must be in the zone ' + variables.zone + ': ' + variables.hosts.filter(h, !(h == variables.zone || h.endsWith('.' + variables.zone))).join(', ')",
      },
    ],
  });
  const ingress = (name: string, hosts: string[], tls: string[] = []) =>
    obj(`payments/ingress-${name}.yaml`, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name, namespace: 'payments' },
      spec: {
        rules: hosts.map((host) => ({ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } }] } })),
        ...(tls.length ? { tls: [{ hosts: tls }] } : {}),
      },
    });

  test("fails to compile a policy that calls flatten (cel-go's lists extension, not in the API server's environment)", () => {
    // cel-go's lists extension (flatten) is not in Kubernetes' base environment: the checker catches what the API server would refuse
    const r = evaluateAdmission({ policies: [zones], bindings: [binding('zones', 'paved-ingress-zone')], objects: [team, ingress('shop', ['shop.payments.example.com'])] });
    expect(r.problems.map((p) => p.message)).toEqual([expect.stringContaining("compilation failed: undeclared reference to 'flatten'")]);
  });

  test('admits hosts in the zone (or the zone itself), denies a host outside it, in a rule or in tls', () => {
    const inZone = "(h == variables.zone || h.endsWith('.' + variables.zone))";
    const withTls = policy('paved-ingress-zone', {
      ...(zones.object.spec as Record<string, unknown>),
      variables: [
        { name: 'zone', expression: "namespaceObject.metadata.labels['paved.dev/zone']" },
        { name: 'hosts', expression: 'object.spec.?rules.orValue([]).filter(r, has(r.host)).map(r, r.host)' },
        { name: 'tlsHosts', expression: 'object.spec.?tls.orValue([]).filter(t, has(t.hosts)).map(t, t.hosts)' },
      ],
      validations: [
        { expression: `variables.hosts.all(h, ${inZone})`, messageExpression: `'hosts must be in the zone ' + variables.zone + ': ' + variables.hosts.filter(h, !${inZone}).join(', ')` },
        { expression: `variables.tlsHosts.all(hosts, hosts.all(h, ${inZone}))`, messageExpression: "'tls hosts must be in the zone ' + variables.zone" },
      ],
    });
    const r = evaluateAdmission({
      policies: [withTls],
      bindings: [binding('zones', 'paved-ingress-zone')],
      objects: [
        team,
        platform,
        ingress('shop', ['shop.payments.example.com', 'payments.example.com'], ['shop.payments.example.com']),
        ingress('phish', ['login.bank.example.net']),
        ingress('sneaky', ['shop.payments.example.com'], ['orders.example.com']),
        obj('platform/ingress-argocd.yaml', {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: { name: 'argocd', namespace: 'platform' },
          spec: { rules: [{ host: 'argocd.example.com' }] },
        }),
      ],
    });
    expect(r.violations.map((v) => `${v.object}: ${v.message}`)).toEqual([
      'Ingress payments/phish: hosts must be in the zone payments.example.com: login.bank.example.net',
      'Ingress payments/sneaky: tls hosts must be in the zone payments.example.com',
    ]);
    // the platform's namespace has no zone label: the match condition leaves its Ingress alone
    expect(r.bindings).toEqual([{ policy: 'paved-ingress-zone', binding: 'zones', matched: 3, admitted: 1, denied: 2, unevaluated: 0 }]);
  });
});

describe('Service type not LoadBalancer in team namespaces', () => {
  const noLoadBalancers = policy('paved-no-load-balancers', {
    matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['services'] }] },
    validations: [
      { expression: "object.spec.?type.orValue('ClusterIP') != 'LoadBalancer'", message: 'a team may not open a load balancer: use the route of its app (the shared ingress)', reason: 'Forbidden' },
    ],
  });
  const service = (ns: string, name: string, type?: string) =>
    obj(`${ns}/service-${name}.yaml`, { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { ...(type ? { type } : {}), ports: [{ port: 80 }] } });

  test("denies a LoadBalancer in a team namespace; admits ClusterIP, NodePort-less defaults, and the platform's own", () => {
    const r = evaluateAdmission({
      policies: [noLoadBalancers],
      bindings: [binding('paved-no-load-balancers-teams', 'paved-no-load-balancers', { matchResources: teams })],
      objects: [team, platform, service('payments', 'web'), service('payments', 'api', 'ClusterIP'), service('payments', 'exposed', 'LoadBalancer'), service('platform', 'ingress', 'LoadBalancer')],
    });
    expect(admissionFindings(r).map((f) => `${f.severity} ${f.object}: ${f.message}`)).toEqual([
      "error Service payments/exposed: ValidatingAdmissionPolicy 'paved-no-load-balancers' with binding 'paved-no-load-balancers-teams' denied request: a team may not open a load balancer: use the route of its app (the shared ingress)",
    ]);
    expect(r.admitted).toBe(5);
  });
});

describe('registries per team, from a ConfigMap parameter', () => {
  const registries = policy('paved-team-registries', {
    paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
    validations: [
      {
        expression: "object.spec.template.spec.containers.all(c, params.data.registries.split(',').exists(r, c.image.startsWith(r + '/')))",
        messageExpression: "'images must come from ' + params.data.registries",
      },
    ],
  });
  const params = [configMap('payments', 'paved-registries', { registries: 'registry.example.com/payments,registry.example.com/shared' })];
  const run = (objects: ManifestObject[]) =>
    evaluateAdmission({
      policies: [registries],
      bindings: [binding('paved-team-registries', 'paved-team-registries', { matchResources: teams, paramRef: { name: 'paved-registries', parameterNotFoundAction: 'Deny' } })],
      objects: [team, namespace('orders', { 'paved.dev/team': 'orders' }), ...objects],
      params,
    });

  test("admits the team's registries, denies another team's, and refuses a namespace whose parameter is missing (fail closed)", () => {
    const r = run([
      deployment('payments', 'web', ['registry.example.com/payments/web:1', 'registry.example.com/shared/proxy:2']),
      deployment('payments', 'stolen', ['registry.example.com/orders/api:1']),
      deployment('orders', 'api', ['registry.example.com/orders/api:1']),
    ]);
    expect(r.violations.map((v) => `${v.object}: ${v.message}`)).toEqual([
      'Deployment payments/stolen: images must come from registry.example.com/payments,registry.example.com/shared',
      'Deployment orders/api: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction',
    ]);
  });
});
