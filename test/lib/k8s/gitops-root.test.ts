import { parse } from 'yaml';
import { AppConstruct, ArgoCdAddOn, ExternalSecretsAddOn, Org, RepositoryCredentials, SyncWave, buildGitOps, loadManifests } from '../../../lib';
import { ADD_ON_VERSIONS, addOnVersion } from '../../../platform/versions';
import { definition } from '../../../platform/k8s';
import * as path from 'path';
import { ORG_PROPS, findObject, minimalPlatform, objectsOf, teamScopes, exampleReleases } from '../../util';

/** The example org's tree, as objects with their files. */
const external = definition.org.teams.filter((t) => t.appsRepository).map((t) => t.name);
const proposed = loadManifests(path.join(__dirname, '..', '..', '..', 'gitops')).objects.filter((m) => external.includes(m.file.split('/')[2]) && m.file.split('/')[3] === 'apps');
const build = buildGitOps({ ...definition, releases: exampleReleases(), existing: proposed });
const tree = [
  ...[...build.files].filter(([f]) => f.endsWith('.yaml') && !f.startsWith('charts/')).map(([file, content]) => ({ file, object: parse(content) as Record<string, any> })),
  ...proposed.map((m) => ({ file: m.file, object: m.object as Record<string, any> })),
];
const argoApps = tree.filter((o) => o.object.apiVersion === 'argoproj.io/v1alpha1' && o.object.kind === 'Application');
const wave = (o: Record<string, any>) => Number(o.metadata.annotations['argocd.argoproj.io/sync-wave']);

describe('AddOn', () => {
  test('default output (snapshot)', () => {
    const { platform } = teamScopes();
    expect(objectsOf(new ExternalSecretsAddOn(platform, 'Eso', { version: '2.9.0' }))).toMatchSnapshot();
  });

  test("an add-on is a pinned Helm chart in the platform project, in the add-ons' wave, synced server-side, never pruned automatically", () => {
    const { platform } = teamScopes();
    const app = findObject(objectsOf(new ArgoCdAddOn(platform, 'Argo', { version: '10.1.1', adminGroups: ['admins'] })), 'Application', 'argocd');
    expect(app.spec.project).toBe('platform');
    expect(app.spec.source).toMatchObject({ repoURL: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', targetRevision: '10.1.1' });
    expect(app.spec.syncPolicy).toEqual({
      automated: { prune: false, selfHeal: true },
      retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
      syncOptions: ['CreateNamespace=false', 'PrunePropagationPolicy=foreground', 'PruneLast=true', 'ServerSideApply=true'],
    });
    expect(wave(app)).toBe(SyncWave.ADDONS);
    // self-managed Argo CD assesses child Applications' health, so waves wait for each other
    expect(Object.keys(app.spec.source.helm.valuesObject.configs.cm)).toContain('resource.customizations.health.argoproj.io_Application');
    expect(app.spec.source.helm.valuesObject.configs.rbac['policy.csv']).toBe('g, admins, role:admin');
  });
});

describe("the GitOps tree's entry points (example org)", () => {
  test('each environment has one root folder holding the platform project and every Application', () => {
    for (const env of ['staging', 'prod']) {
      const root = tree
        .filter((o) => o.file.startsWith(`${env}/`) && o.file.split('/').length === 2)
        // the previews' projects and ApplicationSets (staging only): test/lib/validate/preview-render.test.ts
        .filter((o) => o.object.metadata.labels?.['paved.dev/preview'] !== 'true' && !String(o.object.metadata.name).endsWith('-previews'))
        .map((o) => `${o.object.kind}/${o.object.metadata.name}`)
        .sort();
      expect(root).toEqual([
        'AppProject/platform',
        'Application/argocd',
        'Application/aws-load-balancer-controller',
        'Application/crossplane',
        'Application/external-dns',
        'Application/external-secrets',
        'Application/kube-prometheus-stack',
        'Application/metrics-server',
        'Application/platform-config',
        'Application/platform-namespaces',
        'Application/team-mobile-apps',
        'Application/team-mobile-tenant',
        'Application/team-payments-apps',
        'Application/team-payments-tenant',
        'Application/team-search-apps',
        'Application/team-search-tenant',
        'Application/vela-core',
        'ApplicationSet/cluster-metadata',
      ]);
    }
  });

  test("every Application's Git path is a folder of the tree, or it is a Helm chart pinned to one version", () => {
    const folders = new Set(
      tree.flatMap((o) =>
        o.file
          .split('/')
          .slice(0, -1)
          .map((_, i, p) => p.slice(0, i + 1).join('/')),
      ),
    );
    for (const { object } of argoApps) {
      const source = object.spec.source;
      if (source.chart) expect(source.targetRevision).toMatch(/^\d+\.\d+\.\d+$/);
      else expect(folders).toContain(source.path.replace(/^gitops\//, ''));
    }
  });

  test('every Argo CD source of the tree that reads Git follows the published branch, never main, the branch pull requests merge into', () => {
    const sets = tree.filter((o) => o.object.apiVersion === 'argoproj.io/v1alpha1' && o.object.kind === 'ApplicationSet');
    // a preview's apps follow the pull request's head (in the team's previews project, bounded by it, its deployer and admission): nothing else does
    const previewApps = sets.filter((o) => o.object.metadata.name.startsWith('preview-apps-'));
    expect(previewApps.map((o) => o.object.spec.template.spec.source.targetRevision)).toEqual(['{{ .head_sha }}', '{{ .head_sha }}', '{{ .head_sha }}']);
    expect(previewApps.map((o) => o.object.spec.template.spec.project)).toEqual(['mobile-previews', 'payments-previews', 'search-previews']);
    const gitSources = [...argoApps.map((o) => o.object.spec.source), ...sets.filter((o) => !previewApps.includes(o)).map((o) => o.object.spec.template.spec.source)].filter(
      (s) => s.chart === undefined,
    );
    expect(gitSources.length).toBeGreaterThanOrEqual(18);
    for (const source of gitSources) expect(source).toMatchObject({ repoURL: definition.org.gitops.publish.repoURL, targetRevision: 'published' });
    expect(definition.org.gitops.revision).toBe('main');
    // and no file of the tree names main as a revision
    expect(tree.filter((o) => JSON.stringify(o.object).includes('"targetRevision":"main"')).map((o) => o.file)).toEqual([]);
  });

  test('an org that publishes to another repository: every Git source, project and the repository credentials use it, and only it', () => {
    const org = new Org({ ...ORG_PROPS, gitops: { ...ORG_PROPS.gitops, credentialsSecret: 'platform/git', publish: { repoURL: 'https://github.com/example/deploy.git', branch: 'clusters' } } });
    const built = buildGitOps({
      org,
      apps: [{ team: 'payments', apps: [(scope) => new AppConstruct(scope, 'web', { team: scope.team, image: 'r.example.com/web:1.0.0', port: 8080 })] }],
      platform: minimalPlatform,
    });
    expect(built.errors).toEqual([]);
    const objects = [...built.files].filter(([f]) => f.endsWith('.yaml') && f.startsWith('prod/')).map(([, content]) => parse(content) as Record<string, any>);
    const applications = objects.filter((o) => o.kind === 'Application' && o.apiVersion === 'argoproj.io/v1alpha1' && o.spec.source.chart === undefined);
    expect(applications.map((a) => a.metadata.name).sort()).toEqual(['platform-config', 'platform-namespaces', 'team-payments-apps', 'team-payments-tenant', 'team-search-tenant']);
    for (const a of applications) expect(a.spec.source).toMatchObject({ repoURL: 'https://github.com/example/deploy.git', targetRevision: 'clusters' });
    for (const p of objects.filter((o) => o.kind === 'AppProject' && o.metadata.name !== 'default'))
      expect(p.spec.sourceRepos.filter((r: string) => r.includes('github.com'))).toEqual(['https://github.com/example/deploy.git']);
    expect(objects.find((o) => o.kind === 'ExternalSecret' && o.metadata.name === 'gitops-repository')?.spec.target.template.data.url).toBe('https://github.com/example/deploy.git');
  });

  test("every Application's project exists and allows its destination namespace and its source repository", () => {
    const projects = tree.filter((o) => o.object.kind === 'AppProject');
    for (const { file, object } of argoApps) {
      const env = file.split('/')[0];
      const project = projects.find((p) => p.file.startsWith(`${env}/`) && p.object.metadata.name === object.spec.project)?.object;
      expect(project).toBeDefined();
      expect(project?.spec.destinations.map((d: { namespace: string }) => d.namespace)).toContain(object.spec.destination.namespace);
      expect(project?.spec.sourceRepos).toContain(object.spec.source.repoURL);
    }
    expect(build.validation?.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('no team Application runs in the platform or the default project', () => {
    const teamApps = argoApps.filter((o) => o.object.metadata.name.endsWith('-apps'));
    expect(teamApps.length).toBe(6);
    for (const { object } of teamApps) {
      expect(['platform', 'default']).not.toContain(object.spec.project);
      expect(object.spec.project).toBe(object.metadata.labels['paved.dev/team']);
    }
  });

  test('waves: projects and namespaces, then add-ons, then platform config, then team tenancy, then team apps', () => {
    const byName = (env: string, name: string) => wave(argoApps.find((o) => o.file.startsWith(`${env}/`) && o.object.metadata.name === name)?.object ?? {});
    expect(byName('prod', 'platform-namespaces')).toBeLessThan(byName('prod', 'argocd'));
    expect(byName('prod', 'argocd')).toBeLessThan(byName('prod', 'platform-config'));
    expect(byName('prod', 'platform-config')).toBeLessThan(byName('prod', 'team-payments-tenant'));
    expect(byName('prod', 'team-payments-tenant')).toBeLessThan(byName('prod', 'team-payments-apps'));
  });

  test('an add-on that installs CRDs syncs in an earlier wave than every Application that deploys its kinds', () => {
    const addOns = argoApps.filter((o) => o.object.spec.source.chart);
    const groupOwner: Record<string, string> = {
      'argoproj.io': 'argocd',
      'external-secrets.io': 'external-secrets',
      'core.oam.dev': 'vela-core',
      'apiextensions.crossplane.io': 'crossplane',
      'pkg.crossplane.io': 'crossplane',
    };
    let checked = 0;
    for (const { file, object } of argoApps.filter((o) => !o.object.spec.source.chart)) {
      const env = file.split('/')[0];
      const folder = object.spec.source.path.replace(/^gitops\//, '');
      const groups = new Set(tree.filter((o) => o.file.startsWith(`${folder}/`)).map((o) => String(o.object.apiVersion).split('/').slice(0, -1).join('/')));
      for (const group of groups) {
        const owner = groupOwner[group];
        if (!owner) continue;
        const addOn = addOns.find((a) => a.file.startsWith(`${env}/`) && a.object.metadata.name === owner);
        expect(addOn).toBeDefined();
        expect(wave(addOn?.object ?? {})).toBeLessThan(wave(object));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  test("pruning is off for what owns data: the add-ons' CRDs, the platform's namespaces, every namespace", () => {
    for (const name of ['argocd', 'external-secrets', 'crossplane', 'vela-core', 'platform-namespaces']) {
      for (const { object } of argoApps.filter((o) => o.object.metadata.name === name)) expect(object.spec.syncPolicy.automated.prune).toBe(false);
    }
    for (const { object } of tree.filter((o) => o.object.kind === 'Namespace')) {
      expect(object.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    }
    // stateless team apps are pruned
    expect(argoApps.find((o) => o.object.metadata.name === 'team-payments-apps')?.object.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  test('ignoreDifferences only where a webhook CA is injected at runtime or generated by Helm on every render (and its Secret)', () => {
    for (const { object } of argoApps.filter((o) => o.object.spec.ignoreDifferences)) {
      expect(['external-secrets', 'vela-core', 'aws-load-balancer-controller']).toContain(object.metadata.name);
      for (const d of object.spec.ignoreDifferences) {
        if (d.kind === 'Secret') expect(d).toEqual({ group: '', kind: 'Secret', name: 'aws-load-balancer-tls', namespace: 'aws-load-balancer-controller', jsonPointers: ['/data'] });
        else expect(d.jqPathExpressions.every((p: string) => p.includes('caBundle'))).toBe(true);
      }
      expect(object.spec.syncPolicy.syncOptions).toContain('RespectIgnoreDifferences=true');
    }
  });

  test('the platform project names its cluster-scoped kinds and sources one by one', () => {
    const project = tree.find((o) => o.object.kind === 'AppProject' && o.object.metadata.name === 'platform')?.object;
    expect(project?.spec.sourceRepos).toEqual([
      'https://github.com/acme/platform.git',
      'https://argoproj.github.io/argo-helm',
      'https://charts.external-secrets.io',
      'https://charts.crossplane.io/stable',
      'https://kubevela.github.io/charts',
      'https://kubernetes-sigs.github.io/metrics-server',
      'https://aws.github.io/eks-charts',
      'https://kubernetes-sigs.github.io/external-dns',
      'https://prometheus-community.github.io/helm-charts',
    ]);
    expect(project?.spec.clusterResourceWhitelist.some((k: { group: string; kind: string }) => k.group === '*' || k.kind === '*')).toBe(false);
  });

  test('the platform project syncs every one of its destinations as the platform deployer, in every environment', () => {
    for (const env of ['staging', 'prod']) {
      const project = tree.find((o) => o.file === `${env}/appproject-platform.yaml`)?.object;
      const mapped = project?.spec.destinationServiceAccounts.map((d: Record<string, string>) => `${d.server} ${d.namespace} → ${d.defaultServiceAccount}`);
      expect(mapped).toEqual(project?.spec.destinations.map((d: Record<string, string>) => `${d.server} ${d.namespace} → argocd:paved-platform-deployer`));
      expect(mapped).toContain('https://kubernetes.default.svc payments → argocd:paved-platform-deployer');
    }
  });
});

describe('the version matrix', () => {
  test('pins every add-on in every environment of the org', () => {
    for (const env of definition.org.environments) {
      for (const addOn of Object.keys(ADD_ON_VERSIONS) as (keyof typeof ADD_ON_VERSIONS)[]) expect(addOnVersion(addOn, env.name)).toMatch(/^v?\d+\.\d+\.\d+$/);
    }
  });

  test("the synthesized Applications use the table's versions per environment", () => {
    const eso = (env: string) => argoApps.find((o) => o.file.startsWith(`${env}/`) && o.object.metadata.name === 'external-secrets')?.object.spec.source.targetRevision;
    expect(eso('staging')).toBe(ADD_ON_VERSIONS['external-secrets'].staging);
    expect(eso('prod')).toBe(ADD_ON_VERSIONS['external-secrets'].prod);
  });

  test('fails clearly for an environment the table lacks', () => {
    expect(() => addOnVersion('crossplane', 'dev')).toThrow('platform/versions.ts: add-on crossplane has no version for environment dev (it has staging, prod)');
  });
});

describe('repository credentials', () => {
  test('a private GitOps repository is read with credentials from Secrets Manager, through an ExternalSecret in argocd', () => {
    const es = tree.find((o) => o.file.startsWith('prod/') && o.object.kind === 'ExternalSecret' && o.object.metadata.name === 'gitops-repository')?.object;
    expect(es?.metadata.namespace).toBe('argocd');
    expect(es?.spec.target.template.metadata.labels).toEqual({ 'argocd.argoproj.io/secret-type': 'repository' });
    expect(es?.spec.data.map((d: { remoteRef: { key: string } }) => d.remoteRef.key)).toEqual(['platform/gitops-repository', 'platform/gitops-repository']);
    const sa = tree.find((o) => o.file.startsWith('prod/platform/') && o.object.kind === 'ServiceAccount')?.object;
    expect(sa?.metadata.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::222222222222:role/acme-prod-eso-platform');
    expect(tree.filter((o) => o.object.kind === 'Secret')).toEqual([]);
  });

  test('without credentials, nothing is added', () => {
    const { platform } = teamScopes();
    expect(objectsOf(new RepositoryCredentials(platform, 'Creds'))).toEqual([]);
  });
});
