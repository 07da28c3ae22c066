import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MAX_COMBINED_MANIFEST_BYTES, readDirectorySource } from '../../../lib/validate/argo-directory';
import { diskTree } from '../../../lib/validate/source-tree';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-argo-dir-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const FILES = {
  'app/b.yaml': 'kind: A\n',
  'app/a.yml': 'kind: A\n',
  'app/c.json': '{}',
  'app/d.jsonnet': '{}',
  'app/notes.md': 'x',
  'app/Chart.yaml.bak': 'x',
  'app/sub/e.yaml': 'kind: A\n',
  'app/sub/deeper/f.json': '{}',
  'app/skipped.yaml': '# +argocd:skip-file-rendering\nkind: A\n',
  'other/g.yaml': 'kind: A\n',
};

describe('readDirectorySource (Argo CD 3.4 getPotentiallyValidManifests)', () => {
  const t = diskTree(tree(FILES));
  const read = (recurse: boolean, include = '', exclude = '') => readDirectorySource(t, 'app', { recurse, include, exclude });

  test('applies .yaml, .yml, .json and .jsonnet files of the folder in lexical order, not its sub-folders without recurse', () => {
    expect(read(false).files).toEqual(['app/a.yml', 'app/b.yaml', 'app/c.json', 'app/d.jsonnet']);
  });

  test('with recurse, the sub-folders too, in the order of a walk', () => {
    expect(read(true).files).toEqual(['app/a.yml', 'app/b.yaml', 'app/c.json', 'app/d.jsonnet', 'app/sub/deeper/f.json', 'app/sub/e.yaml']);
  });

  test('skips a file that holds +argocd:skip-file-rendering', () => {
    expect(read(true).skipped).toEqual(['app/skipped.yaml']);
  });

  test('matches include and exclude against the path relative to the folder, with * crossing /', () => {
    expect(read(true, '*.yaml').files).toEqual(['app/b.yaml', 'app/sub/e.yaml']);
    expect(read(true, '{*.yml,*.yaml}').files).toEqual(['app/a.yml', 'app/b.yaml', 'app/sub/e.yaml']);
    expect(read(true, '', 'sub/*').files).toEqual(['app/a.yml', 'app/b.yaml', 'app/c.json', 'app/d.jsonnet']);
    // exclude wins over include
    expect(read(true, '*.yaml', '*e.yaml').files).toEqual(['app/b.yaml']);
    // a pattern gobwas cannot compile matches nothing: as include, no file is applied
    expect(read(true, '*.[yaml').files).toEqual([]);
    expect(read(true, '', '*.[yaml').files).toHaveLength(6);
  });

  test("counts the applied files' combined size as the repo server does (not .jsonnet), against its 10M default", () => {
    expect(read(true).bytes).toBe(['kind: A\n', 'kind: A\n', '{}', '{}', 'kind: A\n'].reduce((n, s) => n + s.length, 0));
    expect(MAX_COMBINED_MANIFEST_BYTES).toBe(10_000_000);
  });
});
