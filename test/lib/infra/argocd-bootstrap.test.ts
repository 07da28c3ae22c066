import { parse } from 'yaml';
import { ArgoCdBootstrap, ARGO_CD_CHART_VERSION } from '../../../lib/infra/argocd-bootstrap';
import { Cluster } from '../../../lib/infra/cluster';
import { Network } from '../../../lib/infra/network';
import { NodeGroups } from '../../../lib/infra/node-groups';
import type { ClusterMetadata } from '../../../lib/org/cluster-metadata';
import { CLUSTER_METADATA_ANNOTATIONS, clusterMetadataAnnotations } from '../../../lib/org/cluster-metadata';
import type { SynthJson } from './infra-util';
import { INFRA_ORG_PROPS, errorOf, orgAndEnv, resourceOf, resourcesOf, testStack } from './infra-util';

const METADATA: ClusterMetadata = {
  environment: 'staging',
  clusterName: 'test-staging',
  awsAccountId: '111111111111',
  awsRegion: 'eu-west-1',
  vpcId: 'vpc-1',
  privateSubnetIds: 'subnet-1,subnet-2',
  oidcIssuerUrl: 'https://oidc.example',
  crossplaneRoleArn: 'arn:aws:iam::111111111111:role/x',
  databaseSecurityGroupId: 'sg-1',
  databaseSubnetGroupName: 'db',
};

function bootstrap(props: { argoCdChartVersion?: string; argocdAppsChartVersion?: string } = {}, orgProps = INFRA_ORG_PROPS) {
  const { org, env } = orgAndEnv('staging', orgProps);
  const { stack, synth } = testStack();
  const network = new Network(stack, 'network', { environment: env });
  const cluster = new Cluster(stack, 'cluster', { org, environment: env, network });
  const nodes = new NodeGroups(stack, 'nodes', { environment: env, cluster, network });
  const build = () => new ArgoCdBootstrap(stack, 'argocd', { org, environment: env, cluster, nodes, metadata: METADATA, ...props });
  return { build, synth };
}

function releaseNamed(json: SynthJson, name: string): [string, Record<string, any>] {
  const found = Object.entries(resourcesOf(json, 'helm_release')).filter(([, r]) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one release ${name}`);
  return found[0];
}

/** The default bootstrap, synthesized once for the tests that only read it. */
let defaultBuild: ReturnType<typeof buildDefault> | undefined;
function built() {
  defaultBuild ??= buildDefault();
  return defaultBuild;
}

function buildDefault() {
  const { build, synth } = bootstrap();
  build();
  const json = synth();
  const releases = Object.values(resourcesOf(json, 'helm_release'));
  const release = (chart: string) => {
    const found = releases.filter((r) => r.chart === chart);
    if (found.length !== 1) throw new Error(`expected one release of ${chart}`);
    return found[0];
  };
  return { json, release };
}

describe('ArgoCdBootstrap', () => {
  test("installs Argo CD from the pinned argo-cd chart, after the nodes and the admins' access exist", () => {
    const { json, release } = built();
    const argo = release('argo-cd');
    expect(argo).toMatchObject({ name: 'argocd', namespace: 'argocd', create_namespace: true, repository: 'https://argoproj.github.io/argo-helm', version: ARGO_CD_CHART_VERSION, atomic: true });
    expect(ARGO_CD_CHART_VERSION).toBe('10.1.1');
    const [nodeGroup] = Object.keys(resourcesOf(json, 'aws_eks_node_group'));
    const [association] = Object.keys(resourcesOf(json, 'aws_eks_access_policy_association'));
    expect(argo.depends_on).toEqual([`aws_eks_access_policy_association.${association}`, `aws_eks_node_group.${nodeGroup}`]);
  });

  test("installs Argo CD once and leaves its version and values to the GitOps tree's own argocd Application", () => {
    const argo = built().release('argo-cd');
    expect(argo.lifecycle).toEqual({ ignore_changes: ['version', 'values'] });
    expect(argo.values).toBeUndefined();
  });

  test('installs the chart version it is given', () => {
    const { build, synth } = bootstrap({ argoCdChartVersion: '9.5.22' });
    build();
    expect(Object.values(resourcesOf(synth(), 'helm_release')).find((r) => r.chart === 'argo-cd')?.version).toBe('9.5.22');
  });

  test("creates the one root Application: the environment's folder of the published branch (never the source's), not recursive, synced automatically", () => {
    const { json } = built();
    const [rootId, root] = releaseNamed(json, 'argocd-root');
    expect(root).toMatchObject({ namespace: 'argocd', chart: 'argocd-apps', version: '2.0.5', repository: 'https://argoproj.github.io/argo-helm' });
    expect(root.lifecycle).toBeUndefined();
    const values = parse(root.values[0]);
    expect(Object.keys(values)).toEqual(['applications']);
    expect(Object.keys(values.applications)).toEqual(['root']);
    expect(values.applications.root).toEqual({
      namespace: 'argocd',
      project: 'platform',
      // the org's source branch is v1; Argo CD follows what paved publish wrote there once every check passed
      source: { repoURL: 'https://github.com/example/platform.git', targetRevision: 'published', path: 'deploy/gitops/staging', directory: { recurse: false, include: '*.yaml' } },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['PrunePropagationPolicy=foreground'],
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
      },
    });
    // after the project it belongs to and the cluster metadata it hands on
    const [projectId] = releaseNamed(json, 'argocd-platform-project');
    const [secretId] = Object.keys(resourcesOf(json, 'kubernetes_secret_v1'));
    expect(root.depends_on).toEqual([`helm_release.${projectId}`, `kubernetes_secret_v1.${secretId}`]);
    expect(rootId).toMatch(/^argocd_root-application_/);
  });

  test('never prunes automatically in production: a person confirms deletions there', () => {
    const { org, env } = orgAndEnv('prod');
    const { stack, synth } = testStack();
    const network = new Network(stack, 'network', { environment: env });
    const cluster = new Cluster(stack, 'cluster', { org, environment: env, network });
    const nodes = new NodeGroups(stack, 'nodes', { environment: env, cluster, network });
    new ArgoCdBootstrap(stack, 'argocd', { org, environment: env, cluster, nodes, metadata: METADATA });
    const [, root] = releaseNamed(synth(), 'argocd-root');
    expect(parse(root.values[0]).applications.root.syncPolicy.automated).toEqual({ prune: false, selfHeal: true });
  });

  test('seeds the platform project once, just wide enough for the root Application, and leaves it to the GitOps tree', () => {
    const { json } = built();
    const [, project] = releaseNamed(json, 'argocd-platform-project');
    expect(project.lifecycle).toEqual({ ignore_changes: 'all' });
    const values = parse(project.values[0]);
    expect(Object.keys(values)).toEqual(['projects']);
    expect(values.projects.platform).toMatchObject({
      namespace: 'argocd',
      sourceRepos: ['https://github.com/example/platform.git'],
      destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'argocd' }],
      clusterResourceWhitelist: [],
    });
  });

  test('writes the in-cluster cluster Secret: cluster labels, the metadata as annotations, no secret values', () => {
    const secret = resourceOf(built().json, 'kubernetes_secret_v1');
    expect(secret.metadata).toEqual({
      name: 'in-cluster',
      namespace: 'argocd',
      labels: { 'argocd.argoproj.io/secret-type': 'cluster', 'paved.dev/environment': 'staging' },
      annotations: clusterMetadataAnnotations(METADATA),
    });
    expect(Object.keys(secret.metadata.annotations).sort()).toEqual(Object.values(CLUSTER_METADATA_ANNOTATIONS).sort());
    expect(secret.data).toEqual({ name: 'in-cluster', server: 'https://kubernetes.default.svc', config: '{"tlsClientConfig":{"insecure":false}}' });
  });

  test("seeds a private repository's Secret once from Secrets Manager, before the root Application, without its value in the JSON", () => {
    const { build, synth } = bootstrap({}, { ...INFRA_ORG_PROPS, gitops: { ...INFRA_ORG_PROPS.gitops, credentialsSecret: 'platform/gitops' } });
    build();
    const json = synth();
    const [versionId, version] = Object.entries(json.data?.aws_secretsmanager_secret_version ?? {})[0];
    expect(version).toEqual({ secret_id: 'platform/gitops' });
    const [repoId, repo] = Object.entries(resourcesOf(json, 'kubernetes_secret_v1')).find(([, k]) => k.metadata.name === 'gitops-repository') ?? [];
    expect(repo).toMatchObject({
      metadata: { name: 'gitops-repository', namespace: 'argocd', labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
      data: {
        type: 'git',
        url: 'https://github.com/example/platform.git',
        username: `\${jsondecode(data.aws_secretsmanager_secret_version.${versionId}.secret_string).username}`,
        password: `\${jsondecode(data.aws_secretsmanager_secret_version.${versionId}.secret_string).password}`,
      },
      lifecycle: { ignore_changes: 'all' },
    });
    expect(releaseNamed(json, 'argocd-root')[1].depends_on).toContain(`kubernetes_secret_v1.${repoId}`);
  });

  test('follows, allows and reads with credentials the repository and branch the org publishes to, when it is another repository', () => {
    const gitops = { ...INFRA_ORG_PROPS.gitops, credentialsSecret: 'platform/gitops', publish: { repoURL: 'https://github.com/example/deploy.git', branch: 'clusters' } };
    const { build, synth } = bootstrap({}, { ...INFRA_ORG_PROPS, gitops });
    build();
    const json = synth();
    const root = parse(releaseNamed(json, 'argocd-root')[1].values[0]).applications.root;
    expect(root.source).toMatchObject({ repoURL: 'https://github.com/example/deploy.git', targetRevision: 'clusters', path: 'deploy/gitops/staging' });
    expect(parse(releaseNamed(json, 'argocd-platform-project')[1].values[0]).projects.platform.sourceRepos).toEqual(['https://github.com/example/deploy.git']);
    const repo = Object.values(resourcesOf(json, 'kubernetes_secret_v1')).find((k) => k.metadata.name === 'gitops-repository');
    expect(repo?.data.url).toBe('https://github.com/example/deploy.git');
  });

  test('seeds no repository Secret for a public repository', () => {
    const { json } = built();
    expect(json.data?.aws_secretsmanager_secret_version).toBeUndefined();
    expect(Object.values(resourcesOf(json, 'kubernetes_secret_v1')).map((k) => k.metadata.name)).toEqual(['in-cluster']);
  });

  test("talks to the cluster with a short-lived token of the caller's identity, never a stored credential", () => {
    const { json } = built();
    const [eks] = Object.keys(resourcesOf(json, 'aws_eks_cluster'));
    const [auth] = Object.entries(json.data?.aws_eks_cluster_auth ?? {});
    expect(auth[1]).toEqual({ name: `\${aws_eks_cluster.${eks}.name}` });
    const connection = {
      host: `\${aws_eks_cluster.${eks}.endpoint}`,
      cluster_ca_certificate: `\${base64decode(aws_eks_cluster.${eks}.certificate_authority[0].data)}`,
      token: `\${data.aws_eks_cluster_auth.${auth[0]}.token}`,
    };
    expect(json.provider?.helm).toEqual([{ kubernetes: connection }]);
    expect(json.provider?.kubernetes).toEqual([connection]);
  });

  test('fails on chart versions that are not exact', () => {
    const { build } = bootstrap({ argoCdChartVersion: '^10.0.0', argocdAppsChartVersion: 'latest' });
    expect(errorOf(build).split('\n')).toEqual([
      'test/argocd: argoCdChartVersion = "^10.0.0" is not allowed: an exact chart version such as "10.1.1" (no ranges: the install must be reproducible)',
      'test/argocd: argocdAppsChartVersion = "latest" is not allowed: an exact chart version such as "2.0.5"',
    ]);
  });
});
