/**
 * The platform's CI steps on a hostile team proposal, each run as a process
 * under Node.js's permission model: it may read only paved (this project) and
 * the checkout, and write only the checkout and paved's cache. Whatever paved
 * tried to read or write elsewhere (following a link out of the proposal, say)
 * would be refused by Node.js and show as an access error; none does, every
 * hostile file is named, nothing is written, within a time budget.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CLI, PROCESS_BUDGET_MS, PROCESS_LIMITS, ROOT, cleanTmpDirs, tmpDir, writeFiles } from '../cli-util';

afterAll(cleanTmpDirs);

const MOBILE = 'gitops/prod/teams/mobile/apps/mobile-bff';
const SECRET = 'OUTSIDE-THE-CHECKOUT-7731';

/** Every entry below a folder, links by target (never followed). */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(e.parentPath, e.name);
    out.set(path.relative(dir, full), e.isSymbolicLink() ? `→ ${fs.readlinkSync(full)}` : e.isFile() ? fs.readFileSync(full).toString('base64') : e.isDirectory() ? 'dir' : 'special');
  }
  return out;
}

/** A billion-laughs ConfigMap of about 1.7 KB. */
function aliasBomb(): string {
  let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol, namespace: mobile}\ndata:\n  l0: &l0 "lol"\n';
  for (let i = 1; i <= 9; i++)
    text += `  l${i}: &l${i} [${Array(9)
      .fill(`*l${i - 1}`)
      .join(',')}]\n`;
  return text;
}

/** `paved <args>` in the checkout, confined: reads paved and the checkout, writes the checkout and paved's cache. */
function confined(checkout: string, args: string[]) {
  const flags = [
    '--experimental-permission',
    `--allow-fs-read=${ROOT}/*`,
    `--allow-fs-read=${checkout}/*`,
    `--allow-fs-write=${checkout}/*`,
    `--allow-fs-write=${path.join(ROOT, 'node_modules', '.cache')}/*`,
    // paved synth runs the team's definitions in a process of its own (itself confined further)
    '--allow-child-process',
  ];
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...flags, CLI, ...args], { cwd: checkout, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, ...PROCESS_LIMITS });
  return { code: r.status, output: `${r.stdout}${r.stderr}`, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

test(
  'synth (the catalog refresh), validate and diff on a proposal with links out, foreign files and an alias bomb read and write nothing outside the checkout, name every file, write nothing',
  () => {
    const checkout = tmpDir('paved-ci-checkout-');
    const outside = tmpDir('paved-ci-outside-');
    fs.cpSync(path.join(ROOT, 'gitops'), path.join(checkout, 'gitops'), { recursive: true });
    fs.cpSync(path.join(ROOT, 'gitops'), path.join(checkout, 'base'), { recursive: true });
    writeFiles(outside, { 'token.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t, namespace: mobile}\ndata: {t: ${SECRET}}\n`, 'dir/x.yaml': `# ${SECRET}\n` });
    writeFiles(checkout, {
      [`${MOBILE}/bomb.yaml`]: aliasBomb(),
      [`${MOBILE}/extra.json`]: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j","namespace":"payments"}}',
      [`${MOBILE}/extra.yml`]: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y, namespace: mobile}\n',
      [`${MOBILE}/.argocd-source.yaml`]: 'directory: {include: "*"}\n',
      [`${MOBILE}/kustomization.yaml`]: 'resources: [../../../../../../outside]\n',
    });
    fs.symlinkSync(path.join(outside, 'token.yaml'), path.join(checkout, MOBILE, 'token.yaml'));
    fs.symlinkSync(path.join(outside, 'dir'), path.join(checkout, MOBILE, 'more'));
    const before = snapshot(checkout);

    const steps = {
      synth: confined(checkout, ['synth', '--definition', path.join(ROOT, 'dist', 'platform', 'k8s.js'), '--out', 'gitops']),
      validate: confined(checkout, ['validate', 'gitops']),
      diff: confined(checkout, ['diff', 'gitops', '--base-dir', 'base']),
    };
    for (const [step, r] of Object.entries(steps)) {
      // never an attempt outside the checkout (Node.js would have refused it), never the value from outside
      expect({ step, denied: /ERR_ACCESS_DENIED|Access to this API has been restricted/.test(r.output), leaked: r.output.includes(SECRET) }).toEqual({ step, denied: false, leaked: false });
      expect({ step, withinBudget: r.ms < PROCESS_BUDGET_MS }).toEqual({ step, withinBudget: true });
    }
    // synth and validate refuse, naming each file (the diff, which gates nothing, shows changes: exit 1)
    expect(steps.diff.code).toBe(1);
    for (const step of ['synth', 'validate'] as const) {
      const r = steps[step];
      expect({ step, code: r.code }).toEqual({ step, code: 1 });
      for (const file of ['bomb.yaml', 'extra.json', 'extra.yml', '.argocd-source.yaml', 'kustomization.yaml', 'token.yaml', 'more']) {
        expect({ step, file, named: r.output.includes(`prod/teams/mobile/apps/mobile-bff/${file}`) }).toEqual({ step, file, named: true });
      }
    }
    expect(snapshot(checkout)).toEqual(before);
  },
  4 * PROCESS_BUDGET_MS,
);
