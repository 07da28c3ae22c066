/**
 * Which upstream release paved validates against, and where its files come from.
 *
 * One table: for each upstream project, the release tag the schema catalog is
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

/** The Helm chart that installs a release. */
export interface ReleaseChart {
  /** The Helm repository. */
  readonly repoURL: string;
  /** The chart's name in it. */
  readonly name: string;
  /** The chart version that installs this release. */
  readonly version: string;
  /** The chart's appVersion (the release it deploys). */
  readonly appVersion: string;
  /**
   * Where the chart's `values.schema.json` is, when it has one: the commit of
   * the chart's tag and the file's path (Helm checks values against it).
   */
  readonly valuesSchema?: { readonly commit: string; readonly path: string };
}

/** An upstream project at one release tag. */
export interface UpstreamRelease {
  /** Short name, also the project's folder in a mirror. */
  readonly project: string;
  /** `owner/name` on GitHub. */
  readonly repo: string;
  /** The release tag. */
  readonly tag: string;
  /**
   * The commit the tag names: every file of the release is read at this
   * commit. Absent for a release paved reads no file of (only its chart).
   */
  readonly commit?: string;
  /** The day of the tag's commit (`YYYY-MM-DD`). */
  readonly date: string;
  /** The Helm chart that installs this release, when upstream publishes one. */
  readonly chart?: ReleaseChart;
  /**
   * Crossplane packages built from this release (OCI references without a
   * tag; the tag is the release tag).
   */
  readonly packages?: readonly string[];
  /** The newest stable tag upstream had on {@link UPSTREAM_TAGS_AS_OF}. */
  readonly newestStableTag: string;
  /** What upstream says about how long a release is supported, where it says so. */
  readonly support?: ReleaseSupport;
  /**
   * Where the tag and chart were checked, for a release the CRD mirror does
   * not record (its versions.json then cannot confirm it).
   * @default - the mirror's versions.json confirms it
   */
  readonly evidence?: string;
}

/** An upstream project's published support policy for its releases. */
export interface ReleaseSupport {
  /** The policy, in a sentence. */
  readonly policy: string;
  /** Where upstream publishes it. */
  readonly source: string;
  /** How many of the newest minor releases upstream supports (patches), when the policy counts minors. */
  readonly newestMinors?: number;
  /** The last day this release's minor is supported (`YYYY-MM-DD`), when upstream gives a date. */
  readonly endOfSupport?: string;
}

/**
 * The day the newest upstream tags of the table were read (the newest of the
 * mirror's snapshots, see its SOURCES.md): a release newer than this is not
 * known here.
 */
export const UPSTREAM_TAGS_AS_OF = '2026-08-22';

/** The AWS services whose Crossplane providers the platform installs (see lib/org/identities.ts). */
const AWS_PROVIDER_SERVICES = ['rds', 's3'];

/**
 * The upstream releases, each at the newest stable tag that a published chart
 * (or package) installs. Dates and tags are upstream's; see the mirror's
 * SOURCES.md and versions.json.
 */
export const UPSTREAM_RELEASES: readonly UpstreamRelease[] = [
  {
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
  {
    project: 'external-secrets',
    repo: 'external-secrets/external-secrets',
    tag: 'v2.9.0',
    commit: '378bdb622ed9712ef4a58370f6a17af033b7d343',
    date: '2026-08-07',
    chart: {
      repoURL: 'https://charts.external-secrets.io',
      name: 'external-secrets',
      version: '2.9.0',
      appVersion: 'v2.9.0',
      // tag helm-chart-2.9.0
      valuesSchema: { commit: 'cc5bfbc2234ace9cb0caff4ea89c435cf517b27b', path: 'deploy/charts/external-secrets/values.schema.json' },
    },
    newestStableTag: 'v2.9.0',
    support: { policy: 'only the newest minor release gets patches', source: 'https://external-secrets.io/latest/introduction/stability-support/', newestMinors: 1 },
  },
  {
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
  {
    // the community build of the provider's source (the xpkg.upbound.io/upbound build keeps only its newest version pullable without a subscription)
    project: 'crossplane-provider-aws',
    repo: 'crossplane-contrib/provider-upjet-aws',
    tag: 'v2.6.0',
    commit: '857b535dd0eb9b8242ad9d7c4e54aaa3e4616d60',
    date: '2026-06-11',
    packages: AWS_PROVIDER_SERVICES.map((s) => `xpkg.crossplane.io/crossplane-contrib/provider-aws-${s}`),
    newestStableTag: 'v2.6.0',
  },
  {
    project: 'kubevela',
    repo: 'kubevela/kubevela',
    tag: 'v1.10.9',
    commit: '65dedda40a69cc1eccf4072a4c835e5b9f13334e',
    date: '2026-06-25',
    chart: { repoURL: 'https://kubevela.github.io/charts', name: 'vela-core', version: '1.10.9', appVersion: '1.10.9' },
    newestStableTag: 'v1.10.9',
  },
  {
    project: 'function-patch-and-transform',
    repo: 'crossplane-contrib/function-patch-and-transform',
    tag: 'v0.10.8',
    commit: '6b35ed851b91bb9d0e59e0bd98cdad06b045d873',
    date: '2026-07-27',
    packages: ['xpkg.crossplane.io/crossplane-contrib/function-patch-and-transform'],
    newestStableTag: 'v0.10.8',
  },
  {
    project: 'function-environment-configs',
    repo: 'crossplane-contrib/function-environment-configs',
    tag: 'v0.7.1',
    commit: '054a6b8d08ae3e0c957a0e75359b14f88340ca39',
    date: '2026-05-22',
    packages: ['xpkg.crossplane.io/crossplane-contrib/function-environment-configs'],
    newestStableTag: 'v0.7.1',
  },
  // schemas only, for now: paved does not install these yet (the load balancer controller's chart is installed; see above)
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
  {
    project: 'aws-load-balancer-controller',
    repo: 'kubernetes-sigs/aws-load-balancer-controller',
    tag: 'v3.5.0',
    commit: '11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4',
    date: '2026-08-03',
    chart: { repoURL: 'https://aws.github.io/eks-charts', name: 'aws-load-balancer-controller', version: '3.5.0', appVersion: 'v3.5.0' },
    newestStableTag: 'v3.5.0',
  },
  {
    // installed by its chart only (no CRD is read): the newest chart, 1.21.1, deploys v0.21.0 (no chart deploys v0.22.0 yet)
    project: 'external-dns',
    repo: 'kubernetes-sigs/external-dns',
    tag: 'v0.21.0',
    date: '2026-04-06',
    chart: {
      repoURL: 'https://kubernetes-sigs.github.io/external-dns',
      name: 'external-dns',
      version: '1.21.1',
      appVersion: '0.21.0',
      // tag external-dns-helm-chart-1.21.1
      valuesSchema: { commit: '9f26451346774099a8b3e3e5cc46a53bf2fd1461', path: 'charts/external-dns/values.schema.json' },
    },
    newestStableTag: 'v0.22.0',
  },
  {
    // installed by its chart only (no file is read); the HorizontalPodAutoscaler's source of CPU and memory use
    project: 'metrics-server',
    repo: 'kubernetes-sigs/metrics-server',
    tag: 'v0.8.1',
    date: '2026-06-11',
    chart: { repoURL: 'https://kubernetes-sigs.github.io/metrics-server', name: 'metrics-server', version: '3.13.1', appVersion: '0.8.1' },
    newestStableTag: 'v0.9.0',
    evidence: 'tags v0.8.1 and metrics-server-helm-chart-3.13.1 (2026-06-11, Chart.yaml version 3.13.1, appVersion 0.8.1) of kubernetes-sigs/metrics-server, read 2026-12-01; v0.9.0 has no chart yet',
  },
  {
    // the monitoring stack: the operator with Prometheus, Alertmanager, Grafana and kube-state-metrics, by one chart
    project: 'prometheus-operator',
    repo: 'prometheus-operator/prometheus-operator',
    tag: 'v0.93.0',
    commit: 'f8fafd475f3d132e239432ae6172de60a6cb6516',
    date: '2026-07-28',
    chart: { repoURL: 'https://prometheus-community.github.io/helm-charts', name: 'kube-prometheus-stack', version: '88.3.0', appVersion: 'v0.93.0' },
    newestStableTag: 'v0.93.0',
    evidence:
      'tag kube-prometheus-stack-88.3.0 of prometheus-community/helm-charts (2026-08-11, Chart.yaml version 88.3.0, appVersion v0.93.0, grafana subchart 12.10.4), read 2026-12-01; 88.4.0 and later install v0.93.1, whose CRDs the mirror does not hold',
  },
];

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
