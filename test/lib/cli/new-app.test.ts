import * as fs from 'fs';
import * as path from 'path';
import { CLI, ROOT, cleanTmpDirs, paved, pavedInProcess, tmpDir } from '../../cli-util';

afterAll(cleanTmpDirs);

const GOLDEN = fs.readFileSync(path.join(ROOT, 'test', 'golden', 'new-app', 'orders.ts'), 'utf8');
const FLAGS = [
  '--team',
  'payments',
  '--name',
  'orders',
  '--description',
  'Keeps orders: what was bought, by whom, and where it ships.',
  '--domain',
  'orders.payments.example.com',
  '--database',
  '--import-from',
  '../../../lib',
];

describe('paved new app', () => {
  test('writes the app definition from flags, and with --service-dir the service repository', () => {
    const dir = tmpDir();
    const out = path.join(dir, 'orders.ts');
    const r = paved(['new', 'app', ...FLAGS, '--out', out, '--service-dir', path.join(dir, 'svc')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('payments/orders at orders.payments.example.com, with a database');
    expect(fs.readFileSync(out, 'utf8')).toBe(GOLDEN);
    expect(fs.readFileSync(path.join(dir, 'svc', 'paved', 'orders.ts'), 'utf8')).toBe(GOLDEN);
    expect(fs.existsSync(path.join(dir, 'svc', 'catalog-info.yaml'))).toBe(true);
    // the hint names what runs here: this repository's synth script, paved's validate and diff
    expect(r.stdout).toContain('next: synthesize (npm run synth), validate (npx paved validate), review the diff (npx paved diff --base origin/main), and open a pull request');
  });

  test("in a team repository the hint names the repository's own scripts (they know its org file and the tree to compare with)", async () => {
    const dir = tmpDir();
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ scripts: { synth: 'tsc && paved synth --team payments', validate: 'paved validate out', diff: 'paved diff out --base-dir gitops-checkout/gitops' } }),
    );
    const r = await pavedInProcess(['new', 'app', ...FLAGS, '--out', path.join(dir, 'orders.ts'), '--definition', path.join(ROOT, 'dist', 'platform', 'k8s.js')], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('next: synthesize (npm run synth), validate (npm run validate), review the diff (npm run diff), and open a pull request');
  });

  test('bad answers exit 1, list every problem, and write nothing', async () => {
    const dir = tmpDir();
    const out = path.join(dir, 'x.ts');
    const r = await pavedInProcess(['new', 'app', '--team', 'search', '--name', 'Bad', '--description', 'x', '--domain', 'x.payments.example.com', '--port', '0', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('3 problem(s); nothing written');
    expect(r.stderr).toContain('name = "Bad" is not allowed');
    expect(r.stderr).toContain('port = 0 is not allowed');
    expect(r.stderr).toContain('domain = "x.payments.example.com" is not allowed: a name inside team search\'s zone "search.example.com"');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('an existing file is not overwritten', async () => {
    const r = await pavedInProcess(['new', 'app', '--team', 'payments', '--name', 'my-app', '--description', 'again', '--no-database']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('apps/payments/my-app.ts already exists');
  });

  test('without a terminal, missing answers are bad input (exit 1)', () => {
    const r = paved(['new', 'app', '--name', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--team, --description missing (pass them as flags, or run in a terminal to be asked)');
  });
});

describe('paved new app knows whose apps this repository defines', () => {
  test('in the platform repository, a team that keeps its apps in its own repository is refused, naming where', async () => {
    const dir = tmpDir();
    const r = await pavedInProcess(['new', 'app', '--team', 'mobile', '--name', 'gateway', '--description', 'A gateway.', '--no-database', '--out', path.join(dir, 'g.ts')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'team = "mobile" is not allowed: a team whose apps this repository defines (payments, search); team mobile\'s apps are defined in https://github.com/acme/mobile-apps.git: run paved new app there',
    );
    expect(fs.existsSync(path.join(dir, 'g.ts'))).toBe(false);
  });

  test('on a terminal each answer is checked as it is given: a bad one is asked again, the others are kept', async () => {
    const dir = tmpDir();
    const out = path.join(dir, 'orders2.ts');
    const answers = ['mobile', 'payments', 'Bad', 'orders2', 'Keeps the second kind of orders.', '70000', '8081', 'x.example.org', 'orders2.payments.example.com', 'n'];
    const asked: string[] = [];
    let stderr = '';
    let code: number | undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { program } = require(CLI) as typeof import('../../../lib/cli/main');
    await new Promise<void>((resolve) => {
      const cmd = program(
        {
          out: () => undefined,
          err: (t) => {
            stderr += t;
          },
          cwd: ROOT,
          ask: async (q) => {
            asked.push(q);
            return answers.shift() ?? '';
          },
        },
        (c) => {
          code = c;
          resolve();
        },
      );
      cmd.parseAsync(['new', 'app', '--out', out], { from: 'user' }).catch(() => resolve());
    });
    expect(code).toBe(0);
    expect(asked.map((q) => q.split(' ')[0])).toEqual(['team', 'team', 'name', 'name', 'description', 'port', 'port', 'public', 'public', 'PostgreSQL']);
    expect(stderr).toContain('team = "mobile" is not allowed: a team whose apps this repository defines');
    expect(stderr).toContain('name = "Bad" is not allowed');
    expect(stderr).toContain('port = 70000 is not allowed: an integer from 1 to 65535');
    expect(stderr).toContain('domain = "x.example.org" is not allowed: a name inside team payments\'s zone "payments.example.com"');
    const written = fs.readFileSync(out, 'utf8');
    expect(written).toContain("new AppConstruct(scope, 'orders2'");
    expect(written).toContain('8081');
    expect(written).toContain('orders2.payments.example.com');
  });
});
