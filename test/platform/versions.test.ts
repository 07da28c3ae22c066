import { ARGO_CD_CHART_VERSION } from '../../lib/infra/argocd-bootstrap';
import { SchemaCatalog } from '../../lib';
import { CROSSPLANE_CONTRIB_REGISTRY } from '../../lib/crossplane/aws-provider';
import { ADD_ON_VERSIONS } from '../../platform/versions';

const releases = SchemaCatalog.bundled().releases;
const chartOf = (project: string) => releases.find((r) => r.project === project)?.chart?.version;
const tagOf = (project: string) => releases.find((r) => r.project === project)?.tag;

describe('the version table pins, in every environment, the release whose schemas the catalog holds', () => {
  test.each([
    ['argocd', 'argocd'],
    ['external-secrets', 'external-secrets'],
    ['crossplane', 'crossplane'],
    ['vela-core', 'kubevela'],
  ] as const)("chart %s = the %s release's chart", (addOn, project) => {
    expect(chartOf(project)).toBeDefined();
    expect(Object.values(ADD_ON_VERSIONS[addOn])).toEqual(Object.values(ADD_ON_VERSIONS[addOn]).map(() => chartOf(project)));
  });

  test.each([
    ['provider-aws', 'crossplane-provider-aws'],
    ['function-patch-and-transform', 'function-patch-and-transform'],
    ['function-environment-configs', 'function-environment-configs'],
  ] as const)("package %s = the %s release's tag, from the registry the release publishes to", (addOn, project) => {
    expect(Object.values(ADD_ON_VERSIONS[addOn])).toEqual(Object.values(ADD_ON_VERSIONS[addOn]).map(() => tagOf(project)));
    for (const p of releases.find((r) => r.project === project)?.packages ?? []) expect(p.startsWith(`${CROSSPLANE_CONTRIB_REGISTRY}/`)).toBe(true);
  });

  test('the cloud side bootstraps the same Argo CD chart the GitOps tree then manages', () => {
    expect(ARGO_CD_CHART_VERSION).toBe(chartOf('argocd'));
  });
});
