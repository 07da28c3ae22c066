import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { diffTreeFiles, readTreeFilesFromDirectories, readTreeFilesFromDirectory, readTreeFilesFromGit } from '../../../lib/diff/tree-diff';
import { readTreeInWorker } from '../../../lib/diff/tree-worker';
import { diskTree } from '../../../lib/validate/source-tree';
import { cleanTmpDirs, PROCESS_BUDGET_MS, PROCESS_LIMITS, tmpDir, writeFiles } from '../../cli-util';

afterAll(cleanTmpDirs);

const APPS = 'prod/teams/mobile/apps';
const cm = (name: string, namespace = 'mobile') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n`;
const app = (directory: Record<string, unknown>) =>
  JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'team-mobile-apps', namespace: 'argocd' },
    spec: { project: 'mobile', source: { repoURL: 'https://github.com/acme/platform.git', path: `gitops/${APPS}`, directory } },
  });

/** Two environment trees: `base` as given, `head` with `extra` added. */
function sides(base: Record<string, string>, extra: Record<string, string>) {
  const b = tmpDir('paved-diff-read-');
  const h = tmpDir('paved-diff-read-');
  writeFiles(b, base);
  writeFiles(h, { ...base, ...extra });
  return { b, h };
}

describe("paved diff's sides, read as Argo CD reads them", () => {
  const base = { [`${APPS}/web/configmap-web.yaml`]: cm('web') };
  const json = { [`${APPS}/web/extra.json`]: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-json', namespace: 'payments' } }) };

  test("shows an object of a .json file that the tree's Application applies, as an added object", () => {
    const { b, h } = sides({ ...base, 'prod/application-team-mobile-apps.yaml': app({ recurse: true }) }, json);
    const diff = diffTreeFiles(readTreeFilesFromDirectory(b), readTreeFilesFromDirectory(h), { clusterPerTopLevelFolder: true });
    expect(diff.added.map((o) => `${o.file} ${o.label}`)).toEqual([`${APPS}/web/extra.json ConfigMap payments/from-json`]);
  });

  test("reads the tree's Application however its apiVersion is spelled: plain YAML, folded, YAML escapes, JSON escapes", () => {
    const plain = `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: team-mobile-apps, namespace: argocd}\nspec:\n  project: mobile\n  source: {repoURL: 'https://github.com/acme/platform.git', path: gitops/${APPS}, directory: {recurse: true}}\n`;
    const spellings = {
      'plain YAML': plain,
      'YAML escapes': plain.replace('argoproj.io/v1alpha1', '"argoproj\\x2Eio/v1alpha1"'),
      'a YAML line folded by an escape': plain.replace('argoproj.io/v1alpha1', '"argoproj.io/\\\n  v1alpha1"'),
      'JSON escapes': app({ recurse: true }).replace('argoproj.io', 'argoproj\\u002eio'),
      // the tree reader follows any apiVersion that starts with argoproj.io/, as the validator does
      'a plain YAML line folded after the group': plain.replace('argoproj.io/v1alpha1', 'argoproj.io/\n  v1alpha1'),
      'a quote doubled in single quotes': plain.replace('argoproj.io/v1alpha1', "'argoproj.io/''v1alpha1'"),
      'every character escaped': plain.replace('argoproj.io/v1alpha1', `"${[...'argoproj.io/'].map((c) => `\\x${c.charCodeAt(0).toString(16)}`).join('')}v1alpha1"`),
    };
    for (const [spelling, text] of Object.entries(spellings)) {
      const { b, h } = sides({ ...base, 'prod/application-team-mobile-apps.yaml': text }, json);
      const diff = diffTreeFiles(readTreeFilesFromDirectory(b), readTreeFilesFromDirectory(h), { clusterPerTopLevelFolder: true });
      expect([spelling, diff.added.map((o) => `${o.file} ${o.label}`)]).toEqual([spelling, [`${APPS}/web/extra.json ConfigMap payments/from-json`]]);
    }
  });

  test('shows it as a file, not an object, when the Application (as paved generates it) reads only .yaml, and in a proposal without Applications', () => {
    for (const tree of [{ ...base, 'prod/application-team-mobile-apps.yaml': app({ recurse: true, include: '*.yaml' }) }, base]) {
      const { b, h } = sides(tree, json);
      const diff = diffTreeFiles(readTreeFilesFromDirectory(b), readTreeFilesFromDirectory(h), { clusterPerTopLevelFolder: true });
      expect(diff.added).toEqual([]);
      expect(diff.files.map((f) => `${f.change} ${f.file}`)).toEqual([`added ${APPS}/web/extra.json`]);
    }
  });

  test('shows a link as a file holding its target, never what it points to, on disk and at a Git revision alike', () => {
    const repo = tmpDir('paved-diff-read-');
    writeFiles(repo, { [`tree/${APPS}/web/configmap-web.yaml`]: cm('web'), 'secret.yaml': `${cm('secret')}data:\n  token: SECRET-0451\n` });
    fs.symlinkSync('../../../../../../secret.yaml', path.join(repo, 'tree', APPS, 'web', 'link.yaml'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, encoding: 'utf8', ...PROCESS_LIMITS });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'tree');
    const onDisk = readTreeFilesFromDirectory(path.join(repo, 'tree'));
    const atHead = readTreeFilesFromGit(path.join(repo, 'tree'), 'HEAD');
    for (const side of [onDisk, atHead]) {
      expect([...side.files.keys()]).toEqual([`${APPS}/web/configmap-web.yaml`]);
      expect(side.others?.get(`${APPS}/web/link.yaml`)?.toString('utf8')).toBe('../../../../../../secret.yaml');
    }
    expect(diffTreeFiles(atHead, onDisk, { clusterPerTopLevelFolder: true }).files).toEqual([]);
  });

  test('reads neither a file over the size limit nor a FIFO, and compares an alias bomb within a time budget', () => {
    let bomb = `${cm('lol')}data:\n  l0: &l0 "lol"\n`;
    for (let i = 1; i <= 9; i++)
      bomb += `  l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(',')}]\n`;
    const { b, h } = sides(base, { [`${APPS}/web/bomb.yaml`]: bomb, [`${APPS}/web/giant.yaml`]: `# ${'g'.repeat(3 * 1024 * 1024)}\n` });
    execFileSync('mkfifo', [path.join(h, APPS, 'web', 'pipe.yaml')]);
    const started = process.hrtime.bigint();
    const head = readTreeFilesFromDirectory(h);
    const diff = diffTreeFiles(readTreeFilesFromDirectory(b), head, { clusterPerTopLevelFolder: true });
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(10_000);
    expect(head.others?.get(`${APPS}/web/giant.yaml`)?.toString('utf8')).toBe("(3145731 bytes: over paved's limit of 2097152 per file: not read)\n");
    expect(head.others?.has(`${APPS}/web/pipe.yaml`)).toBe(false);
    expect(diff.added).toEqual([]);
  }, 20_000);
});

describe("the objects the tree's reader parsed, shared with the diff", () => {
  test('are the objects a fresh parse reads, and the diff with them is the diff without them', () => {
    // the platform's own tree, and a copy in which an Application beside others and a binding changed
    const base = path.join(__dirname, '../../../gitops');
    const head = tmpDir('paved-diff-shared-');
    fs.cpSync(base, head, { recursive: true });
    const edit = (file: string, from: string, to: string) => fs.writeFileSync(path.join(head, file), fs.readFileSync(path.join(head, file), 'utf8').replace(from, to));
    edit('prod/application-argocd.yaml', '    paved.dev/add-on: argocd\n', '    paved.dev/add-on: argocd\n    x: y\n');
    edit('prod/teams/mobile/tenant/namespaces/mobile/rolebinding-team-viewer.yaml', 'name: mobile-engineers', 'name: everyone');
    const parsed = new Map();
    const b = readTreeFilesFromDirectory(base, parsed);
    const h = readTreeFilesFromDirectory(head, parsed);
    expect(parsed.size).toBeGreaterThan(10);
    for (const side of [b, h]) for (const [file, bytes] of side.files) expect(side.parseShared?.(file, bytes.toString('utf8'))).toEqual(side.parse(file, bytes.toString('utf8')));
    const options = { clusterPerTopLevelFolder: true };
    const shared = diffTreeFiles(b, h, options);
    const fresh = diffTreeFiles({ ...b, parseShared: undefined }, { ...h, parseShared: undefined }, options);
    expect(shared).toEqual(fresh);
    expect(shared.changed.map((c) => c.after.file)).toEqual(['prod/application-argocd.yaml', 'prod/teams/mobile/tenant/namespaces/mobile/rolebinding-team-viewer.yaml']);
    expect(shared.needsReview.map((r) => r.file)).toContain('prod/teams/mobile/tenant/namespaces/mobile/rolebinding-team-viewer.yaml');
  });
});

describe('the two sides read at once, one on a worker thread', () => {
  const shape = (t: ReturnType<typeof readTreeFilesFromDirectory>) => ({ files: [...t.files], others: [...(t.others ?? [])], findings: t.findings });

  test(
    'are the files each side reads alone: gitops/, a changed copy with a link, a FIFO and a file over the limit, and a missing folder',
    async () => {
      const base = path.join(__dirname, '../../../gitops');
      const head = tmpDir('paved-diff-sides-');
      fs.cpSync(base, head, { recursive: true });
      fs.symlinkSync('../org.json', path.join(head, 'prod', 'link.yaml'));
      execFileSync('mkfifo', [path.join(head, 'prod', 'fifo.yaml')]);
      fs.writeFileSync(path.join(head, 'prod', 'big.yaml'), 'x'.repeat(3 * 1024 * 1024));
      fs.writeFileSync(path.join(head, 'prod', 'empty.yaml'), '');
      for (const [first, second] of [
        [base, head],
        [path.join(head, 'missing'), base],
      ]) {
        const [a, b] = await readTreeFilesFromDirectories(first, second, new Map());
        expect(shape(a)).toEqual(shape(readTreeFilesFromDirectory(first)));
        expect(shape(b)).toEqual(shape(readTreeFilesFromDirectory(second)));
      }
    },
    PROCESS_BUDGET_MS,
  );

  test(
    "the worker's tree is the tree read here, and a folder it cannot read is left to this thread",
    async () => {
      const dir = path.join(__dirname, '../../../gitops');
      const tree = await readTreeInWorker(dir);
      const here = diskTree(dir);
      expect([...(tree?.entries ?? [])]).toEqual([...here.entries]);
      for (const file of [...here.entries.keys(), 'no/such/file']) expect(tree?.read(file)).toEqual(here.read(file));
      expect(await readTreeInWorker(path.join(dir, 'no-such-folder'))).toBeUndefined();
    },
    PROCESS_BUDGET_MS,
  );
});

describe('paved diff names the files Argo CD would not read as paved reads them, under needs review', () => {
  const base = { [`${APPS}/web/configmap-web.yaml`]: cm('web') };
  const review = (b: string, h: string) =>
    diffTreeFiles(readTreeFilesFromDirectory(b), readTreeFilesFromDirectory(h), { clusterPerTopLevelFolder: true }).needsReview.map((r) => `[${r.environment}] ${r.label}: ${r.reason}  (${r.file})`);

  test('a link in a team folder, not the file it points to', () => {
    const { b, h } = sides(base, {});
    fs.symlinkSync('../../../../../../../etc/hostname', path.join(h, APPS, 'web', 'link.yaml'));
    expect(review(b, h)).toEqual([
      `[prod] link to ../../../../../../../etc/hostname: Argo CD would not read it as paved reads it: team mobile's apps folder holds no links: Argo CD would apply the file it points to, which can be another team's; write the file itself  (${APPS}/web/link.yaml)`,
    ]);
  });

  test('a foreign file in a team folder, and a file that changes how Argo CD reads the folder', () => {
    const { b, h } = sides(base, { [`${APPS}/web/extra.json`]: '{}', [`${APPS}/web/.argocd-source-x.yaml`]: 'helm: {}\n', [`${APPS}/web/kustomization.yaml`]: 'resources: []\n' });
    const items = review(b, h);
    expect(items).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\[prod\] file: Argo CD would not read it as paved reads it: no Argo CD Application applies it: team mobile's apps folder holds only .*\(prod\/teams\/mobile\/apps\/web\/extra\.json\)$/,
        ),
        expect.stringMatching(/^\[prod\] Argo CD source override: Argo CD would not read it as paved reads it: Argo CD merges \.argocd-source-x\.yaml into the source/),
        expect.stringMatching(/^\[prod\] Kustomization: Argo CD would not read it as paved reads it: makes Argo CD render the folder with Kustomize/),
      ]),
    );
  });

  test('an alias bomb and a merge key in a file that differs, within a time budget', () => {
    let bomb = `${cm('lol')}data:\n  l0: &l0 "lol"\n`;
    for (let i = 1; i <= 9; i++)
      bomb += `  l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(',')}]\n`;
    const merge = `${cm('merged')}data: &d\n  a: "1"\nother:\n  <<: *d\n`;
    const { b, h } = sides(base, { [`${APPS}/web/bomb.yaml`]: bomb, [`${APPS}/web/merge.yaml`]: merge });
    const started = process.hrtime.bigint();
    const items = review(b, h);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(10_000);
    expect(items).toEqual([
      expect.stringMatching(/^\[prod\] document 1: Argo CD would not read it as paved reads it: holds more than 64 YAML aliases .*\(prod\/teams\/mobile\/apps\/web\/bomb\.yaml\)$/),
      expect.stringMatching(/^\[prod\] document 1: Argo CD would not read it as paved reads it: uses a YAML merge key \(<<\).*\(prod\/teams\/mobile\/apps\/web\/merge\.yaml\)$/),
    ]);
  }, 20_000);

  test('a problem the base side already had is not new', () => {
    const { b, h } = sides({ ...base, [`${APPS}/web/extra.json`]: '{}' }, { [`${APPS}/web/configmap-more.yaml`]: cm('more') });
    expect(review(b, h)).toEqual([]);
  });
});
