import { stringify } from 'yaml';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { type TreeFiles, countMappingDocuments, countMappingDocumentsIn, diffTreeFiles, diffTrees, parseTree, readTreeFilesFromDirectory, readTreeFilesFromGit } from '../../../lib/diff/tree-diff';
import { parseManifests } from '../../../lib/validate/validator';
import { cleanTmpDirs, PROCESS_LIMITS, tmpDir, writeFiles } from '../../cli-util';

afterAll(cleanTmpDirs);

const doc = (kind: string, name: string, extra: Record<string, unknown> = {}) =>
  stringify({ apiVersion: kind === 'Application' ? 'core.oam.dev/v1beta1' : 'v1', kind, metadata: { name, namespace: 'team' }, ...extra });

const tree = (files: Record<string, string>): TreeFiles => ({
  files: new Map(Object.entries(files).map(([f, text]) => [f, Buffer.from(text)])),
  parse: (file, text) => parseManifests(file, text).objects,
});

describe('countMappingDocuments', () => {
  test('counts plain mapping documents, and empty ones as nothing', () => {
    expect(countMappingDocuments('# header\napiVersion: v1\nkind: ConfigMap\n')).toBe(1);
    expect(countMappingDocuments('---\napiVersion: v1\n---\n# nothing\n---\nkind: X\n...\n')).toBe(2);
    expect(countMappingDocuments('a: |\n  ---\n  text\n')).toBe(1);
    expect(countMappingDocuments('')).toBe(0);
    expect(countMappingDocuments('--- # first\r\nkind: A\r\n---\r\n\r\n  \r\n# c\r\nkind: B\r\n')).toBe(2);
  });

  test('reads a file of one document without decoding it, and any other as text', () => {
    for (const text of ['# header\napiVersion: v1\nkind: ConfigMap\n', '\n\n  \n# c\n\tkey: 1\n', '', '# only a comment\n', '---\na: 1\n---\nb: 2\n', 'a: 1\n...\n', '- a\n', 'a:b\n']) {
      expect(countMappingDocumentsIn(Buffer.from(text))).toBe(countMappingDocuments(text));
    }
  });

  test('is unsure about anything else', () => {
    expect(countMappingDocuments('- a\n- b\n')).toBeUndefined();
    expect(countMappingDocuments('{a: 1}\n')).toBeUndefined();
    expect(countMappingDocuments('--- !tag\na: 1\n')).toBeUndefined();
    expect(countMappingDocuments('"a": 1\n')).toBeUndefined();
    expect(countMappingDocuments('just text\n')).toBeUndefined();
    expect(countMappingDocuments('---foo: 1\n')).toBeUndefined();
    expect(countMappingDocuments('a: 1\n---\n  indented: 1\n')).toBeUndefined();
    expect(countMappingDocuments('a: 1\n--- x\n')).toBeUndefined();
  });
});

describe('diffTreeFiles', () => {
  const base = {
    'prod/a.yaml': doc('ConfigMap', 'a', { data: { k: '1' } }),
    'prod/same.yaml': doc('ConfigMap', 'same'),
    'prod/multi.yaml': `${doc('ConfigMap', 'm1')}---\n${doc('ConfigMap', 'm2')}`,
    'prod/flow.yaml': '{apiVersion: v1, kind: ConfigMap, metadata: {name: flow, namespace: team}}\n',
    'prod/moved-from.yaml': doc('Secret', 'moving'),
    'prod/gone.yaml': doc('Namespace', 'gone'),
    'staging/a.yaml': doc('ConfigMap', 'b'),
    'prod/app.yaml': doc('Application', 'app', { spec: { components: [{ name: 'app', properties: { image: 'app:1' } }] } }),
  };
  const head = {
    ...base,
    'prod/a.yaml': doc('ConfigMap', 'a', { data: { k: '2' } }),
    'prod/moved-from.yaml': '# emptied\n',
    'prod/moved-to.yaml': doc('Secret', 'moving'),
    'prod/new.yaml': doc('Role', 'new'),
    'prod/app.yaml': doc('Application', 'app', { spec: { components: [{ name: 'app', properties: { image: 'elsewhere.example.com/app:1' } }] } }),
  };
  delete (head as Record<string, string>)['prod/gone.yaml'];

  test.each([false, true])('is diffTrees on the parsed trees, parsing only the files that differ and their unchanged neighbours (one cluster per folder: %s)', (clusterPerTopLevelFolder) => {
    const parsed: string[] = [];
    const spy = (t: TreeFiles): TreeFiles => ({
      files: t.files,
      parse: (file, text) => {
        parsed.push(file);
        return t.parse(file, text);
      },
    });
    const fast = diffTreeFiles(spy(tree(base)), spy(tree(head)), { clusterPerTopLevelFolder });
    const full = diffTrees(parseTree(tree(base)), parseTree(tree(head)), { clusterPerTopLevelFolder });
    expect(fast).toEqual(full);
    expect(full.changed.map((c) => c.after.label)).toEqual(['ConfigMap team/a', 'Application team/app']);
    expect(full.added.map((o) => o.label)).toEqual(['Role team/new']);
    expect(full.removed.map((o) => o.label)).toEqual(['Namespace team/gone']);
    expect(full.needsReview.length).toBeGreaterThan(0);
    // the files that differ, and the base side's files of their folder (what a change means depends on its neighbours); none of staging/
    expect([...new Set(parsed)].sort()).toEqual([
      'prod/a.yaml',
      'prod/app.yaml',
      'prod/flow.yaml',
      'prod/gone.yaml',
      'prod/moved-from.yaml',
      'prod/moved-to.yaml',
      'prod/multi.yaml',
      'prod/new.yaml',
      'prod/same.yaml',
    ]);
    // the flow mapping is not plain: parsed to count its objects, and once more as a neighbour of the changes beside it
    expect(parsed.filter((f) => f === 'prod/flow.yaml')).toHaveLength(2);
    expect(parsed.filter((f) => f === 'prod/same.yaml')).toHaveLength(1);
  });

  test('reads a folder as loadManifests does: not the templates of a Helm chart', () => {
    const dir = tmpDir();
    writeFiles(dir, { 'a.yaml': doc('ConfigMap', 'a'), 'chart/Chart.yaml': 'name: c\n', 'chart/templates/x.yaml': '{{ bad }}\n', 'notes.txt': 'x' });
    expect([...readTreeFilesFromDirectory(dir).files.keys()]).toEqual(['a.yaml']);
  });

  test('reads every other file of a folder and of a Git revision as files that are not manifests (not a .git folder)', () => {
    const repo = tmpDir();
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, encoding: 'utf8', ...PROCESS_LIMITS });
    writeFiles(repo, {
      'tree/a.yaml': doc('ConfigMap', 'a'),
      'tree/CATALOG.md': '# c\n',
      'tree/org.json': '{}\n',
      'tree/catalog/last-changed.json': '{}\n',
      'tree/charts/c/Chart.yaml': 'name: c\n',
      'tree/charts/c/templates/x.yaml': '{{ bad }}\n',
      'tree/sub/.git/config': 'x',
      'outside.md': 'x',
    });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'tree');
    const others = ['CATALOG.md', 'catalog/last-changed.json', 'charts/c/Chart.yaml', 'charts/c/templates/x.yaml', 'org.json'];
    expect([...(readTreeFilesFromDirectory(path.join(repo, 'tree')).others?.keys() ?? [])].sort()).toEqual(others);
    expect([...(readTreeFilesFromGit(path.join(repo, 'tree'), 'HEAD').others?.keys() ?? [])].sort()).toEqual(others);
    expect(diffTreeFiles(readTreeFilesFromGit(path.join(repo, 'tree'), 'HEAD'), readTreeFilesFromDirectory(path.join(repo, 'tree'))).files).toEqual([]);
  });

  test("reads a Git revision as it reads a folder: a chart's files are not manifests, and values that look like dates stay strings", () => {
    const repo = tmpDir();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', ...PROCESS_LIMITS });
    writeFiles(repo, {
      'tree/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  day: 2026-11-29\n',
      'tree/charts/c/Chart.yaml': 'name: c\n',
      'tree/charts/c/values.yaml': 'x: 1\n',
      'tree/charts/c/templates/x.yaml': '{{ bad }}\n',
    });
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'tree');
    const atHead = readTreeFilesFromGit(path.join(repo, 'tree'), 'HEAD');
    const onDisk = readTreeFilesFromDirectory(path.join(repo, 'tree'));
    expect([...atHead.files.keys()]).toEqual(['a.yaml']);
    expect([...onDisk.files.keys()]).toEqual(['a.yaml']);
    expect(parseTree(atHead)[0].object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { day: '2026-11-29' } });
    expect(diffTreeFiles(atHead, onDisk).changed).toEqual([]);
  });
});
