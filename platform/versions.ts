/**
 * The add-ons' chart versions per environment: one typed table. Promoting a
 * version from staging to prod is a one-line change here, and `paved diff`
 * shows it as one changed field of one Application.
 *
 * Each chart pins the app version whose CRDs are in the schema catalog
 * (imports/schemas): Argo CD 3.x, External Secrets 2.x, Crossplane 2.x,
 * KubeVela 1.10+.
 */
export const ADD_ON_VERSIONS = {
  /** argo-cd chart (https://argoproj.github.io/argo-helm), Argo CD 3.x. */
  'argocd': { staging: '9.4.2', prod: '9.4.2' },
  /** external-secrets chart (https://charts.external-secrets.io), same as the app version. */
  'external-secrets': { staging: '2.9.0', prod: '2.8.3' },
  /** crossplane chart (https://charts.crossplane.io/stable), same as the app version. */
  'crossplane': { staging: '2.3.1', prod: '2.3.1' },
  /** vela-core chart (https://kubevela.github.io/charts), same as the app version. */
  'vela-core': { staging: '1.10.6', prod: '1.10.6' },
  /** Crossplane's AWS provider family (xpkg.upbound.io/upbound/provider-aws-*): the namespaced `.m.` kinds need v2. */
  'provider-aws': { staging: 'v2.6.0', prod: 'v2.6.0' },
  /** xpkg.upbound.io/crossplane-contrib/function-patch-and-transform. */
  'function-patch-and-transform': { staging: 'v0.9.0', prod: 'v0.9.0' },
  /** xpkg.upbound.io/crossplane-contrib/function-environment-configs. */
  'function-environment-configs': { staging: 'v0.4.0', prod: 'v0.4.0' },
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
