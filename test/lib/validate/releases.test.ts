import { SchemaCatalog, validateObjects } from '../../../lib';
import { checkReleases } from '../../../lib/validate/releases';

const releases = SchemaCatalog.bundled().releases;
const argo = releases.find((r) => r.project === 'argocd');
const application = (source: Record<string, unknown>, many = false) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'argocd', namespace: 'argocd' },
  spec: many ? { sources: [{ repoURL: 'https://example.com/git', path: 'x' }, source] } : { source },
});

describe('the release a tree installs against the release the catalog was built from', () => {
  test('the catalog records each release with the chart or packages that install it', () => {
    expect(argo).toMatchObject({ repo: 'argoproj/argo-cd', tag: 'v3.4.4', chart: { name: 'argo-cd', version: '10.1.1', appVersion: 'v3.4.4' } });
    expect(releases.find((r) => r.project === 'crossplane-provider-aws')?.packages).toContain('xpkg.crossplane.io/crossplane-contrib/provider-aws-s3');
  });

  test("a chart at the catalog's version passes; another version is reported with the field, both versions and the fix", () => {
    const source = { repoURL: 'https://argoproj.github.io/argo-helm/', chart: 'argo-cd', targetRevision: '10.1.1' };
    expect(checkReleases(application(source), releases)).toEqual([]);
    expect(checkReleases(application({ ...source, targetRevision: '9.4.2' }, true), releases)).toEqual([
      {
        field: 'spec.sources[1].targetRevision',
        message:
          "installs argo-cd chart 9.4.2, but the schema catalog holds the CRDs of chart 10.1.1 (argoproj/argo-cd v3.4.4): objects of its kinds were checked against another release than this cluster runs; pin the catalog's version, or import the release this version installs (lib/import/sources.ts, then npm run import)",
      },
    ]);
  });

  test('a chart of another repository, or no chart, is not compared', () => {
    expect(checkReleases(application({ repoURL: 'https://charts.example.com', chart: 'argo-cd', targetRevision: '1.0.0' }), releases)).toEqual([]);
    expect(checkReleases(application({ repoURL: 'https://example.com/git', path: 'x' }), releases)).toEqual([]);
  });

  test("a Crossplane package at another tag than the catalog's release is reported", () => {
    const provider = (tag: string) => ({
      apiVersion: 'pkg.crossplane.io/v1',
      kind: 'Provider',
      metadata: { name: 'p' },
      spec: { package: `xpkg.crossplane.io/crossplane-contrib/provider-aws-s3:${tag}` },
    });
    expect(checkReleases(provider('v2.6.0'), releases)).toEqual([]);
    expect(checkReleases(provider('v2.5.0'), releases)).toEqual([
      {
        field: 'spec.package',
        message: expect.stringMatching(
          /^installs xpkg\.crossplane\.io\/crossplane-contrib\/provider-aws-s3 v2\.5\.0, but the schema catalog holds crossplane-contrib\/provider-upjet-aws v2\.6\.0: its managed resources were checked against another release/,
        ),
      },
    ]);
  });

  test('paved validate lists the skew as a [release] warning, not an error', () => {
    const report = validateObjects([{ file: 'a.yaml', object: application({ repoURL: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', targetRevision: '9.4.2' }) }], {
      knownNamespaces: ['argocd'],
    });
    expect(report.findings.filter((f) => f.rule === 'release').map((f) => `${f.severity} ${f.field}`)).toEqual(['warning spec.source.targetRevision']);
  });
});

describe("an add-on's Helm values against its chart's values.schema.json", () => {
  const dns = (values: Record<string, unknown>) => ({
    file: 'prod/application-external-dns.yaml',
    object: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'external-dns', namespace: 'argocd' },
      spec: {
        project: 'platform',
        destination: { namespace: 'external-dns' },
        source: { repoURL: 'https://kubernetes-sigs.github.io/external-dns', chart: 'external-dns', targetRevision: '1.21.1', helm: { valuesObject: values } },
      },
    },
  });
  const schemaFindings = (values: Record<string, unknown>) =>
    validateObjects([dns(values)], { knownNamespaces: ['argocd', 'external-dns'] })
      .findings.filter((f) => f.rule === 'schema')
      .map((f) => `${f.field}: ${f.message}`);

  test("values the chart accepts pass (the chart's defaults fill what they leave out)", () => {
    expect(schemaFindings({ provider: { name: 'aws' }, policy: 'sync', txtOwnerId: 'c', domainFilters: ['a.example.com'] })).toEqual([]);
  });

  test('a value Helm would refuse is an error naming the field and the chart', () => {
    expect(schemaFindings({ policy: 'sync-all', logLevel: 'verbose' })).toEqual([
      expect.stringMatching(/^spec\.source\.helm\.valuesObject\.logLevel: .*\(the external-dns chart's values\.schema\.json\)$/),
      expect.stringMatching(/^spec\.source\.helm\.valuesObject\.policy: .*(create-only|upsert-only).*\(the external-dns chart's values\.schema\.json\)$/),
    ]);
  });

  test("another chart version is not checked against this one's schema", () => {
    const other = dns({ policy: 'sync-all' });
    (other.object.spec.source as Record<string, unknown>).targetRevision = '1.20.0';
    expect(validateObjects([other], { knownNamespaces: ['argocd', 'external-dns'] }).findings.filter((f) => f.rule === 'schema')).toEqual([]);
  });
});
