import { ARGOCD_NAMESPACE } from '../org/identities';
import { declareAddOn } from './declaration';

/**
 * Argo CD, self-managed after the bootstrap installed it (the same chart, then
 * from Git). Its ApplicationSet CRD is 1.4 MB, so it syncs server-side. Its
 * values take the org's admin groups and application namespaces: built by
 * `ArgoCdAddOn` (lib/k8s/addons/argocd.ts).
 */
export const ARGOCD = declareAddOn({
  name: 'argocd',
  release: {
    // v3.5.1 is newer, but no argo-cd chart deploys a 3.5 release yet: the newest chart, 10.1.1, deploys v3.4.4
    project: 'argocd',
    repo: 'argoproj/argo-cd',
    tag: 'v3.4.4',
    commit: '443415b5527ac55366e0760c93ef0e1abd0cf273',
    date: '2026-06-18',
    chart: { repoURL: 'https://argoproj.github.io/argo-helm', name: 'argo-cd', version: '10.1.1', appVersion: 'v3.4.4' },
    newestStableTag: 'v3.5.1',
    support: { policy: 'the three newest minor releases get patches', source: 'https://argo-cd.readthedocs.io/en/stable/developer-guide/release-process-and-cadence/', newestMinors: 3 },
  },
  application: { namespace: ARGOCD_NAMESPACE, apiGroups: ['argoproj.io'], serverSideApply: true },
});
