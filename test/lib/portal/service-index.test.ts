import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppConstruct, type AppDefinition, LAST_CHANGED_FILE, Org, SERVICE_INDEX_FILE, lastChanged, parseLastChanged, synthGitOps } from '../../../lib';
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
const read = (out: string, file: string) => fs.readFileSync(path.join(out, file), 'utf8');

describe('the service index (CATALOG.md)', () => {
  const out = tree();
  synthGitOps({ org, apps: [{ team: 'payments', apps: [app('web'), app('api')] }], platform: minimalPlatform, outDir: out, today: '2026-03-01' });
  const index = read(out, SERVICE_INDEX_FILE);

  test('lists every service per team, with owner, description, lifecycle, environments, routes, source, dashboard and last change', () => {
    expect(index).toContain('2 service(s) of 2 team(s), in 2 environment(s) (staging, prod)');
    expect(index).toContain('## payments\n\nTakes the money.\n\nOwner: group `payments` (identity provider group `payments-engineers`) · DNS zone `payments.example.com`');
    expect(index).toContain(
      '| [web](catalog/teams/payments/apps/web/component-web.yaml) | The web service \\| with a pipe. | production | staging, prod | ' +
        '[web.staging.payments.example.com](https://web.staging.payments.example.com)<br>[web.payments.example.com](https://web.payments.example.com) | ' +
        '[github.com/example/platform/tree/main/apps/payments/](https://github.com/example/platform/tree/main/apps/payments/) | — | — | Grafana `/d/paved-payments-web` | 2026-03-01 |',
    );
    expect(index).toContain('## search\n\nOwner: group `search`');
    expect(index).toContain('No services yet.');
  });

  test('a second synth on another day changes no byte; a changed app alone gets the new day', () => {
    const before = { index: read(out, SERVICE_INDEX_FILE), changes: read(out, LAST_CHANGED_FILE) };
    synthGitOps({ org, apps: [{ team: 'payments', apps: [app('web'), app('api')] }], platform: minimalPlatform, outDir: out, today: '2026-04-01' });
    expect({ index: read(out, SERVICE_INDEX_FILE), changes: read(out, LAST_CHANGED_FILE) }).toEqual(before);
    synthGitOps({ org, apps: [{ team: 'payments', apps: [app('web', 'r.example.com/x:1.0.1'), app('api')] }], platform: minimalPlatform, outDir: out, today: '2026-05-01' });
    const changes = parseLastChanged(read(out, LAST_CHANGED_FILE));
    expect(changes['payments/web'].date).toBe('2026-05-01');
    expect(changes['payments/api'].date).toBe('2026-03-01');
  });
});

describe('lastChanged', () => {
  const object = { kind: 'X', metadata: { name: 'a' } };
  test('keeps the day of an app whose objects are unchanged, and gives today to changed and new apps', () => {
    const first = lastChanged([{ file: 'prod/teams/t/apps/a/x-a.yaml', object }], {}, '2026-01-01');
    expect(Object.keys(first)).toEqual(['t/a']);
    const same = lastChanged(
      [
        { file: 'prod/teams/t/apps/a/x-a.yaml', object },
        { file: 'prod/teams/t/apps/b/x-b.yaml', object },
      ],
      first,
      '2026-02-01',
    );
    expect(same['t/a']).toEqual(first['t/a']);
    expect(same['t/b'].date).toBe('2026-02-01');
    const changed = lastChanged([{ file: 'prod/teams/t/apps/a/x-a.yaml', object: { ...object, spec: 1 } }], first, '2026-03-01');
    expect(changed['t/a'].date).toBe('2026-03-01');
  });

  test('objects outside an app folder do not count', () => {
    expect(lastChanged([{ file: 'prod/teams/t/tenant/x.yaml', object }], {}, '2026-01-01')).toEqual({});
  });

  test('an unreadable record counts as empty', () => {
    expect(parseLastChanged('not json')).toEqual({});
    expect(parseLastChanged('{"t/a": {"date": 1}}')).toEqual({});
  });
});
