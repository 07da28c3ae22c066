import * as fs from 'fs';
import * as path from 'path';
import { ROOT, cleanTmpDirs, paved, pavedInProcess, tmpDir } from '../../cli-util';

afterAll(cleanTmpDirs);

const GOLDEN = fs.readFileSync(path.join(ROOT, 'test', 'golden', 'new-app', 'orders.ts'), 'utf8');
const FLAGS = ['--team', 'payments', '--name', 'orders', '--description', 'Keeps orders: what was bought, by whom, and where it ships.',
  '--domain', 'orders.payments.example.com', '--database', '--import-from', '../../../lib'];

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

  test('without a terminal, missing answers are an error of the command (exit 2)', () => {
    const r = paved(['new', 'app', '--name', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--team, --description missing (pass them as flags, or run in a terminal to be asked)');
  });
});
