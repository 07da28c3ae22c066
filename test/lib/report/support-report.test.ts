import * as path from 'path';
import { EKS_KUBERNETES_VERSIONS, Org, SchemaCatalog, SUPPORTED_KUBERNETES_VERSIONS, formatSupportReport, loadManifests, supportReport } from '../../../lib';
import { UPSTREAM_TAGS_AS_OF } from '../../../lib/import/sources';
import { definition } from '../../../platform/k8s';
import { ROOT, paved } from '../../cli-util';
import { ORG_PROPS } from '../../util';

const releases = SchemaCatalog.bundled().releases;
const tree = loadManifests(path.join(ROOT, 'gitops')).objects;
const report = (on: string, org = definition.org, withinDays?: number) => supportReport(org, tree, releases, { on, withinDays, tagsAsOf: UPSTREAM_TAGS_AS_OF });
const entry = (r: ReturnType<typeof report>, env: string, component: string) => r.entries.find((e) => e.environment === env && e.component === component);
const withVersion = (version: string) => new Org({ ...ORG_PROPS, environments: ORG_PROPS.environments.map((e) => ({ ...e, kubernetesVersion: version })) });

describe('the EKS calendar', () => {
  test("offers only versions in standard support on the table's day, newest first, with 14 + 12 months of support", () => {
    expect(SUPPORTED_KUBERNETES_VERSIONS).toEqual(['1.35', '1.34']);
    for (const v of EKS_KUBERNETES_VERSIONS) {
      expect(v.released < v.endOfStandardSupport && v.endOfStandardSupport < v.endOfExtendedSupport).toBe(true);
      // extended support is 12 months after standard support
      expect(v.endOfExtendedSupport.slice(4)).toBe(v.endOfStandardSupport.slice(4));
      expect(Number(v.endOfExtendedSupport.slice(0, 4)) - Number(v.endOfStandardSupport.slice(0, 4))).toBe(1);
    }
  });
});

describe('supportReport', () => {
  test("on 2026-12-01 the example org's clusters run 1.35, in standard support for 116 more days", () => {
    const r = report('2026-12-01');
    expect(entry(r, 'prod', 'Kubernetes (EKS)')).toEqual({
      environment: 'prod',
      component: 'Kubernetes (EKS)',
      version: '1.35',
      status: 'supported',
      detail: 'standard support until 2027-03-27 (116 days left); extended support until 2028-03-27',
    });
  });

  test('the add-ons the tree installs, each against its upstream policy', () => {
    const r = report('2026-12-01');
    expect(r.entries.filter((e) => e.environment === 'prod').map((e) => `${e.component} ${e.version} ${e.status}`)).toEqual([
      'Kubernetes (EKS) 1.35 supported',
      'argocd chart 10.1.1 supported',
      'aws-load-balancer-controller chart 3.5.0 unknown',
      'crossplane chart 2.3.4 ending',
      'crossplane-provider-aws v2.6.0 unknown',
      'external-dns chart 1.21.1 unknown',
      'external-secrets chart 2.9.0 ending',
      'function-environment-configs v0.7.1 unknown',
      'function-patch-and-transform v0.10.8 unknown',
      'kubevela chart 1.10.9 unknown',
      'metrics-server chart 3.13.1 unknown',
      'prometheus-operator chart 88.3.0 unknown',
    ]);
    expect(entry(r, 'prod', 'crossplane')?.detail).toMatch(/^chart 2\.3\.4 = crossplane\/crossplane v2\.3\.4: supported until 2027-02-28 \(89 days left: plan the upgrade;/);
  });

  test('a version is near its end within the window, on its last day too, and past it the day after', () => {
    const org = withVersion('1.34');
    expect(entry(report('2026-09-03', org), 'prod', 'Kubernetes (EKS)')?.status).toBe('ending'); // 90 days before 2026-12-02
    expect(entry(report('2026-09-02', org), 'prod', 'Kubernetes (EKS)')?.status).toBe('supported');
    expect(entry(report('2026-09-02', org, 100), 'prod', 'Kubernetes (EKS)')?.status).toBe('ending');
    expect(entry(report('2026-12-02', org), 'prod', 'Kubernetes (EKS)')?.detail).toMatch(/\(0 days left: plan the upgrade\)/);
    expect(entry(report('2026-12-03', org), 'prod', 'Kubernetes (EKS)')).toMatchObject({
      status: 'ended',
      detail: 'standard support ended on 2026-12-02 (1 days ago): with upgrade policy STANDARD, AWS upgrades the control plane itself and Terraform drifts; upgrade to a newer version',
    });
  });

  test('the same inputs give the same report on any machine: the day is an input, never the clock', () => {
    expect(formatSupportReport(report('2027-06-01'))).toBe(formatSupportReport(report('2027-06-01')));
    expect(formatSupportReport(report('2027-06-01'))).toMatch(/\n4 past end of support, 2 near it, 2 supported, 16 unknown\n$/);
  });

  test('a chart the release table does not record is reported as unknown, not judged', () => {
    const argocd = tree.find((m) => m.file === 'prod/application-argocd.yaml')!;
    const older = {
      file: argocd.file,
      object: { ...argocd.object, spec: { ...(argocd.object.spec as object), source: { ...(argocd.object.spec as { source: object }).source, targetRevision: '9.4.2' } } },
    };
    const r = supportReport(definition.org, [older], releases, { on: '2026-12-01' });
    expect(entry(r, 'prod', 'argocd')).toMatchObject({
      version: 'chart 9.4.2',
      status: 'unknown',
      detail: 'not the release the table records (argoproj/argo-cd v3.4.4): its support is not known here',
    });
  });

  test('refuses a day that is not YYYY-MM-DD', () => {
    expect(() => report('1/12/2026')).toThrow('--on = "1/12/2026" is not allowed: a day as YYYY-MM-DD');
  });
});

describe('paved support (as a process)', () => {
  const definitionArgs = ['--definition', path.join(ROOT, 'dist', 'platform', 'k8s.js')];

  test('prints the report and exits 0 even when something has ended: CI passes on any day', () => {
    const r = paved(['support', ...definitionArgs, '--on', '2027-04-01']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ENDED    prod: Kubernetes (EKS) 1.35: standard support ended on 2027-03-27 (5 days ago)');
  });

  test('--strict exits 1 when something is past its end of support, 0 when nothing is', () => {
    expect(paved(['support', ...definitionArgs, '--on', '2027-04-01', '--strict']).code).toBe(1);
    expect(paved(['support', ...definitionArgs, '--on', '2026-12-01', '--strict']).code).toBe(0);
  });

  test('bad options exit 1 with the option named', () => {
    const r = paved(['support', ...definitionArgs, '--within', 'soon']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--within = "soon" is not allowed: a whole number of days, 0 or more');
    expect(paved(['support', ...definitionArgs, '--on', 'tomorrow']).stderr).toContain('--on = "tomorrow" is not allowed');
  });
});
