/**
 * The release gates as a hostile team would try them: commits whose dates it
 * chose, a team repository's tree crafted so that the gate does not see the
 * build it puts in prod. Each repository here is the committed tree as
 * published (gitops/, with its org.json) in a Git repository of its own with
 * fixed commit dates; `paved releases --check` runs as CI runs it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CLI, type CliRun, PROCESS_LIMITS, ROOT, cleanTmpDirs, tmpDir, writeFiles } from '../cli-util';

afterAll(cleanTmpDirs);

const DIGEST = (c: string) => `sha256:${c.repeat(64)}`;
const T0 = '2026-06-01T09:00:00Z';

/** The published tree in a repository of its own, committed at T0. */
function repository(): { dir: string; git: (args: readonly string[]) => void; commit: (message: string, date: string) => void; check: (args?: readonly string[]) => CliRun } {
  const dir = tmpDir('paved-release-attack-');
  fs.cpSync(path.join(ROOT, 'gitops'), path.join(dir, 'gitops'), { recursive: true });
  const env = (date: string) => ({
    ...process.env,
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@example.com',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@example.com',
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  });
  const git = (args: readonly string[], date = T0) => spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: env(date), ...PROCESS_LIMITS });
  const commit = (message: string, date: string) => {
    git(['add', '-A']);
    expect(git(['commit', '--quiet', '-m', message], date).status).toBe(0);
  };
  const check = (args: readonly string[] = []): CliRun => {
    const r = spawnSync(process.execPath, [CLI, 'releases', '--check', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, ...PROCESS_LIMITS });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  expect(git(['init', '--quiet', '--initial-branch=main']).status).toBe(0);
  commit('the tree as published', T0);
  return { dir, git: (args) => expect(git(args).status).toBe(0), commit, check };
}

/** The mobile team's app (its apps come from its own repository): its Application file in an environment, and its image there. */
const bff = (dir: string, env: string) => path.join(dir, 'gitops', env, 'teams', 'mobile', 'apps', 'mobile-bff', 'application-mobile-bff.yaml');
const imageOf = (file: string) => /image: (\S+)/.exec(fs.readFileSync(file, 'utf8'))?.[1] as string;
const NEXT = (dir: string) => `${imageOf(bff(dir, 'prod')).replace(/:[^:@]+@sha256:[0-9a-f]{64}$/, '')}:3.3.0@${DIGEST('e')}`;
const setImage = (file: string, to: string) => fs.writeFileSync(file, fs.readFileSync(file, 'utf8').split(imageOf(file)).join(to));

test("the apps a team proposes from its own repository are judged from the tree's history: prod takes a build staging ran for its soak time", () => {
  const r = repository();
  const next = NEXT(r.dir);

  // straight into prod: staging never ran it
  setImage(bff(r.dir, 'prod'), next);
  r.commit('mobile: 3.3.0 to prod', '2026-06-02T09:00:00Z');
  const bypass = r.check();
  expect(bypass.code).toBe(1);
  expect(bypass.stderr).toContain(
    'gitops/prod/teams/mobile/apps/mobile-bff/application-mobile-bff.yaml: mobile/mobile-bff 3.3.0 (sha256:eeeeeeeeeeee…) never ran in staging, the environment before prod',
  );

  // through staging, then prod a day and a bit later: passes
  r.git(['reset', '--quiet', '--hard', 'HEAD~1']);
  setImage(bff(r.dir, 'staging'), next);
  r.commit('mobile: 3.3.0 to staging', '2026-06-02T09:00:00Z');
  expect(r.check().code).toBe(0);
  setImage(bff(r.dir, 'prod'), next);
  r.commit('mobile: 3.3.0 to prod', '2026-06-03T10:00:00Z');
  const soaked = r.check();
  expect(soaked.stderr).toBe('');
  expect(soaked.code).toBe(0);
  expect(soaked.stdout).toMatch(/^mobile\/mobile-bff {2}prod {2}3\.3\.0 {2}sha256:eeeeeeeeeeee… \(proposed: promotion, [0-9a-f]{12}\)$/m);
  // the same commit, checked as a pull request's merge result three hours after staging took the build: its own date does not count
  const forged = r.check(['--lands-at', '2026-06-02T12:00:00Z']);
  expect(forged.code).toBe(1);
  expect(forged.stderr).toContain('mobile/mobile-bff 3.3.0 ran in staging for 3 h (since 2026-06-02T09:00:00.000Z), and prod takes a version after 24 h there: 21 h left');
}, 120_000);

describe('a merge result dated by its author', () => {
  test('records: staging and prod changed in one commit dated a year back do not soak for that year when checked --lands-at now', () => {
    const r = repository();
    const build = `registry.example.com/payments/checkout:9.9.9@${DIGEST('d')}`;
    writeFiles(r.dir, {
      'releases/payments/checkout/staging.yaml': `image: ${build}\n`,
      'releases/payments/checkout/prod.yaml': `image: ${build}\npromotedFrom: staging\n`,
    });
    r.commit('both environments at once, dated a year back', '2025-06-01T09:00:00Z');
    const landed = r.check(['--lands-at', 'now']);
    expect(landed.code).toBe(1);
    expect(landed.stderr).toMatch(/releases\/payments\/checkout\/prod\.yaml: payments\/checkout 9\.9\.9 ran in staging for 0 min .*prod takes a version after 24 h there/);
  }, 120_000);

  test("a team's proposal: staging and prod changed in one commit dated a year back do not soak for that year when checked --lands-at now", () => {
    const r = repository();
    const next = NEXT(r.dir);
    setImage(bff(r.dir, 'staging'), next);
    setImage(bff(r.dir, 'prod'), next);
    r.commit('mobile: 3.3.0 to staging and prod, dated a year back', '2025-06-01T09:00:00Z');
    const landed = r.check(['--lands-at', 'now']);
    expect(landed.code).toBe(1);
    expect(landed.stderr).toMatch(/application-mobile-bff\.yaml: mobile\/mobile-bff 3\.3\.0 ran in staging for 0 min .*prod takes a version after 24 h there/);
  }, 120_000);
});

describe("a team repository's Application crafted so that the gate does not read its image", () => {
  const FILE = 'gitops/prod/teams/mobile/apps/mobile-bff/application-mobile-bff.yaml: ';
  test.each([
    ['an empty YAML document after it (--- at the end): read as Argo CD reads it', (text: string) => `${text}---\n`, `${FILE}mobile/mobile-bff 3.3.0 (sha256:eeeeeeeeeeee…) never ran in staging`],
    [
      'its component named otherwise than the app',
      (text: string) => text.replace(/^ {4}- name: mobile-bff$/m, '    - name: bff'),
      `${FILE}no component named mobile-bff (after the app) with an image`,
    ],
    [
      'two Applications in the file',
      (text: string) => `${text}---\n${text.replace(/^ {2}name: mobile-bff$/m, '  name: mobile-bff-2')}`,
      `${FILE}2 YAML documents, where paved synth writes one Application`,
    ],
  ])(
    'a build staging never ran, in prod with %s, is refused',
    (_, craft, message) => {
      const r = repository();
      const next = NEXT(r.dir);
      const file = bff(r.dir, 'prod');
      fs.writeFileSync(file, craft(fs.readFileSync(file, 'utf8')).split(imageOf(file)).join(next));
      r.commit('mobile: 3.3.0 to prod', '2026-06-02T09:00:00Z');
      const check = r.check();
      expect(check.stderr).toContain(message);
      expect(check.code).toBe(1);
    },
    120_000,
  );

  test("a second component running a build staging never ran, beside the app's own, is refused", () => {
    const r = repository();
    const file = bff(r.dir, 'prod');
    const extra = `  components:\n    - name: extra\n      type: webservice\n      properties:\n        image: ${NEXT(r.dir)}\n`;
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^ {2}components:\n/m, extra));
    r.commit('mobile: a component beside the app', '2026-06-02T09:00:00Z');
    const check = r.check();
    expect(check.stderr).toContain(`${FILE}component "extra" runs "${NEXT(r.dir)}", not the build of component mobile-bff`);
    expect(check.code).toBe(1);
  }, 120_000);

  test('an Application in another file of the app folder is refused', () => {
    const r = repository();
    const file = bff(r.dir, 'prod');
    const text = fs.readFileSync(file, 'utf8').replace(/^ {2}name: mobile-bff$/m, '  name: sneaky');
    fs.writeFileSync(path.join(path.dirname(file), 'configmap-sneaky.yaml'), text.split(imageOf(file)).join(NEXT(r.dir)));
    r.commit('mobile: another Application', '2026-06-02T09:00:00Z');
    const check = r.check();
    expect(check.stderr).toContain(
      'gitops/prod/teams/mobile/apps/mobile-bff/configmap-sneaky.yaml: an Application outside <app>/application-<app>.yaml: the release gates read the build an app of team mobile runs from that file only',
    );
    expect(check.code).toBe(1);
  }, 120_000);
});

describe("the diff's RELEASES lines", () => {
  test('a new build in prod behind an empty YAML document, and under the tag of the build before, is one line naming both digests', () => {
    const r = repository();
    const file = bff(r.dir, 'prod');
    const same = imageOf(file).replace(/sha256:[0-9a-f]{64}$/, DIGEST('e'));
    fs.writeFileSync(file, `${fs.readFileSync(file, 'utf8').split(imageOf(file)).join(same)}---\n`);
    r.commit('mobile: the tag pushed again', '2026-06-02T09:00:00Z');
    const diff = spawnSync(process.execPath, [CLI, 'diff', '--base', 'HEAD~1'], { cwd: r.dir, encoding: 'utf8', ...PROCESS_LIMITS });
    expect(diff.stdout).toMatch(/^RELEASES\n {2}> \[prod\] mobile\/mobile-bff in prod: 3\.2\.0 \(sha256:527d210cc5ff…\) → 3\.2\.0 \(sha256:eeeeeeeeeeee…\)\n\n/m);
  }, 120_000);
});

describe('a rollback', () => {
  // A pull request merged by rebase lands each of its commits on main's first-parent line, unchecked (its merge result
  // puts nothing in prod), all dated when they land; a later pull request then "rolls back" to the build one of them held
  // for no time at all. A rollback counts only a stay that lasted.
  test('to a build prod held only between two commits of a rebased pull request, which staging never ran, is refused', () => {
    const r = repository();
    const build = `registry.example.com/payments/checkout:6.6.6@${DIGEST('f')}`;
    const prod = path.join(r.dir, 'releases', 'payments', 'checkout', 'prod.yaml');
    writeFiles(r.dir, { 'releases/payments/checkout/prod.yaml': `image: ${build}\n` });
    r.commit('rebased commit 1: a build in prod', '2026-06-02T09:00:00Z');
    fs.rmSync(prod);
    r.commit('rebased commit 2: and out again (the merge result changes nothing)', '2026-06-02T09:00:00Z');
    writeFiles(r.dir, { 'releases/payments/checkout/prod.yaml': `image: ${build}\n` });
    r.commit('"roll back" to it', '2026-06-03T09:00:00Z');
    const check = r.check(['--lands-at', 'now']);
    expect(check.code).toBe(1);
  }, 120_000);
});

describe('a record in history', () => {
  test('of 65 MiB (no record, whatever a commit held) is read as no build, not a crash', () => {
    const r = repository();
    const build = `registry.example.com/payments/checkout:6.6.6@${DIGEST('f')}`;
    writeFiles(r.dir, { 'releases/payments/checkout/staging.yaml': '#'.repeat(65 * 1024 * 1024 + 1) });
    r.commit('a huge staging record', '2026-06-02T09:00:00Z');
    writeFiles(r.dir, { 'releases/payments/checkout/staging.yaml': `image: ${build}\n`, 'releases/payments/checkout/prod.yaml': `image: ${build}\n` });
    r.commit('the build in both', '2026-06-03T09:00:00Z');
    const check = r.check();
    expect(check.stderr).toContain('releases/payments/checkout/prod.yaml: payments/checkout 6.6.6 ran in staging for 0 min');
    expect(check.code).toBe(1);
  }, 120_000);
});
