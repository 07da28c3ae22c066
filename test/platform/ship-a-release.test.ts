/**
 * A release end to end, as a team's CI and a person run it, in a Git
 * repository of its own with fixed commit dates: a build enters staging,
 * its promotion to prod is refused before the soak time and accepted after,
 * a rollback restores the build before; each step prints the diff a reviewer
 * sees, leaves a tree `paved validate` passes, and `paved releases --check`
 * proves the gates from the history alone.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CLI, PROCESS_LIMITS, ROOT, cleanTmpDirs, tmpDir, writeFiles } from '../cli-util';

afterAll(cleanTmpDirs);

const DIGEST = (c: string) => `sha256:${c.repeat(64)}`;
const BUILD_140 = `registry.example.com/payments/web:1.4.0@${DIGEST('a')}`;
const BUILD_150 = `registry.example.com/payments/web:1.5.0@${DIGEST('b')}`;
const T0 = '2026-06-01T09:00:00Z';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A project: the test org (staging, then prod with a 24 h soak), one app whose builds come from its release records. */
function project(): { dir: string; paved: (args: readonly string[]) => Run; commit: (message: string, date: string) => void; git: (args: readonly string[]) => string } {
  const dir = tmpDir('paved-release-');
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const lib = JSON.stringify(path.join(ROOT, 'dist', 'lib'));
  writeFiles(dir, {
    'tsconfig.json': JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'commonjs', outDir: 'dist', rootDir: '.', strict: true, skipLibCheck: true, types: ['node'] },
      include: ['paved.ts', 'apps/**/*.ts'],
    }),
    'package.json': JSON.stringify({ name: 'release-flow', private: true, paved: { definition: 'dist/paved.js', out: 'gitops' } }),
    '.gitignore': 'dist/\nnode_modules\n',
    'paved.ts': [
      "import * as path from 'path';",
      `const lib = require(${lib});`,
      `const util = require(${JSON.stringify(path.join(ROOT, 'dist', 'test', 'util.js'))});`,
      'const [staging, prod] = util.ORG_PROPS.environments;',
      "export const org = new lib.Org({ ...util.ORG_PROPS, images: { registries: ['registry.example.com'] }, environments: [staging, { ...prod, promotion: { soakHours: 24, approvers: ['@acme/release-managers'] } }] });",
      'export const platform = util.minimalPlatform;',
      "export const apps = lib.loadTeamApps(path.join(__dirname, 'apps'));",
      '',
    ].join('\n'),
    // no image in the definition: each environment runs its record's build, and the app waits for its first one
    'apps/payments/web.ts': [
      `const { AppConstruct } = require(${lib});`,
      'export const web = (scope: any) => {',
      "  if (!scope.releaseOf('web')) return;",
      "  new AppConstruct(scope, 'web', { team: scope.team, port: 8080, replicas: scope.environment.production ? 2 : 1 });",
      '};',
      '',
    ].join('\n'),
  });
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8', ...PROCESS_LIMITS });
  expect(tsc.stdout + tsc.stderr).toBe('');
  const env = (date?: string) => ({
    ...process.env,
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@example.com',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@example.com',
    ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
  });
  const git = (args: readonly string[], date?: string) => {
    const r = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: env(date), ...PROCESS_LIMITS });
    expect(r.stderr).toBe('');
    return r.stdout;
  };
  const paved = (args: readonly string[]): Run => {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, ...PROCESS_LIMITS });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  git(['init', '--quiet', '--initial-branch=main']);
  expect(paved(['synth']).code).toBe(0);
  git(['add', '-A']);
  git(['commit', '--quiet', '-m', 'the platform, no build released yet'], '2026-05-31T09:00:00Z');
  return { dir, paved, git: (args) => git(args), commit: (message, date) => (git(['add', '-A']), git(['commit', '--quiet', '-m', message], date)) as unknown as void };
}

const imageIn = (dir: string, env: string) => /image: (\S+)/.exec(fs.readFileSync(path.join(dir, 'gitops', env, 'teams', 'payments', 'apps', 'web', 'application-web.yaml'), 'utf8'))?.[1];

test('release 1.5.0 to staging, its promotion to prod refused before the soak time and accepted after, a rollback to the build before; every tree valid, every gate proved from Git history', () => {
  const p = project();
  const valid = () => {
    const v = p.paved(['validate']);
    expect([v.code, v.stdout.match(/\d+ error\(s\)/)?.[0]]).toEqual([0, '0 error(s)']);
    // and the release gates of what HEAD changes pass
    expect(v.stdout).toMatch(/^release gates: every build HEAD puts somewhere passes \(\d+ record\(s\)/m);
  };

  // 1.4.0 enters staging, and prod a day later
  const first = p.paved(['release', 'payments/web', BUILD_140]);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect(first.stdout).toContain('release payments/web 1.4.0 → staging\nwrote releases/payments/web/staging.yaml');
  expect(first.stdout).toContain('RELEASES\n  > [staging] payments/web in staging: nothing → 1.4.0');
  expect(first.stdout).toContain('+ [staging] Application payments/web  (staging/teams/payments/apps/web/application-web.yaml)');
  valid();
  p.commit('release web 1.4.0', T0);
  const second = p.paved(['promote', 'payments/web', '--to', 'prod', '--at', '2026-06-02T10:00:00Z']);
  expect(second.code).toBe(0);
  p.commit('promote web 1.4.0', '2026-06-02T10:00:00Z');

  // 1.5.0 enters staging
  const release = p.paved(['release', 'payments/web', BUILD_150]);
  expect(release.code).toBe(0);
  expect(release.stdout).toContain('RELEASES\n  > [staging] payments/web in staging: 1.4.0 → 1.5.0');
  expect(release.stdout).toContain(`spec.components[name=web].properties.image: "${BUILD_140}" → "${BUILD_150}"`);
  valid();
  p.commit('release web 1.5.0', '2026-06-03T10:00:00Z');
  expect(imageIn(p.dir, 'staging')).toBe(BUILD_150);

  // three hours later: refused, saying how long is left; nothing written
  const early = p.paved(['promote', 'payments/web', '--to', 'prod', '--at', '2026-06-03T13:00:00Z']);
  expect(early.code).toBe(1);
  expect(early.stderr).toContain(
    'releases/payments/web/prod.yaml: promote = "payments/web → prod" is not allowed: payments/web 1.5.0 ran in staging for 3 h (since 2026-06-03T10:00:00.000Z), and prod takes a version after 24 h there: 21 h left',
  );
  expect(p.git(['status', '--porcelain'])).toBe('');
  expect(imageIn(p.dir, 'prod')).toBe(BUILD_140);

  // a day and an hour later: promoted, the diff showing it as one line
  const promote = p.paved(['promote', 'payments/web', '--to', 'prod', '--at', '2026-06-04T11:00:00Z']);
  expect(promote.stderr).toBe('');
  expect(promote.code).toBe(0);
  expect(promote.stdout).toContain('promote payments/web 1.5.0: staging → prod (ran in staging for 1 d 1 h)');
  expect(promote.stdout).toContain('RELEASES\n  > [prod] payments/web 1.5.0: staging → prod (promoted, was 1.4.0)');
  expect(fs.readFileSync(path.join(p.dir, 'releases', 'payments', 'web', 'prod.yaml'), 'utf8')).toBe(
    `# The build payments/web runs in prod: written by paved release, promote and rollback.\nimage: ${BUILD_150}\npromotedFrom: staging\n`,
  );
  valid();
  p.commit('promote web 1.5.0', '2026-06-04T11:00:00Z');
  expect(imageIn(p.dir, 'prod')).toBe(BUILD_150);
  // the comment of that commit, as CI shows it: how long the build ran before, from the history
  const comment = p.paved(['diff', '--base', 'HEAD~1', '--format', 'markdown']);
  expect(comment.stdout).toContain('#### Releases (1)\n\n- `[prod] payments/web 1.5.0: staging → prod (promoted, was 1.4.0; ran in staging for 1 d 1 h)`');

  // the rollback: the record before, from the history
  const rollback = p.paved(['rollback', 'payments/web', '--env', 'prod']);
  expect(rollback.code).toBe(0);
  expect(rollback.stdout).toMatch(/^rollback payments\/web in prod: 1\.5\.0 → 1\.4\.0 \(as of [0-9a-f]{12}\)$/m);
  expect(imageIn(p.dir, 'prod')).toBe(BUILD_140);
  valid();
  p.commit('roll web back in prod', '2026-06-04T12:00:00Z');

  // what HEAD changes is checked; with --all, every record whenever it entered
  const check = p.paved(['releases', '--check']);
  expect(check.stderr).toBe('');
  expect(check.code).toBe(0);
  expect(check.stdout).toMatch(/^payments\/web {2}prod {2}1\.4\.0 {2}sha256:aaaaaaaaaaaa… \(rollback, [0-9a-f]{12}\)$/m);
  expect(check.stdout).toMatch(/^payments\/web {2}staging {2}1\.5\.0 {2}sha256:bbbbbbbbbbbb… \(not changed by HEAD\)$/m);
  const all = p.paved(['releases', '--check', '--all']);
  expect(all.code).toBe(0);
  expect(all.stdout).toMatch(/^payments\/web {2}staging {2}1\.5\.0 {2}sha256:bbbbbbbbbbbb… \(release, [0-9a-f]{12}\)$/m);
}, 300_000);

test('paved releases --check refuses what the history does not prove: a build put in prod by hand, and one released and promoted in the same commit', () => {
  const p = project();
  expect(p.paved(['release', 'payments/web', BUILD_140]).code).toBe(0);
  p.commit('release 1.4.0', T0);
  // by hand, a build staging never ran
  writeFiles(p.dir, { 'releases/payments/web/prod.yaml': `image: ${BUILD_150}\n` });
  p.commit('prod by hand', '2026-06-05T09:00:00Z');
  const byHand = p.paved(['releases', '--check']);
  expect(byHand.code).toBe(1);
  expect(byHand.stderr).toContain(
    'releases/payments/web/prod.yaml: payments/web 1.5.0 (sha256:bbbbbbbbbbbb…) never ran in staging, the environment before prod: it enters prod from there (paved promote payments/web --to staging first, and commit it)',
  );
  // paved validate of the project's tree checks the same gates (the tree itself is valid)
  const validate = p.paved(['validate']);
  expect(validate.code).toBe(1);
  expect(validate.stdout).toContain(
    'error [release] releases/payments/web/prod.yaml: release gates: payments/web 1.5.0 (sha256:bbbbbbbbbbbb…) never ran in staging, the environment before prod: it enters prod from there',
  );
  expect(validate.stdout).toContain('release gates: 1 failure(s)');
  expect(p.paved(['validate', '--no-releases']).code).toBe(0);
  // one build in staging and prod in one commit: it ran in staging for no time at all
  const build160 = `registry.example.com/payments/web:1.6.0@${DIGEST('d')}`;
  writeFiles(p.dir, { 'releases/payments/web/staging.yaml': `image: ${build160}\n`, 'releases/payments/web/prod.yaml': `image: ${build160}\npromotedFrom: staging\n` });
  p.commit('both at once', '2026-06-06T09:00:00Z');
  const together = p.paved(['releases', '--check']);
  expect(together.code).toBe(1);
  expect(together.stderr).toContain(
    'releases/payments/web/prod.yaml: payments/web 1.6.0 ran in staging for 0 min (since 2026-06-06T09:00:00.000Z), and prod takes a version after 24 h there: 1 d left',
  );
  // a rollback with nothing before it, a promotion into the first environment, a build the registry policy refuses: refused, nothing written
  const before = p.git(['status', '--porcelain']);
  expect(p.paved(['rollback', 'payments/web', '--env', 'staging']).code).toBe(0);
  p.git(['checkout', '--quiet', '--', '.']);
  p.git(['clean', '-fdq']);
  const first = p.paved(['promote', 'payments/web', '--to', 'staging']);
  expect([first.code, first.stderr]).toEqual([
    1,
    expect.stringContaining('--to = "staging" is not allowed: an environment after the first of the chain (staging → prod): a build enters staging with paved release'),
  ]);
  const foreign = p.paved(['release', 'payments/web', `evil.example.net/web:1.0.0@${DIGEST('c')}`]);
  expect([foreign.code, foreign.stderr]).toEqual([1, expect.stringContaining('image = "evil.example.net/web:1.0.0@sha256:cccc')]);
  const unpinned = p.paved(['release', 'payments/web', 'registry.example.com/payments/web:1.6.0']);
  expect([unpinned.code, unpinned.stderr]).toEqual([1, expect.stringContaining('an image by digest with the tag it was built as')]);
  const unknown = p.paved(['release', 'payments/nope', BUILD_150]);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain('releases/payments/nope/staging.yaml: app = "payments/nope" is not allowed: an app team payments\'s definitions create in staging (web)');
  expect(p.git(['status', '--porcelain'])).toBe(before);
}, 300_000);
