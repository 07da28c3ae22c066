import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { loadManifests } from '../../../lib/validate/manifests';
import { teamFolderOf } from '../../../lib/validate/argo-tree';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-argo-tree-'));
  dirs.push(dir);
  return dir;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
}

const cm = (name: string, namespace = 'mobile') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n`;
const APPS = 'prod/teams/mobile/apps';

/** A team repository's proposal (no Applications in it): one good app, and what a test adds. */
function proposal(extra: Record<string, string> = {}): string {
  const dir = tmp();
  write(dir, {
    [`${APPS}/web/configmap-web.yaml`]: cm('web'),
    'catalog/teams/mobile/apps/web/component-web.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: web}\n',
    ...extra,
  });
  return dir;
}

const lines = (dir: string) => loadManifests(dir).findings.map((f) => `${f.severity} ${f.file}: ${f.object}: ${f.message}`);
const names = (dir: string) => loadManifests(dir).objects.map((m) => `${m.file} ${String((m.object.metadata as { name?: string } | undefined)?.name)}`);

describe("a team's proposal, read as its generated Application reads it (directory, recurse, include *.yaml)", () => {
  test('reads its .yaml manifests and the catalog, with no finding', () => {
    const dir = proposal();
    expect(lines(dir)).toEqual([]);
    expect(names(dir)).toEqual(['catalog/teams/mobile/apps/web/component-web.yaml web', `${APPS}/web/configmap-web.yaml web`]);
  });

  test.each([
    ['a .json manifest', 'web/extra.json', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j","namespace":"payments"}}'],
    ['a .yml manifest', 'web/extra.yml', cm('y', 'payments')],
    ['a .jsonnet file', 'web/extra.jsonnet', '{}'],
    ['a README', 'README.md', '# notes\n'],
    ['a file with no extension', 'web/Kustomization', 'resources: []\n'],
  ])('refuses %s in the team folder: no Application applies it, and what is allowed', (_, file, text) => {
    const found = lines(proposal({ [`${APPS}/${file}`]: text }));
    expect(found).toContainEqual(
      `error ${APPS}/${file}: file: no Argo CD Application applies it: team mobile's apps folder holds only what its Application applies, the *.yaml files paved writes (one object each); remove it, or write it as a .yaml manifest`,
    );
  });

  test.each([
    ['.argocd-source.yaml', 'directory:\n  include: "*"\n'],
    ['.argocd-source-team-mobile-apps.yaml', 'helm: {}\ndirectory: null\n'],
    ['web/.argocd-source.yaml', 'directory:\n  recurse: false\n'],
  ])('refuses %s: Argo CD would merge it into the Application that reads the folder', (file, text) => {
    expect(lines(proposal({ [`${APPS}/${file}`]: text }))).toContainEqual(
      `error ${APPS}/${file}: Argo CD source override: Argo CD merges ${path.basename(file)} into the source of the Application that reads this folder (it can change which files are applied, or render them with Helm or Kustomize): paved refuses it; set the source in the Application`,
    );
  });

  test.each([
    ['Chart.yaml', 'Helm chart', 'Helm'],
    ['web/MyChart.yaml', 'Helm chart', 'Helm'],
    ['kustomization.yaml', 'Kustomization', 'Kustomize'],
    ['web/kustomization.yml', 'Kustomization', 'Kustomize'],
  ])('refuses %s, which makes Argo CD render a folder with %s when its type is detected', (file, what, tool) => {
    expect(lines(proposal({ [`${APPS}/${file}`]: 'name: c\n' }))).toContainEqual(
      `error ${APPS}/${file}: ${what}: makes Argo CD render the folder with ${tool} when an Application leaves its type to detection: team mobile's apps folder holds only the manifests paved writes`,
    );
  });

  test('refuses a file Argo CD skips (+argocd:skip-file-rendering): a proposal holds only what is applied', () => {
    expect(lines(proposal({ [`${APPS}/web/hidden.yaml`]: `# +argocd:skip-file-rendering\n${cm('hidden')}` }))).toContainEqual(
      `error ${APPS}/web/hidden.yaml: file: holds +argocd:skip-file-rendering, so Argo CD skips it: team mobile's apps folder holds only what is applied; remove the file`,
    );
  });

  test('reads the items of a list as Argo CD applies them, and refuses the list in a team folder', () => {
    const dir = proposal({ [`${APPS}/web/list.yaml`]: `apiVersion: v1\nkind: List\nitems:\n- ${cm('stolen', 'payments').trimEnd().replace(/\n/g, '\n  ')}\n` });
    expect(lines(dir)).toContainEqual(
      `error ${APPS}/web/list.yaml: document 1 (List with 1 items): is a list: Argo CD applies each of its items, and a team's folder holds one object per file (paved writes them so): write each item as its own file`,
    );
    expect(names(dir)).toContain(`${APPS}/web/list.yaml stolen`);
  });

  describe('links: never followed, refused wherever they are', () => {
    test.each([
      ["another team's file", '../../../payments/apps/checkout/configmap-checkout.yaml'],
      ['a file outside the repository', '/etc/passwd'],
      ['a folder', '../../../payments/apps'],
      ['nothing', 'missing.yaml'],
    ])('refuses a link to %s in a team folder, and reads nothing through it', (_, target) => {
      const dir = proposal({ 'prod/teams/payments/apps/checkout/configmap-checkout.yaml': cm('checkout', 'payments') });
      fs.symlinkSync(target, path.join(dir, APPS, 'web', 'link.yaml'));
      expect(lines(dir)).toContainEqual(
        `error ${APPS}/web/link.yaml: link to ${target}: team mobile's apps folder holds no links: Argo CD would apply the file it points to, which can be another team's; write the file itself`,
      );
      expect(names(dir).filter((n) => n.includes('link.yaml'))).toEqual([]);
    });

    test('refuses a linked folder, a link outside the team folders, and never walks into them', () => {
      const dir = proposal();
      const outside = tmp();
      write(outside, { 'secret.yaml': cm('secret') });
      fs.symlinkSync(outside, path.join(dir, APPS, 'linked'));
      fs.symlinkSync(outside, path.join(dir, 'prod', 'platform-link'));
      expect(lines(dir)).toEqual([
        `error prod/platform-link: link to ${outside}: paved follows no link (a tree it writes holds none), and Argo CD would apply the file it points to: write the file itself`,
        `error ${APPS}/linked: link to ${outside}: team mobile's apps folder holds no links: Argo CD would apply the file it points to, which can be another team's; write the file itself`,
      ]);
      expect(names(dir).some((n) => n.includes('secret'))).toBe(false);
    });
  });

  test('refuses a FIFO without opening it (reading it would wait forever)', () => {
    const dir = proposal();
    execFileSync('mkfifo', [path.join(dir, APPS, 'web', 'pipe.yaml')]);
    expect(lines(dir)).toContainEqual(`error ${APPS}/web/pipe.yaml: FIFO: is not a regular file: a GitOps tree holds only files and folders (paved does not open it)`);
  }, 10_000);

  test('refuses a small alias bomb and an oversized object, naming the file, within a time budget', () => {
    let bomb = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol, namespace: mobile}\ndata:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (const [i, n] of ['b', 'c', 'd', 'e', 'f', 'g', 'h'].entries())
      bomb += `  ${n}: &${n} [${Array(9)
        .fill(`*${i === 0 ? 'a' : ['b', 'c', 'd', 'e', 'f', 'g'][i - 1]}`)
        .join(',')}]\n`;
    expect(bomb.length).toBeLessThan(2048);
    const dir = proposal({ [`${APPS}/web/bomb.yaml`]: bomb, [`${APPS}/web/big.yaml`]: `${cm('big')}data:\n  v: "${'x'.repeat(300 * 1024)}"\n` });
    const started = process.hrtime.bigint();
    const found = lines(dir);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(10_000);
    expect(found.join('\n')).toContain(`error ${APPS}/web/bomb.yaml: document 1: expands to about`);
    expect(found.join('\n')).toContain(`error ${APPS}/web/big.yaml: document 1 (ConfigMap big): is 307,301 bytes (300.1 KiB) as JSON: team-mobile-apps applies it client-side`);
  }, 20_000);
});

const application = (name: string, appPath: string, source: Record<string, unknown> = { directory: { recurse: true } }) =>
  JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd' },
    spec: { project: 'platform', source: { repoURL: 'https://github.com/acme/platform.git', targetRevision: 'main', path: appPath, ...source } },
  });

/** A platform tree: org.json, and the Applications the test gives at prod's root. */
function platformTree(files: Record<string, string>): string {
  const dir = tmp();
  write(dir, { 'org.json': JSON.stringify({ gitops: { repoURL: 'https://github.com/acme/platform.git', path: 'gitops' } }), ...files });
  return dir;
}

describe("a platform's tree, read from the root Application down, as each Application reads its folder", () => {
  test('follows each Application to its folder with its own settings: recurse, include, exclude', () => {
    const dir = platformTree({
      'prod/application-a.yaml': application('a', 'gitops/prod/a', { directory: { recurse: false } }),
      'prod/application-b.yaml': application('b', 'gitops/prod/b', { directory: { recurse: true, include: '*.yml', exclude: 'skip/*' } }),
      'prod/a/one.yaml': cm('one'),
      'prod/a/sub/not-read.yaml': cm('not-read'),
      'prod/b/two.yml': cm('two'),
      'prod/b/three.yaml': cm('three'),
      'prod/b/skip/four.yml': cm('four'),
      'prod/b/deep/five.yml': cm('five'),
    });
    expect(names(dir).filter((n) => !n.startsWith('prod/application'))).toEqual(['prod/a/one.yaml one', 'prod/b/deep/five.yml five', 'prod/b/two.yml two']);
    expect(lines(dir)).toEqual([
      'error prod/a/sub/not-read.yaml: file: no Argo CD Application of the tree applies it: a GitOps tree holds only what its Applications apply (paved writes nothing else); remove it, or move it to a folder an Application reads',
      'error prod/b/skip/four.yml: file: no Argo CD Application of the tree applies it: a GitOps tree holds only what its Applications apply (paved writes nothing else); remove it, or move it to a folder an Application reads',
      'error prod/b/three.yaml: file: no Argo CD Application of the tree applies it: a GitOps tree holds only what its Applications apply (paved writes nothing else); remove it, or move it to a folder an Application reads',
    ]);
  });

  test("reads a team folder as the tree's Application does: a .json file it applies is refused there", () => {
    const dir = platformTree({
      'prod/application-team-mobile-apps.yaml': application('team-mobile-apps', 'gitops/prod/teams/mobile/apps'),
      [`${APPS}/web/configmap-web.yaml`]: cm('web'),
      [`${APPS}/web/extra.json`]: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'j', namespace: 'payments' } }),
    });
    expect(names(dir)).toContain(`${APPS}/web/extra.json j`);
    expect(lines(dir)).toEqual([`error ${APPS}/web/extra.json: file: Argo CD applies it, but a team's apps folder holds only the *.yaml files paved writes: write it as a .yaml manifest`]);
  });

  test('the root Application reads only the .yaml files at the environment folder (the bootstrap sets include *.yaml, not recursive)', () => {
    const dir = platformTree({ 'prod/application-a.yaml': application('a', 'gitops/prod/a'), 'prod/a/x.yaml': cm('x'), 'prod/extra.json': '{"kind":"ConfigMap"}', 'prod/extra.yml': cm('e') });
    expect(lines(dir)).toEqual([
      'error prod/extra.json: file: no Argo CD Application of the tree applies it: a GitOps tree holds only what its Applications apply (paved writes nothing else); remove it, or move it to a folder an Application reads',
      'error prod/extra.yml: file: no Argo CD Application of the tree applies it: a GitOps tree holds only what its Applications apply (paved writes nothing else); remove it, or move it to a folder an Application reads',
    ]);
  });

  test.each([
    ['no source type and a Chart.yaml', {}, { 'prod/a/Chart.yaml': 'name: a\n' }, /sets no source type, and prod\/a\/Chart\.yaml makes Argo CD render prod\/a with Helm: set spec\.source\.directory/],
    ['no source type and a kustomization', {}, { 'prod/a/kustomization.yaml': 'resources: []\n' }, /makes Argo CD render prod\/a with Kustomize/],
    [
      'no source type',
      {},
      {},
      /sets no source type: Argo CD detects it, and a Chart\.yaml or kustomization\.yaml added to prod\/a makes it render the folder with Helm or Kustomize; set spec\.source\.directory/,
    ],
    ['two source types', { directory: {}, helm: {} }, {}, /sets directory and helm: Argo CD refuses an Application with more than one source type/],
    [
      'an include gobwas cannot compile',
      { directory: { include: '*.[yaml' } },
      {},
      /spec\.source\.directory\.include: "\*\.\[yaml" is not a glob Argo CD can compile \(unexpected end of input\): it matches nothing, so Argo CD applies no file/,
    ],
    ['a path outside the tree', { directory: {} }, {}, /spec\.source\.path: "elsewhere\/a" is outside the tree paved checks \(gitops\/ of https:\/\/github\.com\/acme\/platform\.git\)/],
  ])('says what is wrong with an Application that has %s', (name, source, files, message) => {
    const at = name === 'a path outside the tree' ? 'elsewhere/a' : 'gitops/prod/a';
    const dir = platformTree({ 'prod/application-a.yaml': application('a', at, source), 'prod/a/x.yaml': cm('x'), ...files });
    const found = loadManifests(dir).findings.filter((f) => f.file === 'prod/application-a.yaml');
    expect(found.map((f) => `${f.object}: ${f.field}: ${f.message}`).join('\n')).toMatch(message);
  });

  test("refuses a file two Applications apply, and a folder over the repo server's combined size", () => {
    const dir = platformTree({
      'prod/application-a.yaml': application('a', 'gitops/prod/a'),
      'prod/application-b.yaml': application('b', 'gitops/prod/a'),
      'prod/a/x.yaml': cm('x'),
      ...Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`prod/a/pad-${i}.yaml`, `# ${'p'.repeat(2_000_000)}\n`])),
    });
    const found = lines(dir);
    expect(found).toContain('error prod/a/x.yaml: file: is applied by two Argo CD Applications (a and b): each file must have one');
    expect(found.join('\n')).toMatch(/error prod\/application-a\.yaml: Application a: reads 10,000,0\d\d bytes \(9\.5 MiB\) of manifests from prod\/a: over Argo CD's limit of 10,000,000 bytes/);
  }, 30_000);

  test('a folder an ApplicationSet renders with Helm holds no manifests, and is not reported', () => {
    const set = JSON.stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'meta', namespace: 'argocd' },
      spec: { template: { spec: { source: { repoURL: 'https://github.com/acme/platform.git', path: 'gitops/charts/meta', helm: { releaseName: 'meta' } } } } },
    });
    const dir = platformTree({ 'prod/applicationset-meta.yaml': set, 'charts/meta/Chart.yaml': 'name: meta\n', 'charts/meta/templates/x.yaml': '{{ .Values.x }}\n' });
    expect(lines(dir)).toEqual([]);
    expect(names(dir)).toEqual(['prod/applicationset-meta.yaml meta']);
  });
});

describe('a folder that is not a tree of environments', () => {
  test("reads one environment's folder (or any folder) as its .yaml and .yml files below it, a Helm chart's aside, with a team's folder's rules", () => {
    const dir = tmp();
    write(dir, {
      'teams/mobile/apps/web/configmap-web.yaml': cm('web'),
      'teams/mobile/apps/web/extra.json': '{"kind":"ConfigMap"}',
      'platform/config/x.yml': cm('x'),
      'platform/config/chart/Chart.yaml': 'name: c\n',
      'platform/config/chart/templates/t.yaml': '{{ bad }}\n',
    });
    expect(names(dir)).toEqual(['platform/config/x.yml x', 'teams/mobile/apps/web/configmap-web.yaml web']);
    expect(lines(dir)).toEqual([
      "error teams/mobile/apps/web/extra.json: file: no Argo CD Application applies it: team mobile's apps folder holds only what its Application applies, the *.yaml files paved writes (one object each); remove it, or write it as a .yaml manifest",
    ]);
  });
});

describe('the team whose apps folder holds a file', () => {
  const reference = (file: string, environments: boolean) => {
    const parts = file.split('/');
    const at = environments ? 1 : 0;
    return parts[at] === 'teams' && parts[at + 2] === 'apps' && parts.length > at + 3 ? parts[at + 1] : undefined;
  };

  test('is read in place as splitting the path into names reads it', () => {
    const rests = ['teams/mobile/apps/web/x.yaml', 'teams/mobile/apps/', 'teams/mobile/apps', 'teams//apps/x', 'teams/mobile/app/x', 'teams/mobile/tenant/x', 'teamsx/m/apps/x', 'teams/m/appsx/y'];
    const more = ['teams', 'teams/', 'teams/m', 'teams/m/apps/x/apps/y', 'xteams/m/apps/y'];
    const files = [...['', 'prod/', 'catalog/', '/', 'prod//', 'a/b/'].flatMap((env) => [...rests, ...more].map((rest) => `${env}${rest}`)), '', 'prod', 'prod/teams'];
    for (const file of files) for (const environments of [true, false]) expect([file, environments, teamFolderOf(file, environments)]).toEqual([file, environments, reference(file, environments)]);
  });
});
