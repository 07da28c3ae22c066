import { App } from 'cdk8s';
import { parse } from 'yaml';
import { AppConstruct, FORBIDDEN_RESOURCES, FORBIDDEN_VERBS, Org, type OrgProps, PlatformEnvironment, TEAM_APP_KINDS, TeamScope, buildGitOps } from '../../../lib';
import { ORG_PROPS, errorOf, findObject, objectsOf, teamScopes } from '../../util';

const TENANT_PROPS: OrgProps = {
  ...ORG_PROPS,
  teams: [
    {
      ...ORG_PROPS.teams[0],
      namespaces: ['payments', 'payments-ledger'],
      quotas: { prod: { requestsCpu: '2', requestsMemory: '4Gi', limitsCpu: '4', limitsMemory: '8Gi', pods: 20 } },
      egress: [{ description: 'payment provider API', cidrs: ['0.0.0.0/0'], ports: [443] }],
      permissions: [
        { permission: 'port-forward', environments: ['staging'] },
        { permission: 'delete-pods', environments: ['staging', 'prod'] },
      ],
    },
    ORG_PROPS.teams[1],
  ],
};

describe('TeamScope', () => {
  const { scope } = teamScopes('prod');
  const objects = objectsOf(scope('search'));

  test('default output (snapshot)', () => {
    // without the deployer's Role and RoleBinding, asserted in team-deployer.test.ts
    const deployer = new Set(objectsOf(scope('search').deployer).map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`));
    expect(objects.filter((o) => !deployer.has(`${o.kind} ${o.metadata.namespace}/${o.metadata.name}`))).toMatchSnapshot();
  });

  test('a Namespace named after the team, enforcing Pod Security "restricted"', () => {
    const ns = findObject(objects, 'Namespace', 'search');
    expect(ns.metadata.namespace).toBeUndefined();
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'paved.dev/team': 'search',
    });
  });

  test('a ResourceQuota (the default size) and a LimitRange with defaults and a ceiling', () => {
    expect(findObject(objects, 'ResourceQuota', 'team-quota').spec.hard).toEqual({
      'requests.cpu': '4',
      'requests.memory': '8Gi',
      'limits.cpu': '8',
      'limits.memory': '16Gi',
      pods: 50,
      'services.loadbalancers': 0,
      'services.nodeports': 0,
    });
    expect(findObject(objects, 'LimitRange', 'team-limits').spec.limits).toEqual([
      { type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '512Mi' }, min: { cpu: '10m', memory: '16Mi' }, max: { cpu: '4', memory: '8Gi' } },
    ]);
  });

  test('network: default deny both ways, then the shared load balancer in (its public subnets), DNS out', () => {
    expect(findObject(objects, 'NetworkPolicy', 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    // no namespace-wide allowance: apps reach each other only as they declare (one NetworkPolicy per app, from the service graph)
    expect(objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name)).not.toContain('allow-same-namespace');
    // prod's VPC 10.2.0.0/16 over 3 zones: the load balancer's nodes live in the public /22s of its last eighth, and send to pod IPs
    expect(findObject(objects, 'NetworkPolicy', 'allow-load-balancer').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: '10.2.224.0/22' } }, { ipBlock: { cidr: '10.2.228.0/22' } }, { ipBlock: { cidr: '10.2.232.0/22' } }] }],
    });
    expect(findObject(objects, 'NetworkPolicy', 'allow-dns').spec.egress[0].ports).toEqual([
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ]);
    expect(objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name)).not.toContain('allow-declared-egress');
  });

  test("RBAC: the team's group reads its workloads and logs, nothing else", () => {
    const role = findObject(objects, 'Role', 'team-viewer');
    const binding = findObject(objects, 'RoleBinding', 'team-viewer');
    expect(binding.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'search-engineers' }]);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'team-viewer' });
    const rules: { resources: string[]; verbs: string[] }[] = role.rules;
    expect(rules.flatMap((r) => r.resources)).toEqual(expect.arrayContaining(['pods', 'pods/log', 'deployments', 'applications']));
    expect(rules.flatMap((r) => r.verbs).every((v) => ['get', 'list', 'watch'].includes(v))).toBe(true);
    for (const r of rules) {
      expect(r.resources.filter((x) => FORBIDDEN_RESOURCES.includes(x) || x === 'pods/exec')).toEqual([]);
      expect(r.verbs.filter((v) => FORBIDDEN_VERBS.includes(v))).toEqual([]);
    }
  });

  test("the external-secrets service account is bound to the team's own IAM role, without a mounted token", () => {
    const sa = findObject(objects, 'ServiceAccount', 'external-secrets');
    expect(sa.metadata.namespace).toBe('search');
    expect(sa.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::222222222222:role/test-prod-eso-search' });
    expect(sa.automountServiceAccountToken).toBe(false);
  });

  test("a SecretStore for AWS Secrets Manager in the environment's region, authenticated as that service account", () => {
    const store = findObject(objects, 'SecretStore', 'aws-secretsmanager');
    expect(store.apiVersion).toBe('external-secrets.io/v1');
    expect(store.metadata.namespace).toBe('search');
    expect(store.spec.provider).toEqual({
      aws: { service: 'SecretsManager', region: 'eu-central-1', auth: { jwt: { serviceAccountRef: { name: 'external-secrets' } } } },
    });
  });

  test("an AppProject limited to the GitOps repo and the team's namespaces, with no cluster resources", () => {
    const project = findObject(objects, 'AppProject', 'search');
    expect(project.metadata.namespace).toBe('argocd');
    expect(project.spec.sourceRepos).toEqual(['https://github.com/example/platform.git']);
    expect(project.spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'search' }]);
    expect(project.spec.clusterResourceWhitelist).toEqual([]);
    expect(project.spec.sourceNamespaces).toEqual(['search']);
    // exactly the kinds of the team's apps folder: Argo CD refuses a Role, a NetworkPolicy or a quota there
    expect(project.spec.namespaceResourceWhitelist).toEqual(TEAM_APP_KINDS);
    expect(project.spec.namespaceResourceBlacklist).toBeUndefined();
    expect(project.spec.roles).toEqual([
      expect.objectContaining({
        groups: ['search-engineers'],
        policies: ['p, proj:search:team, applications, get, search/*, allow', 'p, proj:search:team, applications, sync, search/*, allow'],
      }),
    ]);
  });

  describe('GIVEN a team with two namespaces, a quota, egress and extra permissions', () => {
    const staging = objectsOf(teamScopes('staging', TENANT_PROPS).scope('payments'));
    const prod = objectsOf(teamScopes('prod', TENANT_PROPS).scope('payments'));
    const inNs = (list: Record<string, any>[], ns: string) => list.filter((o) => o.metadata.namespace === ns || (o.kind === 'Namespace' && o.metadata.name === ns));

    test('every namespace gets the whole tenant setup', () => {
      for (const ns of ['payments', 'payments-ledger']) {
        expect(
          inNs(prod, ns)
            .map((o) => o.kind)
            .sort(),
        ).toEqual([
          'LimitRange',
          'Namespace',
          'NetworkPolicy',
          'NetworkPolicy',
          'NetworkPolicy',
          'NetworkPolicy',
          'ResourceQuota',
          // the team's viewer, its delete-pods permission, its deployer
          'Role',
          'Role',
          'Role',
          'RoleBinding',
          'RoleBinding',
          'RoleBinding',
          'SecretStore',
          'ServiceAccount',
        ]);
      }
      expect(findObject(prod, 'AppProject', 'payments').spec.destinations.map((d: { namespace: string }) => d.namespace)).toEqual(['payments', 'payments-ledger']);
    });

    test('the quota is sized per environment', () => {
      expect(inNs(prod, 'payments').find((o) => o.kind === 'ResourceQuota')?.spec.hard['requests.cpu']).toBe('2');
      expect(inNs(staging, 'payments').find((o) => o.kind === 'ResourceQuota')?.spec.hard['requests.cpu']).toBe('4');
    });

    test("declared egress never reaches the cluster's own VPC", () => {
      const policy = inNs(prod, 'payments').find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-declared-egress');
      expect(policy?.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.2.0.0/16'] } }], ports: [{ protocol: 'TCP', port: 443 }] }]);
    });

    test('extra permissions are narrow, and only in the environments granted', () => {
      const roles = (list: Record<string, any>[]) =>
        inNs(list, 'payments')
          .filter((o) => o.kind === 'Role')
          .map((o) => o.metadata.name)
          .sort();
      expect(roles(staging)).toEqual(['paved-deployer', 'team-delete-pods', 'team-port-forward', 'team-viewer']);
      expect(roles(prod)).toEqual(['paved-deployer', 'team-delete-pods', 'team-viewer']);
      expect(inNs(staging, 'payments').find((o) => o.kind === 'Role' && o.metadata.name === 'team-port-forward')?.rules).toEqual([
        { apiGroups: [''], resources: ['pods/portforward'], verbs: ['create'] },
      ]);
    });
  });

  describe('isolation between every pair of teams', () => {
    const org = new Org(TENANT_PROPS);
    const build = buildGitOps({ org, apps: [] });
    const all = [...build.files].filter(([f]) => f.endsWith('.yaml') && !f.startsWith('charts/')).map(([file, content]) => ({ file, object: parse(content) as Record<string, any> }));
    const pairs = org.teams.flatMap((a) => org.teams.filter((b) => b !== a).map((b) => [a, b] as const));

    test.each(pairs.map(([a, b]) => [a.name, b.name]))("%s gets nothing in %s's namespaces or prefix", (aName, bName) => {
      const a = org.team(aName);
      const b = org.team(bName);
      for (const { file, object } of all) {
        const ownedByA = object.metadata.labels?.['paved.dev/team'] === a.name;
        if (!ownedByA) continue;
        if (object.kind === 'AppProject') {
          expect(object.spec.destinations.map((d: { namespace: string }) => d.namespace).filter((n: string) => b.namespaces.includes(n))).toEqual([]);
          expect(object.spec.sourceNamespaces.filter((n: string) => b.namespaces.includes(n))).toEqual([]);
        }
        if (object.kind === 'RoleBinding') {
          expect(b.namespaces).not.toContain(object.metadata.namespace);
          // the team's group, or the team's own deployer
          const subjects = object.subjects.map((s: { kind: string; namespace?: string; name: string }) => `${s.kind} ${s.namespace ?? ''}/${s.name}`);
          expect([[`Group /${a.ownerGroup}`], [`ServiceAccount argocd/paved-deployer-${a.name}`]]).toContainEqual(subjects);
        }
        if (object.kind === 'ServiceAccount') {
          const env = org.environment(file.split('/')[0]);
          expect(object.metadata.annotations['eks.amazonaws.com/role-arn']).toBe(env.teamSecretsRoleArn(a));
          expect(object.metadata.annotations['eks.amazonaws.com/role-arn']).not.toBe(env.teamSecretsRoleArn(b));
        }
        if (object.kind === 'SecretStore') expect(a.namespaces).toContain(object.metadata.namespace);
      }
    });

    test('no team object anywhere is cluster-wide RBAC', () => {
      expect(all.filter(({ object }) => ['ClusterRole', 'ClusterRoleBinding'].includes(object.kind))).toEqual([]);
    });

    test('the default project is locked down', () => {
      const project = all.find(({ object }) => object.kind === 'AppProject' && object.metadata.name === 'default')?.object;
      expect(project?.spec).toMatchObject({ sourceRepos: [], destinations: [], clusterResourceWhitelist: [] });
    });
  });

  describe('quota checks', () => {
    test('fails when the apps of a namespace ask for more than its quota', () => {
      const { scope: s, platform } = teamScopes('prod', TENANT_PROPS);
      const payments = s('payments');
      new AppConstruct(payments, 'api', { team: payments.team, image: 'a:1', port: 80, replicas: 3, resources: { cpu: '500m', memory: '1Gi' } });
      new AppConstruct(payments, 'worker', { team: payments.team, image: 'w:1', port: 80, replicas: 2, resources: { cpu: '500m', memory: '512Mi' } });
      const errors = platform.node.findAll().flatMap((c) => c.node.validate());
      expect(errors).toEqual([
        'quotas.prod.requestsCpu = "2" is not allowed: at least what the apps in namespace payments ask for, 2500m (api 1500m, worker 1000m), or fewer replicas or resources for them',
      ]);
    });

    test('apps in another namespace of the team count against that namespace', () => {
      const { scope: s, platform } = teamScopes('prod', TENANT_PROPS);
      const payments = s('payments');
      new AppConstruct(payments, 'api', { team: payments.team, image: 'a:1', port: 80, replicas: 3, resources: { cpu: '500m', memory: '1Gi' } });
      new AppConstruct(payments, 'ledger', { team: payments.team, namespace: 'payments-ledger', image: 'l:1', port: 80, replicas: 2, resources: { cpu: '500m', memory: '512Mi' } });
      expect(platform.node.findAll().flatMap((c) => c.node.validate())).toEqual([]);
    });

    test('fails on an app in a namespace of another team', () => {
      const { scope: s } = teamScopes('prod', TENANT_PROPS);
      expect(errorOf(() => new AppConstruct(s('payments'), 'api', { team: s('payments').team, namespace: 'search', image: 'a:1', port: 80 }))).toContain(
        'namespace = "search" is not allowed: one of team payments\'s namespaces (payments, payments-ledger)',
      );
    });
  });

  test('team scopes know their team and environment', () => {
    expect(scope('search').team.name).toBe('search');
    expect(scope('search').environment.name).toBe('prod');
    expect(scope('search').secretStoreName).toBe('aws-secretsmanager');
  });

  test('fails for a team of another org', () => {
    const { platform } = teamScopes();
    const other = new Org({ ...ORG_PROPS, name: 'other' });
    expect(errorOf(() => new TeamScope(platform, 'x', { team: other.team('payments') }))).toContain('team = "payments" is not allowed: a team of org test');
  });

  test('fails for a team onboarded twice in one environment', () => {
    const org = new Org(ORG_PROPS);
    const platform = new PlatformEnvironment(new App(), 'staging', { org, environment: org.environment('staging') });
    new TeamScope(platform, 'a', { team: org.team('search') });
    expect(errorOf(() => new TeamScope(platform, 'b', { team: org.team('search') }))).toContain('team = "search" is not allowed: a team not yet onboarded in environment staging');
  });
});
