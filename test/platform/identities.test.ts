import * as path from 'path';
import type { objectsOf } from '../util';
import { TEAM_DEFINITIONS, loadManifests } from '../../lib';
import { definition } from '../../platform/k8s';

/**
 * The committed tree, read as Argo CD and the API server will: with sync
 * impersonation on, an Application whose project maps no service account to
 * its destination does not sync at all, and one mapped to an account the tree
 * does not create syncs with no rights. Walks every environment's folder.
 */
/** Synthesized JSON, read loosely. */
type Obj = ReturnType<typeof objectsOf>[number];
const { org } = definition;
// the previews' folders as the sample pull request (number 1) makes them: in its namespaces <team>-pr-1
const objects = loadManifests(path.join(__dirname, '..', '..', 'gitops')).objects.map((m) => ({ file: m.file, object: m.object as Obj }));
const ENVS = org.environments.map((e) => e.name);
const inEnv = (env: string) => objects.filter((o) => o.file.startsWith(`${env}/`));
const kind = (env: string, k: string) => inEnv(env).filter((o) => o.object.kind === k);
const wave = (o: Obj) => Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
const glob = (pattern: string, value: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(value);

/** The Applications of an environment, and those its ApplicationSets generate (on the in-cluster server). */
function applications(env: string): { file: string; name: string; project: string; server: string; namespace: string }[] {
  const apps = kind(env, 'Application')
    .filter((o) => o.object.apiVersion.startsWith('argoproj.io/'))
    .map((o) => ({ file: o.file, spec: o.object.spec, name: o.object.metadata.name }));
  const sets = kind(env, 'ApplicationSet').map((o) => ({ file: o.file, spec: o.object.spec.template.spec, name: o.object.spec.template.metadata.name }));
  return [...apps, ...sets].map((a) => ({
    file: a.file,
    name: a.name,
    project: a.spec.project,
    server: String(a.spec.destination.server).includes('{{') ? 'https://kubernetes.default.svc' : a.spec.destination.server,
    namespace: a.spec.destination.namespace,
  }));
}

/** The account Argo CD impersonates for an Application: the first matching destinationServiceAccount, as Argo CD picks it. */
function syncAccount(env: string, app: { project: string; server: string; namespace: string }): string | undefined {
  const project = kind(env, 'AppProject').find((o) => o.object.metadata.name === app.project)?.object;
  const match = (project?.spec.destinationServiceAccounts ?? []).find((d: Obj) => glob(d.server, app.server) && glob(d.namespace, app.namespace));
  return match?.defaultServiceAccount;
}

const accountExists = (env: string, account: string) => {
  const [namespace, name] = account.split(':');
  return kind(env, 'ServiceAccount').some((o) => o.object.metadata.namespace === namespace && o.object.metadata.name === name);
};

describe.each(ENVS)('the example tree in %s, with sync impersonation on', (env) => {
  const argocd = kind(env, 'Application').find((o) => o.object.metadata.name === 'argocd')?.object;

  test("Argo CD syncs as the projects' deployers (argocd-cm)", () => {
    expect(argocd?.spec.source.helm.valuesObject.configs.cm['application.sync.impersonation.enabled']).toBe('true');
  });

  test('every AppProject maps each of its destinations to a service account the tree creates, named with its namespace', () => {
    const projects = kind(env, 'AppProject');
    // with previews (staging), each team's previews project
    const previews = org.environments.find((e) => e.name === env)?.previews ? org.teams.map((t) => `${t.name}-previews`) : [];
    expect(projects.map((p) => p.object.metadata.name).sort()).toEqual(['default', 'mobile', 'payments', 'platform', 'search', ...previews].sort());
    for (const { file, object: project } of projects) {
      const mapped = (project.spec.destinationServiceAccounts ?? []) as Obj[];
      for (const d of project.spec.destinations as Obj[]) {
        const found = mapped.find((m) => glob(m.server, d.server) && glob(m.namespace, d.namespace));
        expect({ file, destination: d.namespace, account: found?.defaultServiceAccount.includes(':') ? 'named with its namespace' : found?.defaultServiceAccount }).toEqual({
          file,
          destination: d.namespace,
          account: 'named with its namespace',
        });
        expect(accountExists(env, found?.defaultServiceAccount ?? '')).toBe(true);
      }
    }
  });

  test("every Application syncs as its project's deployer: the platform's as the platform deployer, each team's as the team's", () => {
    const apps = applications(env);
    expect(apps.length).toBeGreaterThan(10);
    for (const app of apps) {
      // a team's previews project syncs as the team's deployer too
      const team = org.teams.find((t) => t.name === app.project || `${t.name}-previews` === app.project);
      expect({ app: app.name, account: syncAccount(env, app) }).toEqual({ app: app.name, account: team ? `argocd:paved-deployer-${team.name}` : 'argocd:paved-platform-deployer' });
    }
  });

  test("each team's deployer is bound in every one of its namespaces to the deployer Role, and in vela-system to the definitions Role, nowhere else", () => {
    for (const team of org.teams) {
      const subject = { kind: 'ServiceAccount', namespace: 'argocd', name: `paved-deployer-${team.name}` };
      const bindings = [...kind(env, 'RoleBinding'), ...kind(env, 'ClusterRoleBinding')].filter((b) =>
        (b.object.subjects ?? []).some((s: Obj) => s.kind === subject.kind && s.namespace === subject.namespace && s.name === subject.name),
      );
      expect(bindings.map((b) => `${b.object.kind} ${b.object.metadata.namespace}: ${b.object.roleRef.kind} ${b.object.roleRef.name}`).sort()).toEqual(
        [
          ...team.namespaces.map((ns) => `RoleBinding ${ns}: Role paved-deployer`),
          // and in a preview's namespace (the sample pull request's), where previews are
          ...(org.environments.find((e) => e.name === env)?.previews ? [`RoleBinding ${team.name}-pr-1: Role paved-deployer`] : []),
          'RoleBinding vela-system: Role paved-team-definitions',
        ].sort(),
      );
      for (const ns of team.namespaces) expect(kind(env, 'Role').some((r) => r.object.metadata.namespace === ns && r.object.metadata.name === 'paved-deployer')).toBe(true);
    }
  });

  test("the vela-system Role names exactly the allowlist's definitions, and KubeVela checks them as the applying user", () => {
    const role = kind(env, 'Role').find((r) => r.object.metadata.namespace === 'vela-system' && r.object.metadata.name === 'paved-team-definitions')?.object;
    expect(role?.rules.flatMap((r: Obj) => r.resourceNames).sort()).toEqual(TEAM_DEFINITIONS.map((d) => d.name).sort());
    const vela = kind(env, 'Application').find((o) => o.object.metadata.name === 'vela-core')?.object.spec.source.helm.valuesObject;
    expect(vela).toMatchObject({ authentication: { enabled: true, withUser: true }, authorization: { definitionValidationEnabled: true } });
    // and the API server holds the recorded user when vela-core's webhook (which fails open) does not run
    const policy = kind(env, 'ValidatingAdmissionPolicy').find((o) => o.object.metadata.name === 'paved-kubevela-applying-user')?.object;
    expect(policy?.spec.failurePolicy).toBe('Fail');
    expect(kind(env, 'ValidatingAdmissionPolicyBinding').map((o) => o.object.spec)).toContainEqual({ policyName: 'paved-kubevela-applying-user', validationActions: ['Deny'] });
  });

  test('Argo CD may impersonate exactly the deployers the projects name, and the platform deployer exists before Argo CD turns impersonation on', () => {
    const named = new Set(kind(env, 'AppProject').flatMap((p) => (p.object.spec.destinationServiceAccounts ?? []).map((d: Obj) => String(d.defaultServiceAccount).split(':')[1])));
    const impersonate = argocd?.spec.source.helm.valuesObject.controller.clusterRoleRules.rules.find((r: Obj) => r.verbs.includes('impersonate'));
    expect([...impersonate.resourceNames].sort()).toEqual([...named].sort());
    // the platform deployer sits in a folder whose Application syncs in an earlier wave than Argo CD's own
    const gitPath = (file: string) => `${org.gitops.path}/${file}`;
    const holderOf = (file: string) =>
      kind(env, 'Application')
        .map((o) => o.object)
        .find((a) => a.spec.source.path && gitPath(file).startsWith(`${a.spec.source.path}/`));
    for (const k of ['ServiceAccount', 'ClusterRoleBinding']) {
      const file = kind(env, k).find((o) => o.object.metadata.name === 'paved-platform-deployer')?.file ?? '';
      const holder = holderOf(file);
      expect(holder?.metadata.name).toBe('platform-namespaces');
      expect(wave(holder ?? {})).toBeLessThan(wave(argocd ?? {}));
    }
  });
});
