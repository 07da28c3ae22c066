/**
 * Which upstream release paved validates against, and where its files come from.
 *
 * One table: for each upstream project (each registered add-on's, declared
 * in lib/addons/, and a few read for their schemas only), the release tag the schema catalog is
 * built from (its CRDs, and KubeVela's built-in definitions), the commit that
 * tag names, and what installs that release (a Helm chart, or Crossplane
 * packages). `npm run import` records it in the catalog's index, and
 * `paved validate` warns when a tree installs another version than the one
 * whose schemas it was checked against (see lib/validate/releases.ts).
 *
 * `cdk8s.yaml` lists the CRDs paved constructs (typed bindings + schemas), as
 * URLs pinned to these commits; {@link SCHEMA_ONLY_CRDS} lists the CRDs that
 * enter the schema catalog only. A local mirror holds the same files under one
 * folder per project (see the mirror's SOURCES.md).
 */

import { ADD_ONS } from '../addons/registry';
import type { UpstreamRelease } from '../addons/declaration';

export type { ReleaseChart, ReleaseSupport, UpstreamRelease } from '../addons/declaration';

/**
 * The day the newest upstream tags of the table were read (the newest of the
 * mirror's snapshots, see its SOURCES.md): a release newer than this is not
 * known here.
 */
export const UPSTREAM_TAGS_AS_OF = '2026-08-22';

/**
 * Releases whose schemas enter the catalog though paved installs no add-on of
 * them (yet).
 */
const SCHEMA_ONLY_RELEASES: readonly UpstreamRelease[] = [
  { project: 'gateway-api', repo: 'kubernetes-sigs/gateway-api', tag: 'v1.6.1', commit: '8bb74df00e56ec8f944d48c25e6c1c9c2f6848e3', date: '2026-07-16', newestStableTag: 'v1.6.1' },
  {
    project: 'cert-manager',
    repo: 'cert-manager/cert-manager',
    tag: 'v1.21.1',
    commit: '24e33194fb39488eff2bbf10c6dc640f407cad44',
    date: '2026-07-29',
    chart: { repoURL: 'https://charts.jetstack.io', name: 'cert-manager', version: 'v1.21.1', appVersion: 'v1.21.1' },
    newestStableTag: 'v1.21.1',
  },
];

/**
 * The upstream releases, each at the newest stable tag that a published chart
 * (or package) installs: every registered add-on's (lib/addons/), then those
 * read for their schemas only. Dates and tags are upstream's; see the mirror's
 * SOURCES.md and versions.json.
 */
export const UPSTREAM_RELEASES: readonly UpstreamRelease[] = [...ADD_ONS.map((a) => a.release), ...SCHEMA_ONLY_RELEASES];

/** The release of a project; fails for a project the table lacks. */
export function upstreamRelease(project: string): UpstreamRelease {
  const release = UPSTREAM_RELEASES.find((r) => r.project === project);
  if (!release) throw new Error(`no upstream release named ${project} (known: ${UPSTREAM_RELEASES.map((r) => r.project).join(', ')})`);
  return release;
}

/** A raw GitHub URL of a file of a project's release. */
export function releaseFileUrl(project: string, filePath: string): string {
  const r = upstreamRelease(project);
  if (r.commit === undefined) throw new Error(`release ${project} names no commit to read ${filePath} at`);
  return `https://raw.githubusercontent.com/${r.repo}/${r.commit}/${filePath}`;
}

/**
 * CRDs that enter the schema catalog without typed bindings: kinds paved does
 * not construct (yet) but checks wherever a tree has them, such as the S3
 * configuration kinds ObjectBucket composes.
 */
export const SCHEMA_ONLY_CRDS: readonly string[] = [
  ...['bucketpublicaccessblocks', 'bucketserversideencryptionconfigurations', 'bucketversionings'].map((p) => releaseFileUrl('crossplane-provider-aws', `package/crds/s3.aws.m.upbound.io_${p}.yaml`)),
  ...['gatewayclasses', 'gateways', 'httproutes', 'grpcroutes', 'referencegrants', 'backendtlspolicies'].map((p) =>
    releaseFileUrl('gateway-api', `config/crd/standard/gateway.networking.k8s.io_${p}.yaml`),
  ),
  ...[
    'cert-manager.io_certificates',
    'cert-manager.io_certificaterequests',
    'cert-manager.io_issuers',
    'cert-manager.io_clusterissuers',
    'acme.cert-manager.io_orders',
    'acme.cert-manager.io_challenges',
  ].map((f) => releaseFileUrl('cert-manager', `deploy/crds/${f}.yaml`)),
  ...[
    'bases/elbv2.k8s.aws_targetgroupbindings',
    'bases/elbv2.k8s.aws_albtargetcontrolconfigs',
    'gateway/gateway.k8s.aws_loadbalancerconfigurations',
    'gateway/gateway.k8s.aws_targetgroupconfigurations',
    'gateway/gateway.k8s.aws_listenerruleconfigurations',
  ].map((f) => releaseFileUrl('aws-load-balancer-controller', `config/crd/${f}.yaml`)),
  ...['podmonitors'].map((p) => releaseFileUrl('prometheus-operator', `example/prometheus-operator-crd/monitoring.coreos.com_${p}.yaml`)),
];

/** The project KubeVela's built-in definitions come from. */
export const KUBEVELA_PROJECT = 'kubevela';

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
  // workflow steps
  'apply-component',
];

/** Upstream path of a built-in definition rendered as YAML by the vela-core chart. */
export function definitionYamlPath(name: string): string {
  return `charts/vela-core/templates/defwithtemplate/${name}.yaml`;
}

export { VELA_SYSTEM_NAMESPACE } from '../definitions/namespace';
