import { type ManifestObject, validateObjects } from '../../../lib';
import { checkReleases } from '../../../lib/validate/releases';
import { SchemaCatalog } from '../../../lib/validate/catalog';

const at = (file: string, object: Record<string, unknown>): ManifestObject => ({ file, object });
const report = (objects: ManifestObject[], namespaces: string[] = ['argocd']) =>
  validateObjects(objects, { knownNamespaces: namespaces }).findings.map((f) => `${f.severity} [${f.rule}] ${f.field}: ${f.message}`);

const NOT_EVALUATED = 'warning [unchecked] : its CEL validation rules were not checked: the API server does not evaluate them on an object with the errors above; correct them to complete validation';

describe('findings say the field the object uses, and file under the right rule', () => {
  const composition = (spec: Record<string, unknown>) =>
    at('c.yaml', { apiVersion: 'apiextensions.crossplane.io/v1', kind: 'Composition', metadata: { name: 'c' }, spec: { pipeline: [{ step: 'a', functionRef: { name: 'f' } }], ...spec } });

  test('a Composition without compositeTypeRef: the schema names the field, nothing says "undefined"', () => {
    const all = report([composition({})]);
    expect(all).toEqual([NOT_EVALUATED, 'error [schema] spec: missing required field "compositeTypeRef"']);
    expect(all.join('\n')).not.toMatch(/undefined/);
    expect(report([composition({ compositeTypeRef: { kind: 'X' } })])).toEqual([NOT_EVALUATED, 'error [schema] spec.compositeTypeRef: missing required field "apiVersion"']);
  });

  test('a Composition of a type no XRD defines is a reference finding naming that type', () => {
    expect(report([composition({ compositeTypeRef: { apiVersion: 'x.example.org/v1', kind: 'XBucket' } })])).toEqual([
      'error [reference] spec.compositeTypeRef: no XRD in the tree defines XBucket (x.example.org/v1), the composite type this Composition composes',
    ]);
  });

  const project = at('p.yaml', {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: 'p', namespace: 'argocd' },
    spec: { sourceRepos: ['https://git.example.com/*'], destinations: [{ namespace: 'argocd', server: 'https://kubernetes.default.svc' }] },
  });
  const app = (spec: Record<string, unknown>) =>
    at('a.yaml', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'a', namespace: 'argocd' },
      spec: { project: 'p', destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' }, ...spec },
    });
  const chart = { repoURL: 'https://charts.example.com', chart: 'c', targetRevision: '*' };

  test("an Argo CD Application's source findings name spec.source or spec.sources[i], as the object writes it", () => {
    expect(report([project, app({ source: chart })])).toEqual([
      'error [reference] spec.source.repoURL: project "p" does not allow repository "https://charts.example.com"',
      'error [reference] spec.source.targetRevision: a Helm chart must be pinned to one version',
    ]);
    expect(report([project, app({ sources: [chart] })])).toEqual([
      'error [reference] spec.sources[0].repoURL: project "p" does not allow repository "https://charts.example.com"',
      'error [reference] spec.sources[0].targetRevision: a Helm chart must be pinned to one version',
    ]);
    expect(report([project, app({ source: { ...chart, targetRevision: '1.0.0' }, sources: [{ repoURL: 'https://git.example.com/x', path: 'nowhere' }] })])).toEqual([
      'error [reference] spec.source.repoURL: project "p" does not allow repository "https://charts.example.com"',
      'error [reference] spec.sources[0].path: "nowhere" is not a folder of the tree',
    ]);
  });

  test('a chart version the catalog does not hold is reported at the field that pins it', () => {
    const releases = SchemaCatalog.bundled().releases;
    const argo = releases.find((r) => r.project === 'argocd');
    const pin = { repoURL: argo?.chart?.repoURL, chart: 'argo-cd', targetRevision: '0.0.1' };
    const fields = (spec: Record<string, unknown>) => checkReleases({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', spec }, releases).map((s) => s.field);
    expect(fields({ source: pin })).toEqual(['spec.source.targetRevision']);
    expect(fields({ sources: [pin] })).toEqual(['spec.sources[0].targetRevision']);
    expect(fields({ source: pin, sources: [{ repoURL: 'https://git.example.com/x' }, pin] })).toEqual(['spec.source.targetRevision', 'spec.sources[1].targetRevision']);
  });
});
