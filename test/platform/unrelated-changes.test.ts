import * as fs from 'fs';
import { exampleReleases } from '../util';
import * as path from 'path';
import { parse } from 'yaml';
import { AppConstruct, type AppConstructProps, type AppDefinition, type ManifestObject, Org, type OrgProps, type TeamApps, buildGitOps, teamAppsLocationFile } from '../../lib';
import { definition } from '../../platform/k8s';
import { ROOT } from '../cli-util';

/**
 * Unrelated pull requests never conflict: each change below is synthesized
 * with the example org into a whole tree (what its pull request carries), and
 * every two unrelated changes must touch disjoint sets of files, so that Git
 * merges them whatever order they land in, and the merge is the tree built
 * with both.
 *
 * The service index CATALOG.md and its record of change days
 * catalog/last-changed.json, which every new app would edit, are not in the
 * committed tree: `paved publish` writes them (from Git history) into the
 * published tree only; a test below holds that. Two changes to the org itself (two quota changes) both
 * edit org.json and ACCESS.md, on the lines of their own teams: they are not
 * unrelated changes of teams and are not paired here.
 */
/** The indexes every new app would edit: never in the committed tree (a test below holds it), published only. */
const INDEXES = ['CATALOG.md', 'catalog/last-changed.json'];

const TREE = path.join(ROOT, 'gitops');
const external = definition.org.teams.filter((t) => t.appsRepository !== undefined).map((t) => t.name);

/** The files the mobile team's repository proposed, as this version of paved writes them (its apps' Location reads a glob, so it names no app). */
const proposedFiles = new Map<string, string>();
const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.relative(TREE, path.join(dir, e.name))]));
for (const file of walk(TREE).map((f) => f.split(path.sep).join('/'))) {
  const [, area, team, sub] = file.split('/');
  if (area === 'teams' && external.includes(team) && sub === 'apps') proposedFiles.set(file, fs.readFileSync(path.join(TREE, file), 'utf8'));
}
for (const team of external) {
  // the committed proposal was synthesized by an older paved, whose apps' Location named each app
  const own = buildGitOps({ org: definition.org, apps: [{ team, apps: [] }], teams: [team] });
  const file = teamAppsLocationFile(team);
  proposedFiles.set(file, own.files.get(file) as string);
}

/** One change, as its pull request would make it: the org, the apps defined here, and what team repositories propose. */
interface Change {
  readonly org?: (props: OrgProps) => void;
  readonly apps?: readonly { team: string; define: AppDefinition }[];
  /** New apps of a team with its own repository: synthesized by the team's own synth, then proposed. */
  readonly proposed?: readonly { team: string; define: AppDefinition }[];
}

const app =
  (name: string, extra: Partial<AppConstructProps> = {}): AppDefinition =>
  (scope) =>
    new AppConstruct(scope, name, {
      team: scope.team,
      image: `registry.example.com/${scope.team.name}/${name}@sha256:${'4'.repeat(64)}`,
      port: 8080,
      replicas: 2,
      ...extra,
    });
/** A public route in the team's zone, in each environment. */
const routed = (name: string, team: string) => (scope: Parameters<AppDefinition>[0]) => ({
  domain: scope.environment.name === 'prod' ? `${name}.${team}.example.com` : `${name}.staging.${team}.example.com`,
});

const CHANGES: Record<string, Change> = {
  'a new app of payments': { apps: [{ team: 'payments', define: app('alpha') }] },
  'another new app of payments': { apps: [{ team: 'payments', define: app('beta', { workers: [{ name: 'mailer', command: ['/app', 'mail'] }] }) }] },
  'a new app of search, public, with a database and metrics': {
    apps: [
      {
        team: 'search',
        define: (scope) => app('gamma', { ...routed('gamma', 'search')(scope), database: { size: 'small', storageGB: 20 }, metrics: { requestsTotal: 'http_requests_total' } })(scope),
      },
    ],
  },
  'a new app of payments that calls search-api': { apps: [{ team: 'payments', define: app('delta', { calls: [{ team: 'search', app: 'search-api' }] }) }] },
  'a new app of search that calls search-api too': { apps: [{ team: 'search', define: app('epsilon', { calls: [{ app: 'search-api' }], buckets: [{ name: 'epsilon-files', expectedSizeGB: 5 }] }) }] },
  "a new app proposed by mobile's repository": { proposed: [{ team: 'mobile', define: app('zeta') }] },
  "another new app proposed by mobile's repository, calling push-worker": { proposed: [{ team: 'mobile', define: app('eta', { calls: [{ app: 'push-worker' }] }) }] },
};
const ORG_CHANGES: Record<string, Change> = {
  "a change of payments' production quota": {
    org: (props) => {
      const payments = props.teams.find((t) => t.name === 'payments') as { quotas?: Record<string, unknown> };
      payments.quotas = { prod: { requestsCpu: '10', requestsMemory: '20Gi', limitsCpu: '20', limitsMemory: '40Gi', pods: 120 } };
    },
  },
  'a production quota for search': {
    org: (props) => {
      const search = props.teams.find((t) => t.name === 'search') as { quotas?: Record<string, unknown> };
      search.quotas = { prod: { requestsCpu: '6', requestsMemory: '12Gi', limitsCpu: '12', limitsMemory: '24Gi', pods: 60 } };
    },
  },
  "a change of payments' cost centre": {
    org: (props) => {
      (props.teams.find((t) => t.name === 'payments') as { costCentre?: string }).costCentre = 'cc-4711';
    },
  },
};

/** The whole tree a change leads to: what the platform's synth writes, and the files team repositories propose. */
function treeOf(...changes: Change[]): Map<string, string> {
  const props = definition.org.toJSON();
  for (const c of changes) c.org?.(props);
  const org = new Org(props);
  const apps: TeamApps[] = definition.apps.map((t) => ({ team: t.team, apps: [...t.apps, ...changes.flatMap((c) => (c.apps ?? []).filter((a) => a.team === t.team).map((a) => a.define))] }));
  const proposed = new Map(proposedFiles);
  for (const c of changes) {
    for (const p of c.proposed ?? []) {
      // the team's own synth: its part of the org alone; it proposes its apps folders
      // (its other apps, which it builds too, as the files it proposed)
      const others = [...proposedFiles].filter(([f]) => f.endsWith('.yaml') && f.split('/')[2] === p.team && f !== teamAppsLocationFile(p.team));
      const own = buildGitOps({
        org,
        apps: [{ team: p.team, apps: [p.define] }],
        teams: [p.team],
        existing: others.map(([file, text]) => ({ file, object: parse(text) as Record<string, unknown> })),
      });
      expect(own.errors).toEqual([]);
      // (and its apps' preview copies, which the platform's synth writes the same)
      for (const [file, text] of own.files) if (['teams', 'previews'].includes(file.split('/')[1]) && file.split('/')[2] === p.team && file.split('/')[3] === 'apps') proposed.set(file, text);
    }
  }
  const existing: ManifestObject[] = [...proposed].filter(([f]) => f.endsWith('.yaml')).map(([file, text]) => ({ file, object: parse(text) as Record<string, unknown> }));
  const build = buildGitOps({ ...definition, org, apps, existing, releases: exampleReleases() });
  expect(build.errors).toEqual([]);
  return new Map([...build.files, ...proposed]);
}

const base = treeOf();
/** The files a change adds, edits or removes, but the indexes another part of issue 32 removes. */
function changedFiles(tree: ReadonlyMap<string, string>): string[] {
  return [...new Set([...base.keys(), ...tree.keys()])].filter((f) => !INDEXES.includes(f) && base.get(f) !== tree.get(f)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
const trees = new Map([...Object.entries(CHANGES), ...Object.entries(ORG_CHANGES)].map(([name, c]) => [name, treeOf(c)]));
const changed = new Map([...trees].map(([name, tree]) => [name, changedFiles(tree)]));
const names = Object.keys(CHANGES);
const PAIRS: [string, string][] = [
  ...names.flatMap((a, i) => names.slice(i + 1).map((b): [string, string] => [a, b])),
  ...names.flatMap((a) => Object.keys(ORG_CHANGES).map((b): [string, string] => [a, b])),
];

describe('unrelated pull requests, synthesized with the example org', () => {
  test.each(Object.keys(CHANGES))('%s adds files and edits none (outside the two indexes)', (name) => {
    const files = changed.get(name) ?? [];
    expect(files.length).toBeGreaterThan(4);
    expect(files.filter((f) => base.has(f))).toEqual([]);
  });

  test.each(Object.keys(ORG_CHANGES))('%s edits files of its own: the org, its report and the objects it changes', (name) => {
    expect((changed.get(name) ?? []).length).toBeGreaterThanOrEqual(2);
  });

  test.each(PAIRS)('%s and %s share no file', (a, b) => {
    const theirs = new Set(changed.get(b));
    expect((changed.get(a) ?? []).filter((f) => theirs.has(f))).toEqual([]);
  });

  test.each([
    ['a new app of payments', 'another new app of payments'],
    ['a new app of payments', 'a new app of search, public, with a database and metrics'],
    ['a new app of payments that calls search-api', 'a new app of search that calls search-api too'],
    ["a new app proposed by mobile's repository", "another new app proposed by mobile's repository, calling push-worker"],
    ["a new app proposed by mobile's repository", 'a new app of payments'],
    ['a new app of payments', "a change of payments' production quota"],
    ['a new app of search that calls search-api too', 'a production quota for search'],
  ])('%s and %s, merged file by file, give the tree built with both', (a, b) => {
    const merged = new Map(base);
    for (const name of [a, b]) {
      const tree = trees.get(name) as Map<string, string>;
      for (const f of changed.get(name) ?? []) {
        const text = tree.get(f);
        if (text === undefined) merged.delete(f);
        else merged.set(f, text);
      }
    }
    const both = treeOf(...[a, b].map((n) => CHANGES[n] ?? ORG_CHANGES[n]));
    for (const f of INDEXES) {
      merged.delete(f);
      both.delete(f);
    }
    expect([...merged.keys()].sort()).toEqual([...both.keys()].sort());
    expect([...merged].filter(([f, text]) => both.get(f) !== text).map(([f]) => f)).toEqual([]);
  });
});

test('the indexes every new app would edit are not in the committed tree, nor in what a change builds: paved publish writes them', () => {
  expect(INDEXES.filter((f) => base.has(f) || fs.existsSync(path.join(TREE, f)))).toEqual([]);
});
