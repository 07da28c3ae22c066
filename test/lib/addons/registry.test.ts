import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ADD_ONS, AddOn, DeclaredAddOn, addDeclaredAddOns, addOnNamed, addOnSpec, platformNamespacesIn, pinnedVersion } from '../../../lib';
import { UPSTREAM_RELEASES } from '../../../lib/import/sources';
import { org } from '../../../platform/org';
import { ROOT } from '../../cli-util';
import { findObject, objectsOf, teamScopes } from '../../util';

const GITOPS = path.join(ROOT, 'gitops');

/** The add-on Applications of an environment's committed tree (labelled paved.dev/add-on). */
function addOnApplications(env: string): { name: string; namespace: string; chart: string; version: string }[] {
  return fs
    .readdirSync(path.join(GITOPS, env))
    .filter((f) => f.startsWith('application-'))
    .map((f) => parse(fs.readFileSync(path.join(GITOPS, env, f), 'utf8')))
    .filter((a) => a.metadata.labels?.['paved.dev/add-on'] !== undefined)
    .map((a) => ({ name: a.metadata.name, namespace: a.spec.destination.namespace, chart: a.spec.source.chart, version: a.spec.source.targetRevision }));
}

describe('the registry of add-ons', () => {
  test('names each add-on once', () => {
    const names = ADD_ONS.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
  });

  test.each(org.environments.map((e) => [e.name, e] as const))('lists every add-on the %s tree installs, with its chart, namespace and pinned version', (name, env) => {
    const installed = addOnApplications(name);
    expect(installed.length).toBeGreaterThan(0);
    for (const app of installed) {
      const declared = addOnNamed(app.name);
      expect(declared.release.chart?.name).toBe(app.chart);
      expect(app.version).toBe(pinnedVersion(declared));
      expect(platformNamespacesIn(env)).toContain(app.namespace);
    }
    // and every registered Helm add-on the environment runs is installed there
    const helm = ADD_ONS.filter((a) => a.application !== undefined && (a.when?.(env) ?? true)).map((a) => a.name);
    expect(installed.map((a) => a.name).sort()).toEqual([...helm].sort());
  });

  test("gives the platform's namespaces in the registry's order, an environment's ingress and monitoring namespaces included", () => {
    const env = org.environments[0];
    const expected = ['argocd', 'external-secrets', 'crossplane-system', 'vela-system', 'external-dns', 'metrics-server', env.ingressNamespace, 'monitoring'];
    expect(platformNamespacesIn(env).filter((n) => expected.includes(n))).toEqual(expected);
    expect(new Set(platformNamespacesIn(env)).size).toBe(platformNamespacesIn(env).length);
  });

  test("gives the release table every registered add-on's release, so the catalog holds its CRDs", () => {
    for (const a of ADD_ONS) expect(UPSTREAM_RELEASES).toContain(a.release);
  });

  test('fails for a name it lacks, naming those it has', () => {
    expect(() => addOnNamed('cert-manager')).toThrow(/^no add-on named cert-manager \(registered: argocd, external-secrets, /);
  });
});

describe('DeclaredAddOn', () => {
  test("is the declaration's chart, namespace, values and version, as an add-on Application", () => {
    const { platform } = teamScopes('prod');
    const addOn = new DeclaredAddOn(platform, 'MetricsServer', { declaration: addOnNamed('metrics-server'), version: '3.13.1' });
    const app = findObject(objectsOf(addOn), 'Application', 'metrics-server');
    expect(app.spec.destination.namespace).toBe('metrics-server');
    expect(app.spec.source).toMatchObject({ repoURL: 'https://kubernetes-sigs.github.io/metrics-server', chart: 'metrics-server', targetRevision: '3.13.1' });
    expect(app.spec.source.helm.valuesObject.replicas).toBe(2);
  });

  test('addDeclaredAddOns builds, in the registry order, the declared add-ons an environment does not have yet', () => {
    const { platform } = teamScopes('prod');
    new DeclaredAddOn(platform, 'Crossplane', { declaration: addOnNamed('crossplane'), version: '2.3.4' });
    const built = addDeclaredAddOns(platform, (name) => pinnedVersion(addOnNamed(name)));
    const declared = ADD_ONS.filter((a) => a.application?.values !== undefined && a.name !== 'crossplane').map((a) => a.name);
    expect(built.map((a) => a.spec.name)).toEqual(declared);
    expect(declared).toEqual(expect.arrayContaining(['external-secrets', 'vela-core', 'external-dns', 'metrics-server', 'aws-load-balancer-controller']));
    expect(platform.node.findAll().filter((c) => c instanceof AddOn && c.spec.name === 'crossplane')).toHaveLength(1);
  });

  test('fails for an add-on no Helm chart installs', () => {
    const { platform } = teamScopes('prod');
    expect(() => addOnSpec(platform, addOnNamed('provider-aws'), 'v2.6.0')).toThrow(/add-on provider-aws is not installed by a Helm chart/);
  });

  test('fails for an add-on whose values its own class computes', () => {
    const { platform } = teamScopes('prod');
    expect(() => addOnSpec(platform, addOnNamed('argocd'), '10.1.1')).toThrow(/add-on argocd declares no values: build it with its own class/);
  });
});
