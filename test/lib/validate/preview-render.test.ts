import * as path from 'path';
import * as fs from 'fs';
import { parse } from 'yaml';
import type { ManifestObject } from '../../../lib/validate/findings';
import { checkPreviews, renderPreviews } from '../../../lib/validate/preview-render';
import { validateObjects } from '../../../lib/validate/validator';
import { org } from '../../../platform/org';
import { ROOT } from '../../cli-util';

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
    const r = renderPreviews(tree, 'gitops', PR);
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
    expect((apps.object.spec as Any).source.targetRevision).toBe(PR.head_sha);
    expect((apps.object.spec as Any).project).toBe('search-previews');
    const checkout = r.objects.find((m) => m.object.kind === 'Application' && (m.object.metadata as Any).name === 'search-api')!;
    expect((checkout.object.metadata as Any).namespace).toBe('search-pr-42');
    expect((checkout.object.spec as Any).components[0].traits[0].properties.domain).toBe('search-api-pr-42.staging.search.example.com');
  });

  test('pass the checks of a team namespace: Pod Security, team label, quota, limits, default deny, hosts', () => {
    expect(checkPreviews(renderPreviews(tree, 'gitops', PR), teams, PR)).toEqual([]);
  });

  test('pass the schema, reference and Pod Security checks of any tree, with the rest of staging', () => {
    const r = renderPreviews(tree, 'gitops', PR);
    const rest = tree.filter((m) => m.file.split('/')[1] !== 'previews');
    const report = validateObjects([...rest, ...r.objects.map((m) => ({ ...m, file: `staging/${m.file.replace(/[#/]/g, '_')}` }))], { clusterPerTopLevelFolder: true });
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('fails when the preview namespace lacks the Pod Security label', () => {
    const changed = edit('staging/applicationset-preview-tenancy-payments.yaml', (o) => {
      delete o.spec.template.spec.syncPolicy.managedNamespaceMetadata.labels['pod-security.kubernetes.io/enforce'];
    });
    expect(checkPreviews(renderPreviews(changed, 'gitops', PR), teams, PR)).toContain('namespace payments-pr-42: label pod-security.kubernetes.io/enforce = undefined is not allowed: "restricted"');
  });

  test('fails when a preview host is outside the zone', () => {
    const changed = edit('staging/applicationset-preview-apps-search.yaml', (o) => {
      o.spec.template.spec.source.kustomize.patches[0].patch = o.spec.template.spec.source.kustomize.patches[0].patch.replace('staging.search.example.com', 'evil.example.net');
    });
    expect(checkPreviews(renderPreviews(changed, 'gitops', PR), teams, PR).join('\n')).toMatch(/gateway domain "search-api-pr-42.evil.example.net" is not allowed/);
  });

  test('fails when the tenancy has no default-deny policy', () => {
    const changed = tree.filter((m) => m.file !== 'staging/previews/search/tenant/networkpolicy-default-deny.yaml');
    expect(checkPreviews(renderPreviews(changed, 'gitops', PR), teams, PR)).toContain('namespace search-pr-42: no default-deny NetworkPolicy (every pod, ingress and egress)');
  });

  test('fails on a template expression the render does not know, and on a patch of another kind', () => {
    const changed = edit('staging/applicationset-preview-apps-search.yaml', (o) => {
      o.spec.template.spec.destination.namespace = 'search-{{ .author }}';
      o.spec.template.spec.source.kustomize.patches[0].patch = '- op: add\n  path: /metadata/labels/x\n  value: y\n';
    });
    const problems = renderPreviews(changed, 'gitops', PR).problems.join('\n');
    expect(problems).toMatch(/"search-\{\{ \.author \}\}" is not allowed: only/);
    expect(problems).toMatch(/patches\[0\] is not allowed: one replace/);
  });
});
