import * as path from 'path';
import { stringify } from 'yaml';
import { diffTreeFiles, formatDiffText, inScope, readTreeFilesFromDirectory, teamsOfTeamTree } from '../../../lib/diff/tree-diff';
import { diffCommand } from '../../../lib/cli/diff-command';
import { cleanTmpDirs, pavedInProcess, tmpDir, writeFiles } from '../../cli-util';

afterAll(cleanTmpDirs);

const KEEP = { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' };
const yaml = (apiVersion: string, kind: string, name: string, namespace?: string, extra: Record<string, unknown> = {}) =>
  stringify({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...extra });
const app = (team: string, name: string, image: string) => yaml('core.oam.dev/v1beta1', 'Application', name, team, { spec: { components: [{ name, type: 'webservice', properties: { image } }] } });

/** What a team's repository writes for its team: its tenancy (as the platform has it), its apps, its catalog folder. */
function teamPart(team: string, image: string): Record<string, string> {
  const files: Record<string, string> = {
    [`catalog/teams/${team}/group-${team}.yaml`]: yaml('backstage.io/v1alpha1', 'Group', team, 'default'),
    [`catalog/teams/${team}/apps/${team}-web/component-${team}-web.yaml`]: yaml('backstage.io/v1alpha1', 'Component', `${team}-web`, 'default'),
  };
  for (const env of ['prod', 'staging']) {
    files[`${env}/teams/${team}/tenant/namespaces/${team}/namespace-${team}.yaml`] = yaml('v1', 'Namespace', team, undefined, { metadata: { name: team, annotations: KEEP } });
    files[`${env}/teams/${team}/apps/${team}-web/application-${team}-web.yaml`] = app(team, `${team}-web`, env === 'prod' ? image : `${team}-web:1.0.0`);
  }
  return files;
}

/** The platform's whole tree: the org, its reports, the platform's objects and every team's part. */
function platformTree(): Record<string, string> {
  const files: Record<string, string> = {
    'org.json': '{"name": "acme"}\n',
    'CATALOG.md': '# Catalog\n',
    'ACCESS.md': '# Access\n',
    'catalog/last-changed.json': '{}\n',
    'catalog/location.yaml': yaml('backstage.io/v1alpha1', 'Location', 'acme-catalog', undefined, { spec: { targets: ['./teams/mobile/group-mobile.yaml'] } }),
    ...teamPart('mobile', 'mobile-web:1.0.0'),
    ...teamPart('payments', 'payments-web:1.0.0'),
  };
  for (const env of ['prod', 'staging']) {
    files[`${env}/appproject-platform.yaml`] = yaml('argoproj.io/v1alpha1', 'AppProject', 'platform', 'argocd');
    files[`${env}/platform/namespaces/namespace-argocd.yaml`] = yaml('v1', 'Namespace', 'argocd', undefined, { metadata: { name: 'argocd', annotations: KEEP } });
    files[`${env}/teams/payments/apps/payments-web/postgresqlinstance-db.yaml`] = yaml('db.example.com/v1alpha1', 'PostgreSQLInstance', 'db', 'payments', {
      metadata: { name: 'db', namespace: 'payments', annotations: KEEP },
    });
  }
  return files;
}

describe('a diff scoped to teams', () => {
  test("a file is in a team's scope below <env>/teams/<team>/apps/ or catalog/teams/<team>/apps/ (what a team proposes)", () => {
    const scope = { teams: ['mobile'] };
    expect(inScope('prod/teams/mobile/apps/web/application-web.yaml', scope)).toBe(true);
    expect(inScope('catalog/teams/mobile/apps/web/component-web.yaml', scope)).toBe(true);
    expect(inScope('catalog/teams/mobile/group-mobile.yaml', scope)).toBe(false);
    expect(inScope('prod/teams/mobile/apps/web/application-web.yaml → rendered workload', scope)).toBe(true);
    expect(inScope('prod/teams/mobile/tenant/namespaces/mobile/namespace-mobile.yaml', scope)).toBe(false);
    expect(inScope('prod/teams/payments/apps/web/application-web.yaml', scope)).toBe(false);
    expect(inScope('prod/application-team-mobile-apps.yaml', scope)).toBe(false);
    expect(inScope('catalog/location.yaml', scope)).toBe(false);
    expect(inScope('org.json', scope)).toBe(false);
  });

  test("a team repository's tree is recognized by holding only teams' folders", () => {
    const team = tmpDir();
    writeFiles(team, teamPart('mobile', 'mobile-web:1.0.1'));
    expect(teamsOfTeamTree(readTreeFilesFromDirectory(team))).toEqual(['mobile']);
    const platform = tmpDir();
    writeFiles(platform, platformTree());
    expect(teamsOfTeamTree(readTreeFilesFromDirectory(platform))).toBeUndefined();
    expect(teamsOfTeamTree(readTreeFilesFromDirectory(tmpDir()))).toBeUndefined();
  });

  test("a team's out/ against the platform's whole tree: the team's changes only, none of the platform's objects removed", () => {
    const base = tmpDir();
    writeFiles(base, platformTree());
    const out = tmpDir();
    writeFiles(out, teamPart('mobile', 'mobile-web:1.0.1'));
    const unscoped = diffTreeFiles(readTreeFilesFromDirectory(base), readTreeFilesFromDirectory(out), { clusterPerTopLevelFolder: true });
    expect(unscoped.removed.length).toBeGreaterThan(5);
    const diff = diffTreeFiles(readTreeFilesFromDirectory(base), readTreeFilesFromDirectory(out), { clusterPerTopLevelFolder: true, scope: { teams: ['mobile'] } });
    expect(diff.changed.map((c) => `${c.after.environment} ${c.after.label}`)).toEqual(['prod Application mobile/mobile-web']);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.files).toEqual([]);
    expect(diff.needsReview).toEqual([]);
    expect(diff.scope).toEqual({ teams: ['mobile'] });
    expect(formatDiffText(diff).split('\n').slice(0, 2)).toEqual([
      '0 added, 0 removed, 1 changed (3 → 3 objects)',
      'scope: team mobile only (<env>/teams/mobile/apps/ and catalog/teams/mobile/apps/, on both sides)',
    ]);
  });

  test("paved diff scopes a team repository's tree to its teams by itself", async () => {
    const base = tmpDir();
    writeFiles(base, platformTree());
    const repo = tmpDir();
    writeFiles(repo, { 'package.json': JSON.stringify({ name: 'mobile-apps', paved: { out: 'out' } }) });
    writeFiles(path.join(repo, 'out'), teamPart('mobile', 'mobile-web:1.0.1'));
    const r = await pavedInProcess(['diff', '--base-dir', base], repo);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('0 added, 0 removed, 1 changed (3 → 3 objects)\nscope: team mobile only');
    expect(r.stdout).toContain('~ [prod] Application mobile/mobile-web  (prod/teams/mobile/apps/mobile-web/application-mobile-web.yaml)');
    // the same tree, nothing changed: exit 0
    writeFiles(path.join(repo, 'out'), teamPart('mobile', 'mobile-web:1.0.0'));
    const same = await pavedInProcess(['diff', '--base-dir', base, '--format', 'json'], repo);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout).scope).toEqual({ teams: ['mobile'] });
  });

  test('--team scopes any tree; a team with no file on either side is an error', async () => {
    const base = tmpDir();
    writeFiles(base, platformTree());
    const head = tmpDir();
    writeFiles(head, { ...platformTree(), ...teamPart('mobile', 'mobile-web:2.0.0'), ...teamPart('payments', 'payments-web:2.0.0'), 'CATALOG.md': '# changed\n' });
    let out = '';
    let err = '';
    const io = {
      out: (t: string) => {
        out += t;
      },
      err: (t: string) => {
        err += t;
      },
      cwd: head,
    };
    expect(await diffCommand(io, head, { baseDir: base, team: ['payments'] })).toBe(1);
    expect(out).toContain('0 added, 0 removed, 1 changed');
    expect(out).toContain('~ [prod] Application payments/payments-web');
    expect(out).not.toContain('mobile');
    expect(out).not.toContain('CATALOG.md');
    out = '';
    expect(await diffCommand(io, head, { baseDir: base, team: ['nobody'] })).toBe(2);
    expect(err).toBe("paved diff: --team nobody: no file below <env>/teams/nobody/apps/ or catalog/teams/nobody/apps/ in either tree: check the team's name\n");
    expect(out).toBe('');
  });
});
