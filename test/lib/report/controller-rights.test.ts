import { CHART_CONTROLLER_RIGHTS, KUBEVELA_AUTH_VALUES, platformNamespacesOf } from '../../../lib';
import { org } from '../../../platform/org';
import { ADD_ON_VERSIONS } from '../../../platform/versions';

describe("the charts' controller rights recorded in paved", () => {
  test.each(CHART_CONTROLLER_RIGHTS.map((c) => [c.controller, c]))('%s: read from the chart version the example platform installs in every environment', (_, c) => {
    const versions: Record<string, string> = ADD_ON_VERSIONS[c.addOn as keyof typeof ADD_ON_VERSIONS];
    expect(Object.values(versions)).toEqual(Object.values(versions).map(() => c.chartVersion));
    expect(c.source).toContain(c.chartVersion.replace(/^v/, ''));
  });

  test("KubeVela's are those of its authentication variant, which paved installs: no cluster-admin, impersonation instead", () => {
    const vela = CHART_CONTROLLER_RIGHTS.find((c) => c.addOn === 'vela-core');
    expect(KUBEVELA_AUTH_VALUES.authentication.enabled).toBe(true);
    expect(vela?.source).toContain('authentication.enabled: true');
    expect(vela?.rules.find((r) => r.verbs.includes('impersonate'))?.resources).toEqual(['users', 'groups', 'serviceaccounts']);
  });

  test("every controller runs in one of the platform's namespaces, and no rule of a read-only controller writes", () => {
    for (const c of CHART_CONTROLLER_RIGHTS) expect(platformNamespacesOf(org)).toContain(c.serviceAccount.namespace);
    const dns = CHART_CONTROLLER_RIGHTS.find((c) => c.addOn === 'external-dns');
    expect(dns?.rules.flatMap((r) => r.verbs)).toEqual(['get', 'list', 'watch']);
  });
});
