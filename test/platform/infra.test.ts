import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { synthInfra } from '../../lib/infra/synth-infra';
import { CLUSTER_METADATA_ANNOTATIONS } from '../../lib/org/cluster-metadata';
import { Org } from '../../lib/org/org';
import type { OrgProps } from '../../lib/org/org';
import { main, prepare } from '../../platform/infra';
import { org } from '../../platform/org';
import { addOnVersion } from '../../platform/versions';
import { PARTS } from './infra/parts';

/** What cdktf writes for the example org: one Terraform JSON per environment. */
type Json = Record<string, any>;
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-infra-example-'));
const result = synthInfra({ org, outdir, argoCdChartVersion: (e) => addOnVersion('argocd', e.name) });
const stacks: Record<string, Json> = Object.fromEntries(result.stacks.map((s) => [s.name, JSON.parse(fs.readFileSync(s.file, 'utf8'))]));
const ENVS = org.environments.map((e) => e.name);
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const resources = (json: Json, type: string): [string, Json][] => Object.entries(json.resource?.[type] ?? {});
const values = (json: Json, type: string): Json[] => resources(json, type).map(([, r]) => r);
const ref = (type: string, id: string, attribute: string) => `\${${type}.${id}.${attribute}}`;
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A policy statement in either form the JSON can hold: an aws_iam_policy_document statement or IAM JSON. */
interface Statement {
  where: string;
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  conditions: { test: string; variable: string; values: string[] }[];
}

/** Every policy statement of the stack: policy documents, and any literal JSON policy of any resource. */
function statements(json: Json): Statement[] {
  const out: Statement[] = [];
  for (const [id, doc] of Object.entries((json.data?.aws_iam_policy_document ?? {}) as Record<string, Json>)) {
    for (const s of asArray<Json>(doc.statement)) {
      out.push({
        where: `data.aws_iam_policy_document.${id}`,
        effect: s.effect ?? 'Allow',
        actions: asArray(s.actions),
        notActions: asArray(s.not_actions),
        resources: asArray(s.resources),
        notResources: asArray(s.not_resources),
        conditions: asArray(s.condition),
      });
    }
  }
  for (const [type, byId] of Object.entries((json.resource ?? {}) as Record<string, Record<string, Json>>)) {
    for (const [id, r] of Object.entries(byId)) {
      for (const key of ['policy', 'assume_role_policy', 'inline_policy']) {
        const text = r[key];
        if (typeof text !== 'string' || text.startsWith('${data.aws_iam_policy_document.')) continue;
        const doc = JSON.parse(text) as Json;
        for (const s of asArray<Json>(doc.Statement)) {
          out.push({
            where: `${type}.${id}.${key}`,
            effect: s.Effect,
            actions: asArray(s.Action),
            notActions: asArray(s.NotAction),
            resources: asArray(s.Resource),
            notResources: asArray(s.NotResource),
            conditions: Object.entries((s.Condition ?? {}) as Record<string, Record<string, string | string[]>>).flatMap(([test, kv]) =>
              Object.entries(kv).map(([variable, v]) => ({ test, variable, values: asArray(v) })),
            ),
          });
        }
      }
    }
  }
  return out;
}

/** The role named `name`, its trust and permission statements. */
function role(json: Json, name: string) {
  const found = resources(json, 'aws_iam_role').filter(([, r]) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one role ${name}, found ${found.length}`);
  const [id, r] = found[0];
  const doc = (reference: string) => statements(json).filter((s) => reference === `\${${s.where}.json}`);
  return {
    trust: doc(r.assume_role_policy),
    permissions: values(json, 'aws_iam_role_policy')
      .filter((p) => p.role === ref('aws_iam_role', id, 'id'))
      .flatMap((p) => doc(p.policy)),
  };
}

describe("the example org's cloud stacks", () => {
  test("are one stack per environment, each with its own state key in the org's bucket", () => {
    expect(Object.keys(stacks)).toEqual(['staging', 'prod']);
    expect(ENVS.map((e) => stacks[e].terraform.backend.s3.key)).toEqual(['environments/staging/terraform.tfstate', 'environments/prod/terraform.tfstate']);
  });

  test.each(ENVS)('%s: every object and block of the stack is in exactly one part of the regression snapshots (test/platform/infra/)', (env) => {
    const parts = Object.values(PARTS).flat();
    const json = stacks[env];
    const owners = (section: string, id: string) => parts.filter((p) => p.prefixes.some((prefix) => id.startsWith(prefix))).map((p) => `${section} ${p.name}`);
    const uncovered: string[] = [];
    for (const section of ['data', 'resource']) {
      for (const [type, byId] of Object.entries((json[section] ?? {}) as Record<string, Json>)) {
        for (const id of Object.keys(byId)) if (owners(section, id).length !== 1) uncovered.push(`${section}.${type}.${id}: in ${owners(section, id).join(', ') || 'no part'}`);
      }
    }
    for (const block of Object.keys(json).filter((k) => !['//', 'data', 'resource'].includes(k))) {
      if (parts.filter((p) => (p.blocks ?? []).includes(block)).length !== 1) uncovered.push(`${block}: not in exactly one part`);
    }
    expect(uncovered).toEqual([]);
  });

  describe.each(ENVS)('security checks in %s', (env) => {
    const json = stacks[env];
    const environment = org.environment(env);

    test('the state backend is encrypted and locked (S3 + DynamoDB)', () => {
      expect(json.terraform.backend.s3).toMatchObject({ encrypt: true, bucket: org.terraformState.bucket, dynamodb_table: org.terraformState.lockTable });
    });

    test('CKV_AWS_37: the control plane logs api, audit and authenticator', () => {
      const clusters = values(json, 'aws_eks_cluster');
      expect(clusters).toHaveLength(1);
      for (const c of clusters) expect(c.enabled_cluster_log_types).toEqual(expect.arrayContaining(['api', 'audit', 'authenticator']));
    });

    test('CKV_AWS_38/39: the API endpoint is private, or public only to narrow CIDRs', () => {
      for (const c of values(json, 'aws_eks_cluster')) {
        expect(c.vpc_config.endpoint_private_access).toBe(true);
        if (c.vpc_config.endpoint_public_access !== false) {
          expect(c.vpc_config.public_access_cidrs.length).toBeGreaterThan(0);
          expect(c.vpc_config.public_access_cidrs).not.toContain('0.0.0.0/0');
        }
      }
      expect(values(json, 'aws_eks_cluster')[0].vpc_config.endpoint_public_access).toBe(environment.publicEndpointCidrs.length > 0);
    });

    test('CKV_AWS_58 and CKV_AWS_7: secrets are encrypted with a KMS key of the stack, and every key rotates', () => {
      const keys = resources(json, 'aws_kms_key');
      expect(keys.length).toBeGreaterThan(0);
      for (const [, k] of keys) expect(k.enable_key_rotation).toBe(true);
      for (const c of values(json, 'aws_eks_cluster')) {
        expect(c.encryption_config.resources).toContain('secrets');
        expect(keys.map(([id]) => ref('aws_kms_key', id, 'arn'))).toContain(c.encryption_config.provider.key_arn);
      }
    });

    test('CKV_AWS_79: every launch template requires IMDSv2, and every node group launches from one of them', () => {
      const templates = resources(json, 'aws_launch_template');
      for (const [, t] of templates) expect(t.metadata_options.http_tokens).toBe('required');
      for (const g of values(json, 'aws_eks_node_group')) expect(templates.map(([id]) => ref('aws_launch_template', id, 'id'))).toContain(g.launch_template.id);
      expect(values(json, 'aws_instance')).toEqual([]);
    });

    test('no SSH: no key pair, no node remote access, no rule opening port 22', () => {
      for (const t of values(json, 'aws_launch_template')) expect(t.key_name).toBeUndefined();
      for (const g of values(json, 'aws_eks_node_group')) expect(g.remote_access).toBeUndefined();
      expect(values(json, 'aws_key_pair')).toEqual([]);
      const opens22 = (r: Json) => r.ip_protocol === '-1' || r.protocol === '-1' || (r.from_port <= 22 && r.to_port >= 22);
      expect(values(json, 'aws_vpc_security_group_ingress_rule').filter(opens22)).toEqual([]);
      expect(
        values(json, 'aws_security_group')
          .flatMap((g) => asArray<Json>(g.ingress))
          .filter(opens22),
      ).toEqual([]);
    });

    test('VPC flow logs are on for every VPC', () => {
      const vpcs = resources(json, 'aws_vpc');
      expect(vpcs).toHaveLength(1);
      for (const [id] of vpcs) {
        expect(values(json, 'aws_flow_log').filter((f) => f.vpc_id === ref('aws_vpc', id, 'id') && f.traffic_type === 'ALL')).toHaveLength(1);
      }
    });

    test('the default security group of every VPC has no rule', () => {
      for (const [id] of resources(json, 'aws_vpc')) {
        const defaults = values(json, 'aws_default_security_group').filter((g) => g.vpc_id === ref('aws_vpc', id, 'id'));
        expect(defaults).toEqual([expect.objectContaining({ ingress: [], egress: [] })]);
      }
    });

    test('CKV_AWS_1/62: no policy statement allows every action, and none allows secrets on every resource', () => {
      const all = statements(json);
      expect(all.length).toBeGreaterThan(10);
      const allows = all.filter((s) => s.effect === 'Allow');
      expect(allows.filter((s) => s.notActions.length > 0 || s.notResources.length > 0).map((s) => s.where)).toEqual([]);
      expect(allows.filter((s) => s.actions.some((a) => a === '*' || a === '*:*' || /^[a-z0-9-]+:\*$/.test(a))).map((s) => s.where)).toEqual([]);
      expect(allows.filter((s) => s.resources.includes('*') && s.actions.some((a) => a.startsWith('secretsmanager:') || a.startsWith('kms:'))).map((s) => s.where)).toEqual([]);
      // Resource "*" only for read-only calls that have no resource type
      expect(
        allows
          .filter((s) => s.resources.includes('*'))
          .flatMap((s) => s.actions)
          .filter((a) => !/^[a-z0-9-]+:(Describe|List|Get)/.test(a)),
      ).toEqual([]);
    });

    test('every IRSA trust policy pins both the service account (:sub) and the audience (:aud)', () => {
      const irsa = statements(json).filter((s) => s.actions.includes('sts:AssumeRoleWithWebIdentity'));
      // one per team, Crossplane, the load balancer controller, external-dns, the monitoring stack's store, and the platform's store when the repository is private;
      // where the environment takes previews, one more per team: its preview namespaces (<team>-pr-*, StringLike)
      const previews = environment.previews ? org.teams.length : 0;
      expect(irsa).toHaveLength(org.teams.length + 4 + (org.gitops.credentialsSecret !== undefined ? 1 : 0) + previews);
      for (const s of irsa) {
        const sub = s.conditions.filter((c) => c.variable.endsWith(':sub'));
        const aud = s.conditions.filter((c) => c.variable.endsWith(':aud'));
        const like = sub[0]?.test === 'StringLike';
        expect([sub.map((c) => c.test), aud.map((c) => [c.test, c.values])]).toEqual([[like ? 'StringLike' : 'StringEquals'], [['StringEquals', ['sts.amazonaws.com']]]]);
        // a pattern only as a team's preview namespaces, ending in "-pr-*"
        expect(sub[0].values.every((v) => (like ? /^system:serviceaccount:[a-z0-9-]+-pr-\*:external-secrets$/ : /^system:serviceaccount:[a-z0-9-]+:[a-z0-9-]+$/).test(v))).toBe(true);
      }
    });

    test("each team's External Secrets role reads its own prefix only, and only its own service accounts assume it", () => {
      for (const team of org.teams) {
        const r = role(json, environment.teamSecretsRoleName(team));
        const secretResources = r.permissions.flatMap((s) => s.resources);
        expect(secretResources).toEqual([`arn:aws:secretsmanager:${environment.awsRegion}:${environment.awsAccountId}:secret:${team.secretPrefix}*`]);
        for (const other of org.teams.filter((t) => t !== team)) {
          expect(secretResources.some((res) => res.includes(other.secretPrefix))).toBe(false);
        }
        expect(r.permissions.flatMap((s) => s.actions).every((a) => a.startsWith('secretsmanager:'))).toBe(true);
        expect(r.trust.flatMap((s) => s.conditions).find((c) => c.variable.endsWith(':sub'))?.values).toEqual(team.namespaces.map((ns) => `system:serviceaccount:${ns}:external-secrets`));
        // and its preview namespaces only, where the environment takes previews
        const like = r.trust.flatMap((s) => s.conditions).filter((c) => c.test === 'StringLike');
        expect(like.flatMap((c) => c.values)).toEqual(environment.previews ? [`system:serviceaccount:${team.name}-pr-*:external-secrets`] : []);
      }
    });

    test("a private repository's credentials are read by the platform store's role only, and seeded without their value in the JSON", () => {
      const secret = org.gitops.credentialsSecret;
      if (secret === undefined) return;
      const r = role(json, environment.platformSecretsRoleName());
      expect(r.permissions.flatMap((s) => s.resources)).toEqual([`arn:aws:secretsmanager:${environment.awsRegion}:${environment.awsAccountId}:secret:${secret}-??????`]);
      expect(r.trust.flatMap((s) => s.conditions).find((c) => c.variable.endsWith(':sub'))?.values).toEqual(['system:serviceaccount:argocd:external-secrets']);
      const repo = values(json, 'kubernetes_secret_v1').find((k) => k.metadata.name === 'gitops-repository');
      expect(repo?.data.password).toMatch(/^\$\{jsondecode\(data\.aws_secretsmanager_secret_version\.[^.]+\.secret_string\)\.password\}$/);
    });

    test("Crossplane's role is the one the org names, trusted by the providers' service accounts in crossplane-system, and changes only tagged RDS resources", () => {
      const r = role(json, environment.crossplaneRoleName());
      expect(r.trust.flatMap((s) => s.conditions).find((c) => c.variable.endsWith(':sub'))?.values).toEqual([
        'system:serviceaccount:crossplane-system:provider-aws-rds',
        'system:serviceaccount:crossplane-system:provider-aws-s3',
      ]);
      const destructive = r.permissions.filter((s) => s.effect === 'Allow' && s.actions.includes('rds:DeleteDBInstance'));
      expect(destructive.map((s) => s.conditions)).toEqual([[{ test: 'StringEquals', variable: 'aws:ResourceTag/paved.dev/managed-by', values: ['crossplane'] }]]);
    });

    test('the bootstrap hands the cluster to the root Application of gitops/<env> on the published branch (never main) and writes every metadata annotation', () => {
      expect(values(json, 'helm_release').find((r) => r.chart === 'argo-cd')?.version).toBe(addOnVersion('argocd', env));
      const root = values(json, 'helm_release').find((r) => r.name === 'argocd-root');
      const app = parse(root?.values[0]).applications.root;
      expect(app.source).toEqual({ repoURL: org.gitops.publish.repoURL, targetRevision: 'published', path: `${org.gitops.path}/${env}`, directory: { recurse: false, include: '*.yaml' } });
      expect(org.gitops.revision).toBe('main');
      expect(app.syncPolicy.automated).toBeDefined();
      const secret = values(json, 'kubernetes_secret_v1')[0];
      expect(Object.keys(secret.metadata.annotations).sort()).toEqual(Object.values(CLUSTER_METADATA_ANNOTATIONS).sort());
      expect(secret.metadata.labels).toEqual({ 'argocd.argoproj.io/secret-type': 'cluster', 'paved.dev/environment': env });
    });

    test("the load balancer controller's role: its service account only; creates only what carries this cluster's tag, changes only that, opens security groups of the VPC only", () => {
      const r = role(json, environment.loadBalancerControllerRoleName());
      expect(r.trust.flatMap((s) => s.conditions).find((c) => c.variable.endsWith(':sub'))?.values).toEqual(['system:serviceaccount:aws-load-balancer-controller:aws-load-balancer-controller']);
      const clusterTag = (kind: 'Request' | 'Resource') => ({ test: 'StringEquals', variable: `aws:${kind}Tag/elbv2.k8s.aws/cluster`, values: [environment.clusterName] });
      const allowing = (action: string) => r.permissions.filter((p) => p.effect === 'Allow' && p.actions.includes(action));
      for (const action of ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup']) {
        for (const p of allowing(action)) expect(p.conditions).toContainEqual(clusterTag('Request'));
      }
      for (const action of ['elasticloadbalancing:DeleteLoadBalancer', 'elasticloadbalancing:ModifyTargetGroup', 'ec2:DeleteSecurityGroup']) {
        expect(allowing(action).length).toBeGreaterThan(0);
        for (const p of allowing(action)) expect(p.conditions).toContainEqual(clusterTag('Resource'));
      }
      for (const p of allowing('ec2:AuthorizeSecurityGroupIngress'))
        expect(p.conditions).toEqual([{ test: 'ArnEquals', variable: 'ec2:Vpc', values: [expect.stringMatching(/^arn:aws:ec2:eu-west-1:\d{12}:vpc\/\$\{aws_vpc\./)] }]);
      // every ARN in the environment's account and region
      for (const res of r.permissions.flatMap((p) => p.resources).filter((x) => x !== '*' && !x.startsWith('arn:aws:iam::'))) {
        expect(res).toMatch(new RegExp(`^arn:aws:(ec2|elasticloadbalancing|acm):${environment.awsRegion}:${environment.awsAccountId}:`));
      }
      // no WAF, Shield or Cognito: the add-on turns them off
      expect(r.permissions.flatMap((p) => p.actions).filter((a) => /^(wafv2?|waf-regional|shield|cognito-idp):/.test(a))).toEqual([]);
    });

    test("each team's zone in this environment: a hosted zone of the name the environment serves, with a DNS-validated certificate for it and *.zone; external-dns may change those zones only", () => {
      const zones = resources(json, 'aws_route53_zone');
      expect(zones.map(([, z]) => z.name).sort()).toEqual(org.zonesServedBy(environment).sort());
      for (const [id, zone] of zones) {
        expect(zone.force_destroy).toBe(false);
        const certificate = values(json, 'aws_acm_certificate').find((c) => c.subject_alternative_names[0] === zone.name);
        expect(certificate).toMatchObject({ domain_name: `*.${zone.name}`, validation_method: 'DNS' });
        const validation = values(json, 'aws_route53_record').filter((rec) => rec.zone_id === ref('aws_route53_zone', id, 'zone_id') && String(rec.name).includes('domain_validation_options'));
        expect(validation).toHaveLength(1);
        // CKV2_AWS_39: every query to the zone is logged
        expect(values(json, 'aws_route53_query_log').filter((q) => q.zone_id === ref('aws_route53_zone', id, 'zone_id'))).toHaveLength(1);
      }
      const r = role(json, environment.externalDnsRoleName());
      expect(r.trust.flatMap((s) => s.conditions).find((c) => c.variable.endsWith(':sub'))?.values).toEqual(['system:serviceaccount:external-dns:external-dns']);
      const changes = r.permissions.find((p) => p.actions.includes('route53:ChangeResourceRecordSets'));
      expect([...(changes?.resources ?? [])].sort()).toEqual(zones.map(([id]) => `arn:aws:route53:::hostedzone/${ref('aws_route53_zone', id, 'zone_id')}`).sort());
    });
  });

  test("production, which serves the teams' zones themselves, delegates staging's subdomains of them to staging's name servers", () => {
    const delegations = values(stacks.prod, 'aws_route53_record').filter((r) => r.type === 'NS');
    expect(delegations.map((d) => d.name).sort()).toEqual(org.zonesServedBy(org.environment('staging')).sort());
    for (const d of delegations) expect(d.records).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-staging\.outputs\./);
    expect(values(stacks.staging, 'aws_route53_record').filter((r) => r.type === 'NS')).toEqual([]);
  });
});

describe('bad definitions stop before the cloud side runs', () => {
  const base = org.toJSON();
  const withEnv = (i: number, change: Partial<OrgProps['environments'][number]>): OrgProps => ({ ...base, environments: base.environments.map((e, j) => (j === i ? { ...e, ...change } : e)) });
  const messageOf = (props: OrgProps): string => {
    try {
      new Org(props);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('the org accepted it');
  };

  test.each([
    ['overlapping VPC blocks', withEnv(1, { vpcCidr: '10.10.128.0/17' }), 'environments[1].vpcCidr = "10.10.128.0/17" is not allowed: a block that does not overlap environments[0].vpcCidr'],
    ['an invalid VPC block', withEnv(0, { vpcCidr: '10.10.0.0/8' }), 'environments[0].vpcCidr = "10.10.0.0/8" is not allowed'],
    ['fewer than 2 zones', withEnv(0, { availabilityZones: 1 }), 'environments[0].availabilityZones = 1 is not allowed: an integer from 2 to 6'],
    ['fewer than 3 zones in production', withEnv(1, { availabilityZones: 2 }), 'environments[1].availabilityZones = 2 is not allowed: an integer from 3 to 6'],
    ['an unsupported Kubernetes version', withEnv(0, { kubernetesVersion: '1.29' }), 'environments[0].kubernetesVersion = "1.29" is not allowed'],
    [
      'a node group whose minimum exceeds its maximum',
      withEnv(0, { nodeGroups: [{ name: 'general', instanceTypes: ['m7i.large'], minSize: 5, maxSize: 2 }] }),
      'environments[0].nodeGroups[0].maxSize = 2 is not allowed: an integer of at least 1 and at least minSize (5)',
    ],
    [
      'overlapping team prefixes',
      { ...base, teams: [...base.teams, { name: 'payouts', ownerGroup: 'payouts', zone: 'payouts.example.com', secretPrefix: 'teams/payments/payouts/' }] },
      'secretPrefix = "teams/payments/payouts/" is not allowed: a prefix that does not overlap teams[0] (payments) prefix "teams/payments/"',
    ],
  ])('the org rejects %s, naming the field', (_, props, message) => {
    expect(messageOf(props)).toContain(message);
  });

  test('the entry point reports the problems, exits 1 and writes nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-infra-main-'));
    try {
      const lines: string[] = [];
      const code = main(
        path.join(dir, 'out'),
        (l) => lines.push(l),
        () => new Org(withEnv(0, { availabilityZones: 1 })),
      );
      expect(code).toBe(1);
      expect(lines[0]).toBe(`infra synth failed with 1 problem(s); ${path.join(dir, 'out')} is unchanged:`);
      expect(lines[1]).toMatch(/^ {2}- org: environments\[0\]\.availabilityZones = 1 is not allowed/);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('prepared, the stacks are written and their lines printed only when the returned function is called', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-infra-main-'));
    try {
      const lines: string[] = [];
      const write = prepare(path.join(dir, 'out'), (l) => lines.push(l));
      expect(lines).toEqual([]);
      expect(fs.readdirSync(dir)).toEqual([]);
      expect(write()).toBe(0);
      expect(lines[0]).toBe(`paved infra: 2 stack(s) → ${path.join(dir, 'out')}`);
      expect(lines[3]).toMatch(/^synthesized 2 stack\(s\) in \d+ ms$/);
      expect(fs.existsSync(path.join(dir, 'out', 'stacks', 'prod', 'cdk.tf.json'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('prepared from a bad definition, nothing is printed until the returned function reports the problems and returns 1', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-infra-main-'));
    try {
      const lines: string[] = [];
      const write = prepare(
        path.join(dir, 'out'),
        (l) => lines.push(l),
        () => new Org(withEnv(0, { availabilityZones: 1 })),
      );
      expect(lines).toEqual([]);
      expect(write()).toBe(1);
      expect(lines[0]).toBe(`infra synth failed with 1 problem(s); ${path.join(dir, 'out')} is unchanged:`);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the entry point prints one line per stack and the total time', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-infra-main-'));
    try {
      const lines: string[] = [];
      expect(main(dir, (l) => lines.push(l))).toBe(0);
      expect(lines).toEqual([
        `paved infra: 2 stack(s) → ${dir}`,
        expect.stringMatching(new RegExp(`^ {2}staging: \\d+ resources, \\d+ data sources \\(${dir}/stacks/staging/cdk\\.tf\\.json\\)$`)),
        expect.stringMatching(new RegExp(`^ {2}prod: \\d+ resources, \\d+ data sources \\(${dir}/stacks/prod/cdk\\.tf\\.json\\)$`)),
        expect.stringMatching(/^synthesized 2 stack\(s\) in \d+ ms$/),
      ]);
      expect(fs.existsSync(path.join(dir, 'stacks', 'prod', 'cdk.tf.json'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
