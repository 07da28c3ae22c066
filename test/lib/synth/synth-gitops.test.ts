import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, cleanTmpDirs, pavedInProcess, tmpDir, writeFiles } from '../../cli-util';

afterAll(cleanTmpDirs);

const DEFINITION = ['--definition', path.join(ROOT, 'dist', 'platform', 'k8s.js')];
/** The folder the example org keeps for team mobile, whose apps come from its own repository. */
const KEPT = 'prod/teams/mobile/apps';

/** A copy of the committed example tree, and the folder it is in. */
function copyOfTree(): { dir: string; out: string } {
  const dir = tmpDir('paved-synth-kept-');
  const out = path.join(dir, 'gitops');
  fs.cpSync(path.join(ROOT, 'gitops'), out, { recursive: true });
  return { dir, out };
}

/** Every entry below a folder, without following links: files by content, links by target, others by kind. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      const rel = path.relative(dir, full);
      if (e.isDirectory()) walk(full);
      else if (e.isSymbolicLink()) out.set(rel, `link → ${fs.readlinkSync(full)}`);
      else if (e.isFile()) out.set(rel, fs.readFileSync(full).toString('base64'));
      else out.set(rel, 'special');
    }
  };
  walk(dir);
  return out;
}

const cm = (name: string, namespace = 'mobile') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n`;

/** A billion-laughs ConfigMap of about 1.7 KB: nine levels of nine aliases. */
function aliasBomb(): string {
  let text = `${cm('lol')}data:\n  laughter-level-0: &laughter-level-0 "lol"\n`;
  for (let i = 1; i <= 9; i++)
    text += `  laughter-level-${i}: &laughter-level-${i} [${Array(9)
      .fill(`*laughter-level-${i - 1}`)
      .join(',')}]\n`;
  return text;
}

/** Runs a full synth of the example org into `out`; its exit code, what it printed, and how long it took (ms). */
async function synth(dir: string, out: string) {
  const started = process.hrtime.bigint();
  const r = await pavedInProcess(['synth', ...DEFINITION, '--out', out], dir);
  return { ...r, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

describe("the files a synth keeps (a team repository's apps folder)", () => {
  test('refuses every file Argo CD would read otherwise than paved, or that paved will not read, all at once: exit 1, each file named, nothing written', async () => {
    const { dir, out } = copyOfTree();
    const outside = path.join(dir, 'ci-secrets');
    writeFiles(outside, { 'token.yaml': `${cm('token')}data:\n  token: SECRET-VALUE-0451\n` });
    writeFiles(out, {
      [`${KEPT}/mobile-bff/evil.json`]: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'j', namespace: 'payments' } }),
      [`${KEPT}/mobile-bff/evil.yml`]: cm('y', 'payments'),
      [`${KEPT}/mobile-bff/evil.jsonnet`]: '{}',
      [`${KEPT}/README.md`]: '# notes\n',
      [`${KEPT}/.argocd-source.yaml`]: 'directory:\n  include: "*"\n',
      [`${KEPT}/Chart.yaml`]: 'name: c\n',
      [`${KEPT}/push-worker/kustomization.yaml`]: 'resources: []\n',
      [`${KEPT}/push-worker/list.yaml`]: `apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: l, namespace: mobile}}\n`,
      [`${KEPT}/push-worker/hidden.yaml`]: `# +argocd:skip-file-rendering\n${cm('hidden')}`,
    });
    fs.symlinkSync(path.join(outside, 'token.yaml'), path.join(out, KEPT, 'mobile-bff', 'link.yaml'));
    fs.symlinkSync(outside, path.join(out, KEPT, 'linked'));
    fs.symlinkSync('../../../../prod/teams/payments/apps/checkout/configmap-checkout-dashboard.yaml', path.join(out, 'catalog/teams/mobile/apps/other-team.yaml'));
    execFileSync('mkfifo', [path.join(out, KEPT, 'pipe.yaml')]);
    const before = snapshot(out);

    const r = await synth(dir, out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('gitops is unchanged');
    const expected = [
      `${KEPT}/mobile-bff/evil.json: file: no Argo CD Application applies it: team mobile's apps folder holds only what its Application applies, the *.yaml files paved writes`,
      `${KEPT}/mobile-bff/evil.yml: file: no Argo CD Application applies it`,
      `${KEPT}/mobile-bff/evil.jsonnet: file: no Argo CD Application applies it`,
      `${KEPT}/README.md: file: no Argo CD Application applies it`,
      `${KEPT}/.argocd-source.yaml: Argo CD source override: Argo CD merges .argocd-source.yaml into the source of the Application that reads this folder`,
      `${KEPT}/Chart.yaml: Helm chart: makes Argo CD render the folder with Helm when an Application leaves its type to detection`,
      `${KEPT}/push-worker/kustomization.yaml: Kustomization: makes Argo CD render the folder with Kustomize`,
      `${KEPT}/push-worker/list.yaml: document 1 (List with 1 items): is a list: Argo CD applies each of its items, and a team's folder holds one object per file`,
      `${KEPT}/push-worker/hidden.yaml: file: holds +argocd:skip-file-rendering, so Argo CD skips it`,
      `${KEPT}/mobile-bff/link.yaml: link to ${path.join(outside, 'token.yaml')}: team mobile's apps folder holds no links`,
      `${KEPT}/linked: link to ${outside}: team mobile's apps folder holds no links`,
      "catalog/teams/mobile/apps/other-team.yaml: link to ../../../../prod/teams/payments/apps/checkout/configmap-checkout-dashboard.yaml: team mobile's apps folder holds no links",
      `${KEPT}/pipe.yaml: FIFO: is not a regular file: a GitOps tree holds only files and folders (paved does not open it)`,
    ];
    for (const line of expected) expect(r.stderr).toContain(line);
    // nothing written, and what a link points at never read into the output
    expect(snapshot(out)).toEqual(before);
    expect(`${r.stdout}${r.stderr}`).not.toContain('SECRET-VALUE-0451');
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('.gitops'))).toEqual([]);
  }, 60_000);

  test.each([
    ['a 1-2 KB YAML alias bomb', 'bomb.yaml', aliasBomb(), 'document 1: holds more than 64 YAML aliases (81 so far in the file)'],
    [
      'an object over the client-side apply limit',
      'big.yaml',
      `${cm('big')}data:\n  v: "${'x'.repeat(300 * 1024)}"\n`,
      'document 1 (ConfigMap big): is 307,301 bytes (300.1 KiB) as JSON: team-mobile-apps applies it client-side',
    ],
    [
      "an object over etcd's limit",
      'huge.yaml',
      `${cm('huge')}data:\n  v: "${'x'.repeat(1600 * 1024)}"\n`,
      "document 1 (ConfigMap huge): is 1,638,502 bytes (1.6 MiB) as JSON: over etcd's request limit of 1,572,864 bytes (1.5 MiB), the API server cannot store it",
    ],
    ['a file over the per-file limit', 'giant.yaml', `# ${'g'.repeat(3 * 1024 * 1024)}\n`, "file of 3,145,731 bytes (3 MiB): is over paved's limit of 2,097,152 bytes (2 MiB) per file (not read)"],
  ])(
    'refuses %s in a kept folder within a time budget, naming the file: exit 1, nothing written',
    async (_, file, text, message) => {
      const { dir, out } = copyOfTree();
      if (file === 'bomb.yaml') expect(Buffer.byteLength(text)).toBeGreaterThan(1024);
      if (file === 'bomb.yaml') expect(Buffer.byteLength(text)).toBeLessThan(2048);
      writeFiles(out, { [`${KEPT}/mobile-bff/${file}`]: text });
      const before = snapshot(out);
      const r = await synth(dir, out);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${KEPT}/mobile-bff/${file}: ${message}`);
      expect(r.ms).toBeLessThan(45_000);
      expect(snapshot(out)).toEqual(before);
    },
    60_000,
  );
});

describe('a tree a merge left half done', () => {
  /** A file of the copy, with `edit` applied to its lines. */
  const edit = (out: string, file: string, change: (lines: string[]) => string[]) => {
    const full = path.join(out, file);
    fs.writeFileSync(full, change(fs.readFileSync(full, 'utf8').split('\n')).join('\n'));
  };
  const conflict = (ours: string, theirs: string, base?: string) => [
    '<<<<<<< HEAD',
    ours,
    ...(base !== undefined ? ['||||||| merged common ancestors', base] : []),
    '=======',
    theirs,
    '>>>>>>> feature',
  ];

  test("refuses Git's conflict markers in any file of the tree, all at once, naming file and lines: exit 1, nothing written (a conflicted record of change days keeps every day)", async () => {
    const { dir, out } = copyOfTree();
    const application = `${KEPT}/mobile-bff/application-mobile-bff.yaml`;
    const image = fs
      .readFileSync(path.join(out, application), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('image: registry.example.com/mobile/bff'));
    expect(image).toBeGreaterThan(0);
    // a team's proposal, as two branches of its repository changed the same line
    edit(out, application, (lines) => [...lines.slice(0, image), ...conflict(lines[image], lines[image].replace('3.2.0', '3.3.0')), ...lines.slice(image + 1)]);
    // a file paved generates, with the merge base (diff3)
    edit(out, 'staging/teams/payments/tenant/namespaces/payments/resourcequota-team-quota.yaml', (lines) => [
      ...lines.slice(0, 12),
      ...conflict('    pods: 50', '    pods: 60', '    pods: 40'),
      ...lines.slice(13),
    ]);
    // the org the synth writes and a team repository reads
    const team = fs
      .readFileSync(path.join(out, 'org.json'), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('"repoURL"'));
    expect(team).toBeGreaterThan(0);
    edit(out, 'org.json', (lines) => [...lines.slice(0, team), ...conflict(lines[team], lines[team]), ...lines.slice(team + 1)]);
    // a report, whose opener went when someone resolved half of it by hand
    edit(out, 'ACCESS.md', (lines) => [...lines.slice(0, 3), '>>>>>>> feature', ...lines.slice(3)]);
    const before = snapshot(out);

    const r = await synth(dir, out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('gitops is unchanged');
    const take = (file: string) => `paved writes this file: take either side (git checkout --ours or --theirs -- ${file}) or delete it, and synth writes it again`;
    for (const line of [
      `${application}: line ${image + 1}: holds a merge conflict (Git's markers, lines ${image + 1} to ${image + 5}): paved keeps this file as it is (a team repository's proposal, or a file paved did not write): take its owner's version`,
      `staging/teams/payments/tenant/namespaces/payments/resourcequota-team-quota.yaml: line 13: holds a merge conflict (Git's markers, lines 13 to 19): ${take('staging/teams/payments/tenant/namespaces/payments/resourcequota-team-quota.yaml')}`,
      `org.json: line ${team + 1}: holds a merge conflict (Git's markers, lines ${team + 1} to ${team + 5}): ${take('org.json')}`,
      `ACCESS.md: line 4: holds a merge conflict (a stray marker of Git's): ${take('ACCESS.md')}`,
    ]) {
      expect(r.stderr).toContain(line);
    }
    // one problem per conflict: the half-merged YAML is not also reported as YAML that does not parse
    expect(r.stderr.match(new RegExp(application.replace(/[.]/g, '\\.'), 'g'))).toHaveLength(1);
    expect(snapshot(out)).toEqual(before);
    expect(r.ms).toBeLessThan(45_000);
  }, 60_000);

  test('refuses state that does not parse, naming file, line and column: a union-merged JSON manifest, a hand-edited org, a proposal whose YAML broke; exit 1, nothing written', async () => {
    const { dir, out } = copyOfTree();
    // a union merge of a team's JSON manifest (Argo CD applies *.json): both sides' keys, and no comma between them
    const json = `${KEPT}/mobile-bff/configmap-extra.json`;
    writeFiles(out, { [json]: ['{', '  "apiVersion": "v1",', '  "kind": "ConfigMap",', '  "data": {"a": "1"}', '  "metadata": {"name": "extra"}', '}', ''].join('\n') });
    // a trailing comma after the last team
    const orgLines = fs.readFileSync(path.join(out, 'org.json'), 'utf8').split('\n');
    edit(out, 'org.json', (lines) => [...lines.slice(0, -3), `${lines[lines.length - 3]},`, ...lines.slice(-2)]);
    // a team's proposal whose YAML a bad resolution broke
    const component = 'catalog/teams/mobile/apps/mobile-bff/component-mobile-bff.yaml';
    edit(out, component, (lines) => [...lines.slice(0, 5), '  namespace: "mobile', ...lines.slice(6)]);
    const before = snapshot(out);

    const r = await synth(dir, out);
    expect(r.code).toBe(1);
    for (const line of [
      `${json}: line 5, column 3: is not JSON (expected "," or "}"): paved keeps this file as it is (a team repository's proposal, or a file paved did not write): take its owner's version`,
      `org.json: line ${orgLines.length - 1}, column 1: is not JSON (expected a quoted key): paved writes this file: take either side (git checkout --ours or --theirs -- org.json) or delete it, and synth writes it again`,
    ]) {
      expect(r.stderr).toContain(line);
    }
    expect(r.stderr).toMatch(new RegExp(`${component.replace(/[.]/g, '\\.')}: document 1: Missing closing "quote at line 6, column \\d+`));
    expect(snapshot(out)).toEqual(before);
  }, 60_000);
});

test("a tree written before the index files left it loses them at the next synth, even half merged (they are the published tree's, and never read)", async () => {
  const { dir, out } = copyOfTree();
  writeFiles(out, {
    'CATALOG.md': ['# Service catalog', '<<<<<<< HEAD', '| a |', '=======', '| b |', '>>>>>>> feature', ''].join('\n'),
    'catalog/last-changed.json': ['{', '  "mobile/mobile-bff": {"date": "2026-12-07"}', '  "search/zeta": {"date": "2027-01-05"}', '}', ''].join('\n'),
  });
  const r = await synth(dir, out);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  for (const file of ['CATALOG.md', 'catalog/last-changed.json']) expect(fs.existsSync(path.join(out, file))).toBe(false);
}, 60_000);

describe("a synth of one team's part (--team) in the platform's tree", () => {
  test("writes the team's apps' Location as a full synth does, so the catalog still reads the team's apps", async () => {
    const { dir, out } = copyOfTree();
    const location = 'catalog/teams/payments/apps/location.yaml';
    const r = await pavedInProcess(['synth', ...DEFINITION, '--team', 'payments', '--out', out], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(out, location), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'gitops', location), 'utf8'));
  }, 60_000);
});
