import * as path from 'path';
import * as fs from 'fs';
import { parse } from 'yaml';
import type { ManifestObject } from '../../../lib/validate/findings';
import { checkPreviews, renderPreviews, withPreviews } from '../../../lib/validate/preview-render';
import { tenantsOf } from '../../../lib/validate/tenants';
import { ruleContextsOf } from '../../../lib/validate/tenant-rules';
import { validateObjects } from '../../../lib/validate/validator';
import { org } from '../../../platform/org';
import { ROOT, paved } from '../../cli-util';

const PR = { number: 42, branch: 'feature/x', head_sha: '0123456789abcdef0123456789abcdef01234567' };
const staging = org.environments.find((e) => e.name === 'staging')!;
const teams = org.teams.map((t) => ({ name: t.name, zone: staging.zoneFor(t) }));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
// every .yaml file of the environment's folder, as Argo CD's sources of the previews read them (the tree's reader follows only the root's Applications)
const tree: ManifestObject[] = (fs.readdirSync(path.join(ROOT, 'gitops', 'staging'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ file: `staging/${f}`, object: parse(fs.readFileSync(path.join(ROOT, 'gitops', 'staging', f), 'utf8')) as Record<string, unknown> }));

function edit(file: string, change: (o: Any) => void): ManifestObject[] {
  return tree.map((m) => {
    if (m.file !== file) return m;
    const copy = JSON.parse(JSON.stringify(m.object));
    change(copy);
    return { ...m, object: copy };
  });
}

describe('the preview ApplicationSets of the example org, rendered for a sample pull request', () => {
  test('render Applications with the parameters substituted and objects in the pull request namespaces', () => {
    const r = renderPreviews(tree, PR);
    expect(r.problems).toEqual([]);
    expect(r.applications.map((a) => (a.object.metadata as Any).name).sort()).toEqual([
      'mobile-pr-42-apps',
      'mobile-pr-42-tenancy',
      'payments-pr-42-apps',
      'payments-pr-42-tenancy',
      'search-pr-42-apps',
      'search-pr-42-tenancy',
    ]);
    const apps = r.applications.find((a) => (a.object.metadata as Any).name === 'search-pr-42-apps')!;
    // the pull request's own tree, as the team's deployer; the tenancy from the published branch, as the platform
    expect((apps.object.spec as Any).source.targetRevision).toBe(PR.head_sha);
    expect((apps.object.spec as Any).project).toBe('search-previews');
    const tenancy = r.applications.find((a) => (a.object.metadata as Any).name === 'search-pr-42-tenancy')!;
    expect((tenancy.object.spec as Any).source.targetRevision).toBe('published');
    const api = r.objects.find((m) => m.object.kind === 'Application' && (m.object.metadata as Any).name === 'search-api')!;
    expect((api.object.metadata as Any).namespace).toBe('search-pr-42');
    const route = (api.object.spec as Any).components[0].traits.find((t: Any) => t.type === 'paved-preview-gateway');
    expect(route.properties).toMatchObject({ label: 'api', zone: 'staging.search.example.com' });
    // the team's own calls resolve in the preview's namespace
    expect((api.object.spec as Any).components[0].properties.env).toContainEqual({ name: 'INDEXER_URL', value: 'http://indexer:9090' });
  });

  test("paved render and validate --render read the previews as the sample pull request's: one host of its own per app, in the team's zone, admitted", () => {
    const render = paved(['render', 'gitops']);
    expect(render.code).toBe(0);
    const hosts = [...render.stdout.matchAll(/host: (\S+-pr-1\.\S+)/g)].map((m) => m[1]);
    expect([...new Set(hosts)].sort()).toEqual(['api-mobile-pr-1.staging.mobile.example.com', 'api-search-pr-1.staging.search.example.com']);
    const validate = paved(['validate', 'gitops', '--render']);
    expect(validate.stdout).toContain('0 error(s), 0 warning(s)');
    expect(validate.code).toBe(0);
  });

  test('pass the checks of a team namespace: Pod Security, team label, quota, limits, default deny, hosts', () => {
    expect(checkPreviews(renderPreviews(tree, PR).objects, teams, PR)).toEqual([]);
  });

  test('pass every check of a tree (schema, tenant boundary, admission rules), with the rest of staging', () => {
    const { objects, problems } = withPreviews(tree, teams, PR);
    expect(problems).toEqual([]);
    const report = validateObjects(objects, { clusterPerTopLevelFolder: true, tenants: tenantsOf(org), tenantRules: ruleContextsOf(org) });
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    // and the preview objects were among them, in the pull request's namespaces
    expect(objects.filter((m) => String((m.object.metadata as Any)?.namespace).endsWith('-pr-42')).length).toBeGreaterThan(30);
  });

  /** What the validator says of a tree as the sample pull request's previews make it (the walls of every team namespace, the tenant rules). */
  const said = (changed: ManifestObject[]) =>
    validateObjects(withPreviews(changed, teams, PR).objects, { clusterPerTopLevelFolder: true, tenants: tenantsOf(org), tenantRules: ruleContextsOf(org) }).findings.map(
      (f) => `${f.object}: ${f.message}`,
    );

  test("fails when the preview namespace lacks the Pod Security label, or the team's label", () => {
    const changed = edit('staging/applicationset-preview-tenancy-payments.yaml', (o) => {
      delete o.spec.template.spec.syncPolicy.managedNamespaceMetadata.labels['pod-security.kubernetes.io/enforce'];
    });
    expect(said(changed)).toContain('Namespace payments-pr-42: a team namespace must enforce Pod Security "restricted"');
    const unlabelled = edit('staging/applicationset-preview-tenancy-payments.yaml', (o) => {
      delete o.spec.template.spec.syncPolicy.managedNamespaceMetadata.labels['paved.dev/team'];
    });
    expect(checkPreviews(renderPreviews(unlabelled, PR).objects, teams, PR)).toContain('namespace payments-pr-42: label paved.dev/team = undefined is not allowed: "payments"');
  });

  test('fails when the tenancy has no default-deny policy, quota or limits', () => {
    for (const [file, message] of [
      ['networkpolicy-default-deny', 'a team namespace needs a NetworkPolicy that denies all ingress and egress by default'],
      ['resourcequota-team-quota', 'a team namespace needs a ResourceQuota'],
      ['limitrange-team-limits', 'a team namespace needs a LimitRange'],
    ]) {
      const changed = tree.filter((m) => m.file !== `staging/previews/search/tenant/${file}.yaml`);
      expect(said(changed)).toContain(`Namespace search-pr-42: ${message}`);
    }
  });

  test("a pull request's copy that keeps the environment's host, or routes in another zone, is refused", () => {
    const file = 'staging/previews/search/apps/search-api/application-search-api.yaml';
    const gateway = edit(file, (o) => {
      o.spec.components[0].traits.push({ type: 'gateway', properties: { domain: 'api.staging.search.example.com', http: { '/': 8080 }, class: 'alb', classInSpec: true } });
    });
    expect(said(gateway).join('\n')).toMatch(/a gateway trait is not allowed in a preview/);
    const zone = edit(file, (o) => {
      o.spec.components[0].traits.find((t: Any) => t.type === 'paved-preview-gateway').properties.zone = 'staging.payments.example.com';
    });
    expect(said(zone).join('\n')).toMatch(/a paved-preview-gateway trait names zone "staging.search.example.com"/);
  });

  test("an alert rule (routed to any team by its labels) or a claim in a pull request's preview folder is refused by the tenant boundary and the admission policies", () => {
    const hostile = [
      ...tree,
      {
        file: 'staging/previews/search/apps/search-api/prometheusrule-x.yaml',
        object: { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'x', labels: { team: 'payments' } }, spec: { groups: [] } },
      },
      {
        file: 'staging/previews/search/apps/search-api/objectbucket-x.yaml',
        object: { apiVersion: 'storage.example.com/v1alpha1', kind: 'ObjectBucket', metadata: { name: 'x' }, spec: { parameters: {} } },
      },
    ];
    const { objects } = withPreviews(hostile, teams, PR);
    const findings = validateObjects(objects, { clusterPerTopLevelFolder: true, tenants: tenantsOf(org), tenantRules: ruleContextsOf(org) }).findings.filter((f) => f.file.includes('-x.yaml'));
    const said = findings.map((f) => `${f.file.split('/').pop()}: ${f.message}`);
    expect(said).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^prometheusrule-x\.yaml: PrometheusRule \(monitoring\.coreos\.com\) is not allowed in staging\/previews\/search\/apps\/ \(team search's previews Argo CD project/),
        expect.stringMatching(/^prometheusrule-x\.yaml: PrometheusRule \(monitoring\.coreos\.com\) is not allowed in a preview of a pull request/),
        expect.stringMatching(/^objectbucket-x\.yaml: ObjectBucket \(storage\.example\.com\) is not allowed in a preview of a pull request/),
      ]),
    );
  });

  test('a namespace, a Kustomize or Helm file in a preview folder, or a source other than a directory, is refused', () => {
    const ns = edit('staging/previews/search/apps/indexer/application-indexer.yaml', (o) => {
      o.metadata.namespace = 'search';
    });
    expect(renderPreviews(ns, PR).problems.join('\n')).toMatch(/metadata.namespace = "search" is not allowed in a preview's folder/);
    const kustomize = [
      ...tree,
      { file: 'staging/previews/search/apps/kustomization.yaml', object: { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['https://evil.example.net/x'] } },
    ];
    expect(renderPreviews(kustomize, PR).problems.join('\n')).toMatch(/kustomization.yaml: is not allowed in a preview's folder/);
    const helm = edit('staging/applicationset-preview-apps-search.yaml', (o) => {
      o.spec.template.spec.source.helm = { valuesObject: {} };
    });
    expect(renderPreviews(helm, PR).problems.join('\n')).toMatch(/source.helm is not allowed: a directory source/);
  });

  test('fails on a template expression the render does not know, and on a path outside the previews', () => {
    const changed = edit('staging/applicationset-preview-apps-search.yaml', (o) => {
      o.spec.template.spec.destination.namespace = 'search-{{ .author }}';
    });
    expect(renderPreviews(changed, PR).problems.join('\n')).toMatch(/"search-\{\{ \.author \}\}" is not allowed: only/);
    for (const p of ['gitops/staging/teams/search/apps', 'gitops/prod/previews/search/apps', 'gitops/staging/previews/search/../../teams/search/apps']) {
      const moved = edit('staging/applicationset-preview-apps-search.yaml', (o) => {
        o.spec.template.spec.source.path = p;
      });
      expect(renderPreviews(moved, PR).problems.join('\n')).toMatch(/source.path .* is not allowed/);
    }
  });

  test('a file in a preview folder that no ApplicationSet reads is an error, not dropped', () => {
    const stray = [...tree, { file: 'staging/previews/nobody/apps/x/configmap-x.yaml', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } }];
    // a team's own tree (its proposal) holds its copies but no ApplicationSet: the platform's read them once proposed
    const proposal = tree.filter((m) => m.file.startsWith('staging/previews/mobile/apps/'));
    expect(proposal.length).toBeGreaterThan(0);
    expect(withPreviews(proposal, [], PR)).toEqual({ objects: [], problems: [] });
    expect(withPreviews(stray, teams, PR).problems).toContain(
      "staging/previews/nobody/apps/x/configmap-x.yaml: no preview ApplicationSet of the tree reads it: a file of a team's preview folder that one reads (npm run synth writes them)",
    );
  });
});
