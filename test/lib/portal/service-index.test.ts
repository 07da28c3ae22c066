import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  AppConstruct,
  type AppDefinition,
  LAST_CHANGED_FILE,
  Org,
  PUBLISHED_ONLY_FILES,
  SERVICE_INDEX_FILE,
  appOfTreeFile,
  appsOfTree,
  lastChangedFile,
  loadManifests,
  serviceIndex,
  synthGitOps,
} from '../../../lib';
import { isCatalogEntity } from '../../../lib/validate/backstage-check';
import { ORG_PROPS, minimalPlatform } from '../../util';

const org = new Org({ ...ORG_PROPS, teams: ORG_PROPS.teams.map((t, i) => ({ ...t, description: i === 0 ? 'Takes the money.' : undefined })) });
const app =
  (name: string, image = 'r.example.com/x:1.0.0'): AppDefinition =>
  (scope) =>
    new AppConstruct(scope, name, { team: scope.team, image, port: 8080, description: `The ${name} service | with a pipe.`, domain: `${name}.${scope.environment.zoneFor(scope.team)}` });

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const tree = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-index-'));
  dirs.push(dir);
  return path.join(dir, 'gitops');
};

describe('the service index (CATALOG.md)', () => {
  const out = tree();
  const result = synthGitOps({ org, apps: [{ team: 'payments', apps: [app('web'), app('api')] }], platform: minimalPlatform, outDir: out });
  const entities = loadManifests(out).objects.filter((m) => isCatalogEntity(m.object));
  const changes = { 'payments/web': { date: '2026-03-01', commit: 'a'.repeat(40) } };
  const index = serviceIndex(org, entities, changes);

  test('shows the build each environment runs, and the day its release record put it there', () => {
    const dated = serviceIndex(org, entities, changes, new Map([['payments/web/prod', '2026-03-02']]));
    expect(dated).toContain('| production | staging 1.0.0, prod 1.0.0 (2026-03-02) | ');
    expect(dated).toContain('| production | staging 1.0.0, prod 1.0.0 | ');
  });

  test('lists every service per team, with owner, description, lifecycle, environments, routes, source, dashboard and last change', () => {
    expect(index).toContain('2 service(s) of 2 team(s), in 2 environment(s) (staging, prod)');
    expect(index).toContain('## payments\n\nTakes the money.\n\nOwner: group `payments` (identity provider group `payments-engineers`) · DNS zone `payments.example.com`');
    expect(index).toContain(
      '| [web](catalog/teams/payments/apps/web/component-web.yaml) | The web service \\| with a pipe. | production | staging 1.0.0, prod 1.0.0 | ' +
        '[web.staging.payments.example.com](https://web.staging.payments.example.com)<br>[web.payments.example.com](https://web.payments.example.com) | ' +
        '[github.com/example/platform/tree/main/apps/payments/](https://github.com/example/platform/tree/main/apps/payments/) | — | — | Grafana `/d/paved-payments-web` | 2026-03-01 |',
    );
    // an app the history does not date shows no day rather than a made-up one
    expect(index).toMatch(/\| \[api\]\(catalog\/teams\/payments\/apps\/api\/component-api\.yaml\) .* \| — \|$/m);
    expect(index).toContain('## search\n\nOwner: group `search`');
    expect(index).toContain('No services yet.');
    expect(index).toContain('Written by `paved publish` into the published tree');
  });

  test('is not in the tree synth writes, nor is the record of last changes: only the published tree holds them', () => {
    expect(result.errors).toEqual([]);
    expect(PUBLISHED_ONLY_FILES).toEqual([SERVICE_INDEX_FILE, LAST_CHANGED_FILE]);
    for (const file of PUBLISHED_ONLY_FILES) {
      expect(result.files.has(file)).toBe(false);
      expect(fs.existsSync(path.join(out, file))).toBe(false);
    }
  });

  test('a tree synthesized before they left it loses them at the next synth (they are paved files, not kept as foreign)', () => {
    const old = tree();
    synthGitOps({ org, apps: [{ team: 'payments', apps: [app('web')] }], platform: minimalPlatform, outDir: old });
    fs.writeFileSync(path.join(old, SERVICE_INDEX_FILE), '# Service catalog\n');
    fs.writeFileSync(path.join(old, LAST_CHANGED_FILE), '{"payments/web": {"date": "2026-01-01", "sha256": "x"}}\n');
    const again = synthGitOps({ org, apps: [{ team: 'payments', apps: [app('web')] }], platform: minimalPlatform, outDir: old });
    expect(again.foreign).toEqual([]);
    expect(fs.existsSync(path.join(old, SERVICE_INDEX_FILE))).toBe(false);
    expect(fs.existsSync(path.join(old, LAST_CHANGED_FILE))).toBe(false);
  });
});

describe('the apps of a tree', () => {
  test.each([
    ['prod/teams/payments/apps/web/application-web.yaml', 'payments/web'],
    ['staging/teams/search/apps/indexer/configmap-x.yaml', 'search/indexer'],
    ['catalog/teams/payments/apps/web/component-web.yaml', 'payments/web'],
    ['prod/teams/payments/tenant/namespaces/payments/networkpolicy-app-web.yaml', undefined],
    ['prod/teams/payments/apps/location.yaml', undefined],
    ['catalog/location.yaml', undefined],
    ['CATALOG.md', undefined],
  ])('%s belongs to app %s', (file, owner) => {
    expect(appOfTreeFile(file)).toBe(owner);
  });

  test('are listed once each, sorted by code unit', () => {
    expect(appsOfTree(['prod/teams/t/apps/b/x.yaml', 'staging/teams/t/apps/b/x.yaml', 'catalog/teams/t/apps/B/c.yaml', 'prod/teams/a/apps/z/x.yaml'])).toEqual(['a/z', 't/B', 't/b']);
  });

  test('their record of last changes is one key per app, sorted, with the day and the commit only', () => {
    const text = lastChangedFile({ 't/b': { date: '2026-01-02', commit: 'b'.repeat(40) }, 't/a': { date: '2026-01-01', commit: 'a'.repeat(40), extra: 1 } as never });
    expect(JSON.parse(text)).toEqual({ 't/a': { date: '2026-01-01', commit: 'a'.repeat(40) }, 't/b': { date: '2026-01-02', commit: 'b'.repeat(40) } });
    expect(Object.keys(JSON.parse(text))).toEqual(['t/a', 't/b']);
    expect(text.endsWith('}\n')).toBe(true);
  });
});
