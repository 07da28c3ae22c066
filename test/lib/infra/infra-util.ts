import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { Org } from '../../../lib/org/org';
import type { OrgProps } from '../../../lib/org/org';
import type { Environment } from '../../../lib/org/environment';

/** A small org for the cloud side: a staging and a prod environment, two teams (one with two namespaces), one admin. */
export const INFRA_ORG_PROPS: OrgProps = {
  name: 'test',
  gitops: { repoURL: 'https://github.com/example/platform.git', revision: 'v1', path: 'deploy/gitops' },
  terraformState: { bucket: 'test-tfstate', lockTable: 'test-tflock', region: 'eu-west-1' },
  platformAdminRoleArns: ['arn:aws:iam::111111111111:role/admins'],
  environments: [
    { name: 'staging', awsAccountId: '111111111111', awsRegion: 'eu-west-1', vpcCidr: '10.1.0.0/16', availabilityZones: 2 },
    {
      name: 'prod',
      awsAccountId: '222222222222',
      awsRegion: 'eu-central-1',
      vpcCidr: '10.2.0.0/20',
      availabilityZones: 3,
      kubernetesVersion: '1.34',
      publicEndpointCidrs: ['203.0.113.0/24'],
      nodeGroups: [
        { name: 'general', instanceTypes: ['m7i.xlarge'], minSize: 3, maxSize: 9, desiredSize: 4, diskSizeGiB: 100 },
        { name: 'arm', instanceTypes: ['m7g.large', 'c7gn.large'], minSize: 0, maxSize: 3 },
      ],
    },
  ],
  teams: [
    { name: 'payments', ownerGroup: 'payments-engineers', zone: 'payments.example.com', secretPrefix: 'teams/payments/', namespaces: ['payments', 'payments-ledger'] },
    { name: 'search', ownerGroup: 'search-engineers', zone: 'search.example.com', secretPrefix: 'teams/search/' },
  ],
};

/** The synthesized Terraform JSON of a stack. */
export interface SynthJson {
  readonly terraform: Record<string, any>;
  readonly provider?: Record<string, any[]>;
  readonly resource: Record<string, Record<string, any>>;
  readonly data?: Record<string, Record<string, any>>;
  readonly output?: Record<string, any>;
}

/**
 * An app that writes nothing (tests synthesize stacks in memory): cdktf makes
 * its output folder as the app is created, and it is removed again at once.
 */
export function testApp(): App {
  const outdir = path.join(os.tmpdir(), `paved-infra-tests-${process.pid}`);
  const app = new App({ outdir, stackTraces: false });
  fs.rmSync(outdir, { recursive: true, force: true });
  return app;
}

/** A fresh org and one of its environments. */
export function orgAndEnv(envName = 'staging', props: OrgProps = INFRA_ORG_PROPS): { org: Org; env: Environment } {
  const org = new Org(props);
  return { org, env: org.environment(envName) };
}

/** A stack to build constructs in, and a function that synthesizes it to parsed JSON. */
export function testStack(id = 'test'): { stack: TerraformStack; synth: () => SynthJson; raw: () => string } {
  const stack = new TerraformStack(testApp(), id);
  return { stack, raw: () => Testing.synth(stack), synth: () => JSON.parse(Testing.synth(stack)) as SynthJson };
}

/** Resources of a type, by logical id. */
export function resourcesOf(json: SynthJson, type: string): Record<string, any> {
  return json.resource[type] ?? {};
}

/** The one resource of a type whose logical id starts with `prefix`; fails when there is none or several. */
export function resourceOf(json: SynthJson, type: string, prefix = ''): Record<string, any> {
  const found = Object.entries(resourcesOf(json, type)).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} ${prefix}*, found ${found.map(([id]) => id).join(', ') || 'none'}`);
  return found[0][1];
}

/** Data sources of a type, by logical id. */
export function dataOf(json: SynthJson, type: string): Record<string, any> {
  return json.data?.[type] ?? {};
}

/** The `aws_iam_policy_document` a `${data.aws_iam_policy_document.<id>.json}` reference points at. */
export function policyDocument(json: SynthJson, reference: string): { statement: any[] } {
  const m = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(reference);
  if (!m) throw new Error(`not a policy document reference: ${reference}`);
  const doc = dataOf(json, 'aws_iam_policy_document')[m[1]];
  if (!doc) throw new Error(`no policy document ${m[1]}`);
  return doc;
}

/** The role of that IAM name, its trust statements and its inline policy statements. */
export function roleNamed(json: SynthJson, name: string): { id: string; role: Record<string, any>; trust: any[]; permissions: any[] } {
  const roles = Object.entries(resourcesOf(json, 'aws_iam_role')).filter(([, r]) => r.name === name);
  if (roles.length !== 1) throw new Error(`expected one role ${name}, found ${roles.length}`);
  const [id, role] = roles[0];
  const policies = Object.values(resourcesOf(json, 'aws_iam_role_policy')).filter((p) => p.role === `\${aws_iam_role.${id}.id}`);
  return {
    id,
    role,
    trust: policyDocument(json, role.assume_role_policy).statement,
    permissions: policies.flatMap((p) => policyDocument(json, p.policy).statement),
  };
}

/** The message of the error `fn` throws. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('expected an error, got none');
}
