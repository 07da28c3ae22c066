import { parse } from 'yaml';
import { type AppDefinition, AppConstruct, type ManifestObject, Org, accessReport, buildGitOps } from '../../../lib';
import { platform } from '../../../platform/addons';
import { ORG_PROPS, type objectsOf } from '../../util';

/** A synthesized object, read loosely. */
type Obj = ReturnType<typeof objectsOf>[number];

/** A small org built with the example platform's add-ons: the tree the report reads. */
const org = new Org(ORG_PROPS);
const web: AppDefinition = (scope) => new AppConstruct(scope, 'web', { team: scope.team, image: 'registry.example.com/payments/web:1.0.0', port: 8080 });
const build = buildGitOps({ org, apps: [{ team: 'payments', apps: [web] }], platform });
const tree: ManifestObject[] = [...build.files]
  .filter(([f]) => f.endsWith('.yaml') && !f.startsWith('charts/'))
  .map(([file, content]) => ({ file, object: parse(content) as Record<string, unknown> }));
const section = (report: string) => report.slice(report.indexOf('## Who applies what'), report.indexOf('## Platform costs'));
const envPart = (report: string, env: string) => {
  const s = section(report);
  const start = s.indexOf(`### ${env}\n`);
  return s.slice(start, s.indexOf('\n### ', start + 1));
};
/** The tree with one object changed (matched by kind, namespace and name). */
const edit = (kind: string, namespace: string | undefined, name: string, change: (o: Obj) => void, env = 'staging'): ManifestObject[] =>
  tree.map((m) => {
    const o = m.object as Obj;
    if (!m.file.startsWith(`${env}/`) || o.kind !== kind || o.metadata.name !== name || (namespace !== undefined && o.metadata.namespace !== namespace)) return m;
    const copy = structuredClone(o);
    change(copy);
    return { file: m.file, object: copy };
  });

describe('the access report: who applies what', () => {
  const report = accessReport(org, tree);

  test('builds from a tree without problems', () => {
    expect(build.errors).toEqual([]);
  });

  test('names, per environment, the identity of every path from Git and its rights as the tree grants them', () => {
    const staging = envPart(report, 'staging');
    expect(staging).toContain("- **Argo CD, the platform's paths** (");
    expect(staging).toMatch(/platform-namespaces.*\), as `system:serviceaccount:argocd:paved-platform-deployer`:\n {2}- cluster-wide \(ClusterRole `cluster-admin`\): every verb on every resource/);
    expect(staging).toContain("- **Argo CD, team payments's apps folder**");
    expect(staging).toMatch(
      /as `system:serviceaccount:argocd:paved-deployer-payments`:\n {2}- in `payments` \(Role `paved-deployer`\): get\/list\/watch\/create\/update\/patch\/delete configmaps, services, deployments\.apps, /,
    );
    expect(staging).toMatch(/ {2}- in `vela-system` \(Role `paved-team-definitions`\): get componentdefinitions\.core\.oam\.dev named paved-cron-job, paved-release-job, webservice, worker; /);
    expect(staging).toContain(
      "- **KubeVela, team search's Applications**, as the user that applied each (vela-core's webhook records it; the API server refuses any other, ValidatingAdmissionPolicy `paved-kubevela-applying-user`): for the team's, `system:serviceaccount:argocd:paved-deployer-search`",
    );
    expect(staging).toContain('as IAM role `test-staging-crossplane-aws`');
    expect(staging).toContain('payments `test-staging-eso-payments`, search `test-staging-eso-search`');
    expect(staging).toMatch(/\*\*Routes\*\*.*IAM role `test-staging-aws-lbc`.*IAM role `test-staging-external-dns`/);
    expect(envPart(report, 'prod')).toContain('as IAM role `test-prod-crossplane-aws`');
  });

  test("lists Argo CD's controller's rights from its values, and each chart controller's with the version they were read from", () => {
    const s = section(report);
    expect(s).toContain(
      "- staging, prod: cluster-wide (the argocd Application's `controller.clusterRoleRules`): get/list/watch *.*; impersonate serviceaccounts named paved-platform-deployer, paved-deployer-payments, paved-deployer-search;",
    );
    for (const line of [
      '**KubeVela (vela-core)**, as `vela-system/vela-core` (chart vela-core 1.10.9',
      '**Crossplane**, as `crossplane-system/crossplane` (chart crossplane 2.3.4',
      '**external-dns**, as `external-dns/external-dns` (chart external-dns 1.21.1',
    ])
      expect(s).toContain(line);
    expect(s).not.toContain('read the chart again');
  });

  test('the rights are read from the tree: a Role changed or missing there shows in the report', () => {
    const narrowed = edit('Role', 'payments', 'paved-deployer', (o) => (o.rules = [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] }]));
    expect(envPart(accessReport(org, narrowed), 'staging')).toContain('- in `payments` (Role `paved-deployer`): get deployments.apps\n');
    const missing = tree.filter((m) => !(m.file.startsWith('staging/') && (m.object as Obj).kind === 'Role' && (m.object as Obj).metadata.name === 'paved-deployer'));
    expect(envPart(accessReport(org, missing), 'staging')).toContain('(Role `paved-deployer`): a role the tree does not hold: nothing');
  });

  test('an Application whose project maps no account to its destination is reported as unsyncable', () => {
    const unmapped = edit('AppProject', 'argocd', 'payments', (o) => delete o.spec.destinationServiceAccounts);
    expect(envPart(accessReport(org, unmapped), 'staging')).toContain(
      "- **Argo CD, team payments's apps folder** (`gitops/staging/teams/payments/apps`), as no service account: its project maps none to its destination, so Argo CD refuses to sync it:",
    );
    // a team without apps yet: what its project would sync as
    expect(envPart(report, 'staging')).toContain("- **Argo CD, team search's apps folder**: none in this tree yet; its project would sync it as `system:serviceaccount:argocd:paved-deployer-search`:");
  });

  test('impersonation or KubeVela authentication off in the tree is said plainly', () => {
    const off = edit('Application', 'argocd', 'argocd', (o) => (o.spec.source.helm.valuesObject.configs.cm['application.sync.impersonation.enabled'] = 'false'));
    expect(envPart(accessReport(org, off), 'staging')).toContain("Argo CD's sync impersonation is off in this environment: every Application is applied as Argo CD's application controller.");
    const velaOff = edit('Application', 'argocd', 'vela-core', (o) => (o.spec.source.helm.valuesObject.authentication.enabled = false));
    expect(envPart(accessReport(org, velaOff), 'staging')).toContain("- **KubeVela, team payments's Applications**, as vela-core's own service account: KubeVela's authentication is off.");
  });

  test('without the policy that holds the recorded user, the report says the fail-open webhook is all there is', () => {
    const unguarded = tree.filter((m) => !(m.file.startsWith('staging/') && (m.object as Obj).kind === 'ValidatingAdmissionPolicyBinding'));
    expect(envPart(accessReport(org, unguarded), 'staging')).toContain("(vela-core's webhook records it; nothing holds it when that webhook, which fails open, does not run)");
  });

  test('a chart version other than the one the rights were read from is flagged', () => {
    const upgraded = edit('Application', 'argocd', 'crossplane', (o) => (o.spec.source.targetRevision = '2.4.0'), 'prod');
    expect(section(accessReport(org, upgraded))).toContain(
      '(chart crossplane 2.3.4, read from crossplane/crossplane v2.3.4 cluster/charts/crossplane/templates/clusterrole.yaml; **prod installs 2.4.0: read the chart again**)',
    );
  });
});
