import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { objectsOf } from '../util';
import { synthInfra } from '../../lib/infra/synth-infra';
import { EXTERNAL_DNS_IDENTITY, LOAD_BALANCER_CONTROLLER_IDENTITY, MONITORING_SECRETS_IDENTITY, crossplaneProviderSubjects } from '../../lib/org/identities';
import { org } from '../../platform/org';
import { addOnVersion } from '../../platform/versions';

/**
 * The cloud side of "who applies what": each controller's IAM role (IRSA), as
 * cdktf writes it for the example org, read from the Terraform JSON: which
 * service account may assume it and every action it allows, on what. The
 * snapshot is the listing the access report points to (cdktf.out/).
 */
/** Synthesized JSON, read loosely. */
type Json = ReturnType<typeof objectsOf>[number];
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-controller-iam-'));
const result = synthInfra({ org, outdir, argoCdChartVersion: (e) => addOnVersion('argocd', e.name) });
const stacks: [string, Json][] = result.stacks.map((s) => [s.name, JSON.parse(fs.readFileSync(s.file, 'utf8')) as Json]);
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** `${data.aws_iam_policy_document.<id>.json}` → the document. */
const documentOf = (json: Json, ref: string): Json => json.data.aws_iam_policy_document[/^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(ref)?.[1] ?? ''];
/** Terraform references in ARNs shortened to what they name (`${aws_route53_zone.dns_zone-payments_AAB8E1F9.zone_id}` → `<zone-payments>`). */
const short = (s: string) => s.replace(/\$\{[a-z0-9_]+\.([a-z]+_)?([A-Za-z0-9-]+?)(_[A-F0-9]{8})?(\.[a-z_[\]0-9]+)*\}/g, '<$2>');

interface ControllerRole {
  readonly env: string;
  readonly name: string;
  readonly trustedBy: string[];
  readonly statements: { sid: string; actions: string[]; resources: string[]; conditions: string[] }[];
}

/** Every controller role (`controllers/…` in the stack) with its trust and its permissions. */
function controllerRoles(env: string, json: Json): ControllerRole[] {
  const policies = Object.values((json.resource.aws_iam_role_policy ?? {}) as Record<string, Json>);
  return Object.entries((json.resource.aws_iam_role ?? {}) as Record<string, Json>)
    .filter(([id]) => id.startsWith('controllers_'))
    .map(([id, role]) => {
      const trust = documentOf(json, role.assume_role_policy);
      const trustedBy = asArray<Json>(trust.statement).flatMap((s) =>
        asArray<Json>(s.condition)
          .filter((c) => String(c.variable).endsWith(':sub'))
          .flatMap((c) => asArray<string>(c.values)),
      );
      const attached = policies.filter((p) => p.role === `\${aws_iam_role.${id}.id}` || p.role === `\${aws_iam_role.${id}.name}`);
      const statements = attached.flatMap((p) =>
        asArray<Json>(documentOf(json, p.policy).statement).map((s) => ({
          sid: String(s.sid ?? ''),
          actions: asArray<string>(s.actions),
          resources: asArray<string>(s.resources).map(short),
          conditions: asArray<Json>(s.condition).map((c) => `${c.test} ${short(c.variable)} ${asArray<string>(c.values).map(short).join(', ')}`),
        })),
      );
      return { env, name: role.name as string, trustedBy, statements };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const roles = stacks.flatMap(([env, json]) => controllerRoles(env, json));

/** The listing: one block per role. */
function listing(list: readonly ControllerRole[]): string {
  return list
    .map((r) =>
      [
        `${r.env} ${r.name}, assumed by ${r.trustedBy.join(', ')}:`,
        ...r.statements.map((s) => `  ${s.sid}: ${s.actions.join(', ')} on ${s.resources.join(', ')}${s.conditions.length ? ` when ${s.conditions.join('; ')}` : ''}`),
      ].join('\n'),
    )
    .join('\n');
}

describe("the controllers' IAM roles in cdktf.out (example org)", () => {
  test('each controller role, who may assume it and every action it allows (the listing, reviewed as a snapshot)', () => {
    expect(roles.map((r) => `${r.env} ${r.name}`)).toEqual(
      stacks.flatMap(([env]) =>
        [
          `acme-${env}-aws-lbc`,
          `acme-${env}-crossplane-aws`,
          `acme-${env}-eso-mobile`,
          `acme-${env}-eso-monitoring`,
          `acme-${env}-eso-payments`,
          `acme-${env}-eso-platform`,
          `acme-${env}-eso-search`,
          `acme-${env}-external-dns`,
        ].map((n) => `${env} ${n}`),
      ),
    );
    expect(listing(roles)).toMatchSnapshot();
  });

  test("every role is assumed only by its controller's service accounts, and allows no wildcard action", () => {
    const sa = (i: { namespace: string; name: string }) => `system:serviceaccount:${i.namespace}:${i.name}`;
    const expected = (name: string): string[] => {
      const team = org.teams.find((t) => name.endsWith(`-eso-${t.name}`));
      // and where the environment takes previews, the team's preview namespaces (<team>-pr-*)
      const previews = org.environments.find((e) => name.startsWith(`acme-${e.name}-`))?.previews !== undefined;
      if (team) return [...team.namespaces, ...(previews ? [`${team.name}-pr-*`] : [])].map((ns) => sa({ namespace: ns, name: 'external-secrets' }));
      if (name.endsWith('-aws-lbc')) return [sa(LOAD_BALANCER_CONTROLLER_IDENTITY)];
      if (name.endsWith('-external-dns')) return [sa(EXTERNAL_DNS_IDENTITY)];
      if (name.endsWith('-crossplane-aws')) return crossplaneProviderSubjects();
      if (name.endsWith('-eso-monitoring')) return [sa(MONITORING_SECRETS_IDENTITY)];
      if (name.endsWith('-eso-platform')) return [sa({ namespace: 'argocd', name: 'external-secrets' })];
      return [];
    };
    for (const r of roles) {
      expect({ role: r.name, trustedBy: r.trustedBy }).toEqual({ role: r.name, trustedBy: expected(r.name) });
      for (const s of r.statements) expect(s.actions.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
    }
  });

  test("a team's External Secrets role reads only its own prefix, and only as that team's external-secrets account", () => {
    for (const [env] of stacks) {
      for (const team of org.teams) {
        const role = roles.find((r) => r.env === env && r.name === `acme-${env}-eso-${team.name}`);
        const previews = org.environment(env).previews ? [`${team.name}-pr-*`] : [];
        expect(role?.trustedBy).toEqual([...team.namespaces, ...previews].map((ns) => `system:serviceaccount:${ns}:external-secrets`));
        const actions = role?.statements.flatMap((s) => s.actions) ?? [];
        expect(actions.every((a) => a.startsWith('secretsmanager:') && /^secretsmanager:(Get|Describe|List)/.test(a))).toBe(true);
        const resources = role?.statements.flatMap((s) => s.resources).filter((x) => x !== '*') ?? [];
        expect(resources.every((x) => x.includes(`:secret:${team.secretPrefix}`))).toBe(true);
      }
    }
  });
});
