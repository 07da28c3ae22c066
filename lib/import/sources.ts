/**
 * Where the upstream files `npm run import` reads come from.
 *
 * `cdk8s.yaml` lists the CRDs as pinned upstream URLs; a local mirror holds the
 * same files under one folder per upstream repository (see the mirror's
 * SOURCES.md). This table maps one to the other, and lists the KubeVela
 * built-in definitions the platform vendors as data.
 */

/** An upstream repository pinned at one commit, and its folder in a mirror. */
export interface UpstreamRepo {
  /** `owner/name` on GitHub. */
  readonly repo: string;
  /** The pinned commit. */
  readonly commit: string;
  /** The folder that holds this repository's files in a mirror. */
  readonly mirrorFolder: string;
}

/** The upstream repositories, keyed by `owner/name`. */
export const UPSTREAM_REPOS: readonly UpstreamRepo[] = [
  { repo: 'argoproj/argo-cd', commit: '37ee0097cf851bc2dd7665fc081bbce61a7e836e', mirrorFolder: 'argocd' },
  { repo: 'external-secrets/external-secrets', commit: 'cc5bfbc2234ace9cb0caff4ea89c435cf517b27b', mirrorFolder: 'external-secrets' },
  { repo: 'crossplane/crossplane', commit: '2d040d2daf4e001799c4154a4a09b9e1f40d7fde', mirrorFolder: 'crossplane' },
  { repo: 'crossplane-contrib/provider-upjet-aws', commit: '75a4c57162d00616f8fb480f9153df5fa55b5a26', mirrorFolder: 'crossplane-provider-aws' },
  { repo: 'kubevela/kubevela', commit: '5a44b5f10c59f80a4fcd1990f59e024856c78cd8', mirrorFolder: 'kubevela' },
];

/** The KubeVela repository the built-in definitions come from. */
export const KUBEVELA_REPO = 'kubevela/kubevela';

/**
 * KubeVela built-in definitions the platform uses (vela-core installs them into
 * `vela-system`). Only these may appear as component or trait types in the tree.
 */
export const KUBEVELA_DEFINITIONS: readonly string[] = [
  // components
  'webservice',
  'worker',
  'task',
  'cron-task',
  // traits
  'gateway',
  'scaler',
  'cpuscaler',
  'hpa',
  'labels',
  'annotations',
  'env',
  'expose',
  'resource',
  'securitycontext',
  'podsecuritycontext',
  'service-account',
  'storage',
  'sidecar',
  'init-container',
  'startup-probe',
  'topologyspreadconstraints',
  'affinity',
  'lifecycle',
];

/** Upstream path of a built-in definition rendered as YAML by the vela-core chart. */
export function definitionYamlPath(name: string): string {
  return `charts/vela-core/templates/defwithtemplate/${name}.yaml`;
}

/** The namespace vela-core installs its definitions into. */
export const VELA_SYSTEM_NAMESPACE = 'vela-system';
