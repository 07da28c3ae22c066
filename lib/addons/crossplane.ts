import { CROSSPLANE_NAMESPACE } from '../org/identities';
import { declareAddOn } from './declaration';

/** Crossplane (v2): composite resources, compositions and the package manager for providers and functions. */
export const CROSSPLANE = declareAddOn({
  name: 'crossplane',
  release: {
    project: 'crossplane',
    repo: 'crossplane/crossplane',
    tag: 'v2.3.4',
    commit: 'c2670a735103660d7f436585447f2071bc1de973',
    date: '2026-07-22',
    chart: { repoURL: 'https://charts.crossplane.io/stable', name: 'crossplane', version: '2.3.4', appVersion: '2.3.4' },
    newestStableTag: 'v2.3.4',
    support: {
      policy: 'each minor release is maintained until its published end of life (v2.3: February 2027)',
      source: 'https://github.com/crossplane/crossplane#releases',
      endOfSupport: '2027-02-28',
    },
  },
  application: {
    namespace: CROSSPLANE_NAMESPACE,
    apiGroups: ['apiextensions.crossplane.io', 'pkg.crossplane.io', 'protection.crossplane.io', 'ops.crossplane.io'],
    serverSideApply: true,
    values: () => ({ metrics: { enabled: true } }),
  },
});
