/**
 * The add-ons' chart and package versions per environment: one typed table.
 * Promoting a version from staging to prod is a one-line change here, and
 * `paved diff` shows it as one changed field of one Application.
 *
 * Each version is the upstream release whose CRDs (and KubeVela definitions)
 * the schema catalog holds: the release table in lib/import/sources.ts, from
 * which `npm run import` builds imports/. `paved validate` warns ([release])
 * wherever a tree installs another version than the catalog's, and a test
 * holds this table to the catalog. To upgrade: change the release there, run
 * `npm run import`, then change the version here.
 */
export const ADD_ON_VERSIONS = {
  /** argo-cd chart (https://argoproj.github.io/argo-helm): 10.1.1 installs Argo CD v3.4.4 (3.4 is supported while 3.5 and 3.6 are the only newer minors). */
  argocd: { staging: '10.1.1', prod: '10.1.1' },
  /** external-secrets chart (https://charts.external-secrets.io), same as the app version: ESO supports only its newest minor, 2.9. */
  'external-secrets': { staging: '2.9.0', prod: '2.9.0' },
  /** crossplane chart (https://charts.crossplane.io/stable), same as the app version. */
  crossplane: { staging: '2.3.4', prod: '2.3.4' },
  /** vela-core chart (https://kubevela.github.io/charts), same as the app version. */
  'vela-core': { staging: '1.10.9', prod: '1.10.9' },
  /** Crossplane's AWS providers, community build (xpkg.crossplane.io/crossplane-contrib/provider-aws-*): the namespaced `.m.` kinds need v2. */
  'provider-aws': { staging: 'v2.6.0', prod: 'v2.6.0' },
  /** xpkg.crossplane.io/crossplane-contrib/function-patch-and-transform. */
  'function-patch-and-transform': { staging: 'v0.10.8', prod: 'v0.10.8' },
  /** aws-load-balancer-controller chart (https://aws.github.io/eks-charts): 3.5.0 installs v3.5.0, the environment's shared load balancer. */
  'aws-load-balancer-controller': { staging: '3.5.0', prod: '3.5.0' },
  /** external-dns chart (https://kubernetes-sigs.github.io/external-dns): 1.21.1 installs v0.21.0 (no chart installs v0.22.0 yet). */
  'external-dns': { staging: '1.21.1', prod: '1.21.1' },
  /** metrics-server chart (https://kubernetes-sigs.github.io/metrics-server): 3.13.1 installs v0.8.1, the autoscalers' metrics. */
  'metrics-server': { staging: '3.13.1', prod: '3.13.1' },
  /** kube-prometheus-stack chart (https://prometheus-community.github.io/helm-charts): 88.3.0 installs the Prometheus Operator v0.93.0, Prometheus, Alertmanager and Grafana. */
  'kube-prometheus-stack': { staging: '88.3.0', prod: '88.3.0' },
  /** xpkg.crossplane.io/crossplane-contrib/function-environment-configs. */
  'function-environment-configs': { staging: 'v0.7.1', prod: 'v0.7.1' },
} as const satisfies Record<string, Record<'staging' | 'prod', string>>;

/** An add-on of the table. */
export type AddOnName = keyof typeof ADD_ON_VERSIONS;

/** The pinned version of an add-on in an environment; fails for an environment the table lacks. */
export function addOnVersion(addOn: AddOnName, environment: string): string {
  const versions: Readonly<Record<string, string>> = ADD_ON_VERSIONS[addOn];
  const version = versions[environment];
  if (version === undefined) {
    throw new Error(`platform/versions.ts: add-on ${addOn} has no version for environment ${environment} (it has ${Object.keys(versions).join(', ')})`);
  }
  return version;
}
