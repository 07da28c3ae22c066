import { Org, type OrgProps } from '../../../lib';
import { ORG_PROPS, errorOf } from '../../util';

function withTeams(teams: OrgProps['teams']): OrgProps {
  return { ...ORG_PROPS, teams };
}

const team = (name: string, zone: string, secretPrefix: string) => ({ name, ownerGroup: `${name}-owners`, zone, secretPrefix });

describe('Org', () => {
  test("resolves environment defaults: cluster name from org and environment, ingress class alb in its controller's namespace", () => {
    const org = new Org(ORG_PROPS);
    expect(org.environment('staging').clusterName).toBe('test-staging');
    expect(org.environment('staging').ingressClass).toBe('alb');
    expect(org.environment('staging').ingressNamespace).toBe('aws-load-balancer-controller');
    expect(org.environment('prod').ingressClass).toBe('public');
  });

  test("derives each team's namespace and the IAM role its secret store assumes", () => {
    const org = new Org(ORG_PROPS);
    const payments = org.team('payments');
    expect(payments.namespace).toBe('payments');
    expect(org.environment('prod').teamSecretsRoleArn(payments)).toBe('arn:aws:iam::222222222222:role/test-prod-eso-payments');
  });

  test('a team owns its zone and the names under it, and the keys under its prefix', () => {
    const payments = new Org(ORG_PROPS).team('payments');
    expect(payments.ownsDomain('a.b.payments.example.com')).toBe(true);
    expect(payments.ownsDomain('xpayments.example.com')).toBe(false);
    expect(payments.ownsSecretKey('teams/payments/db')).toBe(true);
    expect(payments.ownsSecretKey('teams/payments-old/db')).toBe(false);
  });

  test('fails listing every problem of the definition, each with its location, value and rule', () => {
    const message = errorOf(
      () =>
        new Org({
          ...ORG_PROPS,
          name: 'Acme Corp',
          environments: [
            { name: 'staging', awsAccountId: '123', awsRegion: 'europe', vpcCidr: '10.1.0.0/16', availabilityZones: 2 },
            { name: 'staging', awsAccountId: '111111111111', awsRegion: 'eu-west-1', vpcCidr: '10.2.0.0/16', availabilityZones: 2 },
          ],
          teams: [team('Payments', 'payments', 'teams/payments')],
        }),
    );
    expect(message.split('\n')).toEqual([
      'org: name = "Acme Corp" is not allowed: an RFC 1123 label of at most 40 characters (lower-case letters, digits and "-")',
      'org: environments[0].awsAccountId = "123" is not allowed: a 12-digit AWS account id',
      'org: environments[0].awsRegion = "europe" is not allowed: an AWS Region of the commercial partition such as "eu-west-1" (lib/org/aws-regions.ts lists them)',
      'org: environments[1].name = "staging" is not allowed: a name no other environment has',
      'org: teams[0].name = "Payments" is not allowed: an RFC 1123 label (lower-case letters, digits and "-", at most 63 characters)',
      'org: teams[0].zone = "payments" is not allowed: a DNS zone of lower-case RFC 1123 labels, e.g. "payments.example.com"',
      'org: teams[0].secretPrefix = "teams/payments" is not allowed: a Secrets Manager path ending in "/", e.g. "teams/payments/"',
    ]);
  });

  describe('cloud settings', () => {
    const env = (overrides: Partial<OrgProps['environments'][number]>) => ({ ...ORG_PROPS, environments: [{ ...ORG_PROPS.environments[0], ...overrides }] });

    test('resolves defaults: 3 zones, Kubernetes 1.35, one general node group, no public endpoint, production by name', () => {
      const org = new Org({ ...ORG_PROPS, environments: [{ name: 'prod', awsAccountId: '111111111111', awsRegion: 'eu-west-1', vpcCidr: '10.0.0.0/16' }] });
      const prod = org.environment('prod');
      expect([prod.availabilityZones, prod.kubernetesVersion, prod.publicEndpointCidrs, prod.production]).toEqual([3, '1.35', [], true]);
      expect(prod.nodeGroups).toEqual([{ name: 'general', instanceTypes: ['m7i.large'], minSize: 2, maxSize: 4 }]);
      // pull requests merge into main; Argo CD follows the branch paved publish writes, of the same repository
      expect(org.gitops).toEqual({
        repoURL: 'https://github.com/example/platform.git',
        revision: 'main',
        path: 'gitops',
        credentialsSecret: undefined,
        publish: { repoURL: 'https://github.com/example/platform.git', branch: 'published' },
      });
    });

    test.each([
      ['10.1.0.0/8', 'an IPv4 network block from /16 to /20'],
      ['10.1.0.1/16', 'an IPv4 network block from /16 to /20 without host bits'],
      ['10.1.0.0/33', 'an IPv4 network block'],
      ['vpc', 'an IPv4 network block'],
    ])('fails on VPC block %p', (vpcCidr, allowed) => {
      expect(errorOf(() => new Org(env({ vpcCidr })))).toContain(`environments[0].vpcCidr = ${JSON.stringify(vpcCidr)} is not allowed: ${allowed}`.slice(0, 80));
    });

    test('fails on environments whose VPCs overlap', () => {
      const props = { ...ORG_PROPS, environments: [ORG_PROPS.environments[0], { ...ORG_PROPS.environments[1], vpcCidr: '10.1.128.0/17' }] };
      expect(errorOf(() => new Org(props))).toContain('environments[1].vpcCidr = "10.1.128.0/17" is not allowed: a block that does not overlap environments[0].vpcCidr');
    });

    test('fails on fewer than 2 zones, and fewer than 3 in production', () => {
      expect(errorOf(() => new Org(env({ availabilityZones: 1 })))).toContain('environments[0].availabilityZones = 1 is not allowed: an integer from 2 to 6');
      expect(errorOf(() => new Org(env({ name: 'prod', availabilityZones: 2 })))).toContain('an integer from 3 to 6 (production spreads over at least 3 zones)');
    });

    test('fails on a Kubernetes version out of standard support', () => {
      expect(errorOf(() => new Org(env({ kubernetesVersion: '1.29' })))).toContain(
        'environments[0].kubernetesVersion = "1.29" is not allowed: a version in EKS standard support (as of 2026-12-01, lib/org/kubernetes-versions.ts): 1.35, 1.34',
      );
    });

    test('fails on a node group with min > max, a desired size outside them, and no instance types', () => {
      const message = errorOf(() => new Org(env({ nodeGroups: [{ name: 'big', instanceTypes: [], minSize: 5, maxSize: 3, desiredSize: 9 }] })));
      expect(message).toContain('environments[0].nodeGroups[0].maxSize = 3 is not allowed: an integer of at least 1 and at least minSize (5)');
      expect(message).toContain('environments[0].nodeGroups[0].desiredSize = 9 is not allowed');
      expect(message).toContain('environments[0].nodeGroups[0].instanceTypes = [] is not allowed');
    });

    test('fails on an open public endpoint', () => {
      expect(errorOf(() => new Org(env({ publicEndpointCidrs: ['0.0.0.0/0'] })))).toContain(
        'environments[0].publicEndpointCidrs[0] = "0.0.0.0/0" is not allowed: an IPv4 block narrower than 0.0.0.0/0',
      );
    });

    test('fails on bad GitOps repository, state and admin settings', () => {
      const message = errorOf(() => new Org({ ...ORG_PROPS, gitops: { repoURL: 'github.com/x' }, terraformState: { bucket: 'B', lockTable: 'x', region: 'eu' }, platformAdminRoleArns: ['admin'] }));
      expect(message).toContain('gitops.repoURL = "github.com/x" is not allowed: a Git URL');
      expect(message).toContain('terraformState.bucket = "B" is not allowed: an S3 bucket name');
      expect(message).toContain('terraformState.lockTable = "x" is not allowed');
      expect(message).toContain('terraformState.region = "eu" is not allowed');
      expect(message).toContain('platformAdminRoleArns[0] = "admin" is not allowed: an IAM role ARN');
    });
  });

  describe('tenancy settings', () => {
    const withTeam = (overrides: Partial<OrgProps['teams'][number]>) => withTeams([{ ...team('a', 'a.example.com', 'a/'), ...overrides }]);

    test("a team's namespaces default to its name; quotas and permissions are per environment", () => {
      const org = new Org(
        withTeam({
          namespaces: ['a', 'a-batch'],
          permissions: [
            { permission: 'exec', environments: ['staging'] },
            { permission: 'port-forward', environments: ['staging', 'prod'] },
          ],
        }),
      );
      const a = org.team('a');
      expect(a.namespaces).toEqual(['a', 'a-batch']);
      expect(a.namespace).toBe('a');
      expect(a.permissionsIn('staging')).toEqual(['exec', 'port-forward']);
      expect(a.permissionsIn('prod')).toEqual(['port-forward']);
      expect(a.quotaIn('prod')).toEqual({ requestsCpu: '4', requestsMemory: '8Gi', limitsCpu: '8', limitsMemory: '16Gi', pods: 50 });
      expect(new Org(withTeams([team('b', 'b.example.com', 'b/')])).team('b').namespaces).toEqual(['b']);
    });

    test("fails on namespaces that are not the team's, or that another team has", () => {
      expect(errorOf(() => new Org(withTeam({ namespaces: ['a', 'other'] })))).toContain(
        'teams[0].namespaces[1] = "other" is not allowed: an RFC 1123 label that is the team\'s name or starts with "a-"',
      );
      expect(
        errorOf(
          () =>
            new Org(
              withTeams(
                [team('a', 'a.example.com', 'a/'), { ...team('a-b', 'b.example.com', 'b/') }, { ...team('x', 'x.example.com', 'x/') }].map((t, i) =>
                  i === 0 ? { ...t, namespaces: ['a', 'a-b'] } : t,
                ),
              ),
            ),
        ),
      ).toContain('teams[1].namespaces = "a-b" is not allowed: a namespace teams[0] (a) does not have');
    });

    test('fails on quotas for unknown environments, bad quantities and limits below requests', () => {
      const message = errorOf(() => new Org(withTeam({ quotas: { dev: { requestsCpu: 'x', requestsMemory: '1Gi', limitsCpu: '1', limitsMemory: '512Mi', pods: 0 } } })));
      expect(message).toContain('teams[0].quotas.dev = "dev" is not allowed: an environment of the org (staging, prod)');
      expect(message).toContain('teams[0].quotas.dev.requestsCpu = "x" is not allowed');
      expect(message).toContain('teams[0].quotas.dev.limitsMemory = "512Mi" is not allowed: at least requestsMemory (1Gi)');
      expect(message).toContain('teams[0].quotas.dev.pods = 0 is not allowed');
    });

    test('fails on bad egress rules and permissions', () => {
      const message = errorOf(
        () =>
          new Org(
            withTeam({
              egress: [{ description: '', cidrs: ['nope'], ports: [0] }],
              permissions: [{ permission: 'admin' as never, environments: ['qa'] }],
            }),
          ),
      );
      expect(message).toContain('teams[0].egress[0].description = "" is not allowed: a reason for the rule');
      expect(message).toContain('teams[0].egress[0].cidrs[0] = "nope" is not allowed');
      expect(message).toContain('teams[0].egress[0].ports = [0] is not allowed');
      expect(message).toContain('teams[0].permissions[0].permission = "admin" is not allowed: one of port-forward, exec, delete-pods, scale');
      expect(message).toContain('teams[0].permissions[0].environments[0] = "qa" is not allowed');
    });
  });

  test("fails when the GitOps repository's credentials lie under a team's prefix", () => {
    expect(errorOf(() => new Org({ ...ORG_PROPS, gitops: { repoURL: 'https://github.com/x/y.git', credentialsSecret: 'teams/payments/git' } }))).toContain(
      'gitops.credentialsSecret = "teams/payments/git" is not allowed: a secret outside team payments\'s prefix "teams/payments/"',
    );
  });

  test('fails on two teams with one name', () => {
    expect(errorOf(() => new Org(withTeams([team('a', 'a.example.com', 'a/'), team('a', 'b.example.com', 'b/')])))).toContain('teams[1].name = "a" is not allowed: a name no other team has');
  });

  test('fails on a team named like a platform namespace', () => {
    expect(errorOf(() => new Org(withTeams([team('kube-system', 'k.example.com', 'k/')])))).toContain('teams[0].name = "kube-system" is not allowed: a name that is not a reserved namespace');
  });

  test('fails on overlapping zones and prefixes', () => {
    const message = errorOf(() => new Org(withTeams([team('a', 'example.com', 'teams/'), team('b', 'b.example.com', 'teams/b/')])));
    expect(message).toContain('teams[1].zone = "b.example.com" is not allowed: a zone that does not overlap teams[0] (a) zone "example.com"');
    expect(message).toContain('teams[1].secretPrefix = "teams/b/" is not allowed: a prefix that does not overlap teams[0] (a) prefix "teams/"');
  });

  test('fails when a derived IAM role name would exceed 64 characters', () => {
    const long = 'x'.repeat(60);
    expect(errorOf(() => new Org(withTeams([team(long, 'x.example.com', 'x/')])))).toContain(
      `teams[0].name = "${long}" is not allowed: a name short enough that the IAM role "test-staging-eso-${long}" of environment staging fits 64 characters`,
    );
  });

  test('fails to look up an unknown team or environment', () => {
    const org = new Org(ORG_PROPS);
    expect(errorOf(() => org.team('nope'))).toBe('org: team = "nope" is not allowed: one of payments, search');
    expect(errorOf(() => org.environment('dev'))).toBe('org: environment = "dev" is not allowed: one of staging, prod');
  });
});

describe('Org: data every definition shares', () => {
  test("the org, its environments and teams are frozen all the way down: a change throws, the definition given stays the caller's", () => {
    const props: OrgProps = { ...ORG_PROPS, teams: ORG_PROPS.teams.map((t) => ({ ...t, extraKinds: [{ group: 'apps', kind: 'Deployment' }] })) };
    const org = new Org(props);
    const payments = org.team('payments');
    const prod = org.environment('prod');
    expect(errorOf(() => (payments.allowedKinds as { group: string; kind: string }[]).push({ group: '', kind: 'Secret' }))).toMatch(/object is not extensible/);
    expect(errorOf(() => ((payments.allowedKinds[0] as { kind: string }).kind = 'Secret'))).toMatch(/read only property 'kind'/);
    expect(errorOf(() => ((payments as { zone: string }).zone = 'search.example.com'))).toMatch(/read only property 'zone'/);
    expect(errorOf(() => ((payments.namespaces as string[])[0] = 'kube-system'))).toMatch(/read only property '0'/);
    expect(errorOf(() => ((prod as { production: boolean }).production = false))).toMatch(/read only property 'production'/);
    expect(errorOf(() => ((prod.nodeGroups[0] as { maxSize: number }).maxSize = 100))).toMatch(/read only property 'maxSize'/);
    expect(errorOf(() => ((prod.services.databaseSizes as string[]).length = 0))).toMatch(/read only property 'length'/);
    expect(errorOf(() => (org.teams as unknown[]).pop())).toMatch(/Cannot delete property/);
    expect(errorOf(() => ((org.gitops as { repoURL: string }).repoURL = 'https://evil.example.com/x.git'))).toMatch(/read only property 'repoURL'/);
    expect(errorOf(() => ((payments.quotaIn('prod') as { pods: number }).pods = 10_000))).toMatch(/read only property 'pods'/);
    // nothing changed, and the caller's definition is its own to change
    expect(org.team('payments').allowedKinds.map((k) => k.kind)).toContain('Deployment');
    (props.teams[0].extraKinds as { group: string; kind: string }[]).push({ group: '', kind: 'Secret' });
    expect(org.toJSON().teams[0].extraKinds).toEqual([{ group: 'apps', kind: 'Deployment' }]);
    expect(Object.isFrozen(org.toJSON())).toBe(false);
  });

  test('definitionEnvironment names the variables app definitions may read, published with the org; none by default', () => {
    expect(new Org(ORG_PROPS).definitionEnvironment).toEqual([]);
    const org = new Org({ ...ORG_PROPS, definitionEnvironment: ['IMAGE_TAG', 'GITHUB_SHA', 'RELEASE_CHANNEL'] });
    expect(org.definitionEnvironment).toEqual(['IMAGE_TAG', 'GITHUB_SHA', 'RELEASE_CHANNEL']);
    expect(org.toJSON().definitionEnvironment).toEqual(['IMAGE_TAG', 'GITHUB_SHA', 'RELEASE_CHANNEL']);
  });

  test.each([
    'GITHUB_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_ACCESS_KEY_ID',
    'AWS_SESSION_TOKEN',
    'NPM_TOKEN',
    'DB_PASSWORD',
    'SSH_AUTH_SOCK',
    'API_KEY',
    'GPG_PRIVATE_KEY',
    'docker_credentials',
  ])('fails on definitionEnvironment %s, a name that holds a credential', (name) => {
    expect(errorOf(() => new Org({ ...ORG_PROPS, definitionEnvironment: ['IMAGE_TAG', name] }))).toBe(
      `org: definitionEnvironment[1] = ${JSON.stringify(name)} is not allowed: a variable that does not hold a credential (a name without TOKEN, SECRET, PASSWORD, CREDENTIAL, PRIVATE or KEY): app definitions never see the CI job's credentials`,
    );
  });

  test('fails on definitionEnvironment names that change how Node.js or paved run, that are no variable names, or that repeat', () => {
    const message = errorOf(() => new Org({ ...ORG_PROPS, definitionEnvironment: ['NODE_OPTIONS', 'LD_PRELOAD', 'PAVED_CACHE_DIR', '1TAG', 'A-B', 'TAG', 'TAG'] }));
    expect(message.split('\n')).toEqual([
      'org: definitionEnvironment[0] = "NODE_OPTIONS" is not allowed: a variable that does not change how Node.js or paved run (none starting with NODE_, LD_, DYLD_ or PAVED_)',
      'org: definitionEnvironment[1] = "LD_PRELOAD" is not allowed: a variable that does not change how Node.js or paved run (none starting with NODE_, LD_, DYLD_ or PAVED_)',
      'org: definitionEnvironment[2] = "PAVED_CACHE_DIR" is not allowed: a variable that does not change how Node.js or paved run (none starting with NODE_, LD_, DYLD_ or PAVED_)',
      'org: definitionEnvironment[3] = "1TAG" is not allowed: an environment variable name (letters, digits and "_", not starting with a digit)',
      'org: definitionEnvironment[4] = "A-B" is not allowed: an environment variable name (letters, digits and "_", not starting with a digit)',
      'org: definitionEnvironment[6] = "TAG" is not allowed: a variable not listed twice',
    ]);
  });
});
