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
