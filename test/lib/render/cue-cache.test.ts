import * as fs from 'fs';
import * as path from 'path';
import { cleanTmpDirs, tmpDir } from '../../cli-util';

afterAll(cleanTmpDirs);

// the cache folder is read once per process: set it before the module is loaded
const cache = tmpDir('paved-cue-');
process.env.PAVED_CACHE_DIR = cache;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cueResultKey, evaluateCue } = require('../../../lib/render/cue') as typeof import('../../../lib/render/cue');

afterAll(() => {
  delete process.env.PAVED_CACHE_DIR;
});

/** Keeps an outcome for a program, as a previous run would have. */
function kept(source: string, outcome: { value: string } | { error: string }): void {
  fs.mkdirSync(path.join(cache, 'cue'), { recursive: true });
  fs.writeFileSync(path.join(cache, 'cue', `${cueResultKey(source)}.json`), JSON.stringify(outcome));
}

describe('evaluateCue with kept results (no CUE engine is loaded: jest cannot import its ES module)', () => {
  test("a kept value is parsed as CUE's JSON", async () => {
    kept('a: 1\nb: a + 1\n', { value: '{"a":1,"b":2}' });
    await expect(evaluateCue('a: 1\nb: a + 1\n')).resolves.toEqual({ a: 1, b: 2 });
  });

  test("a kept failure fails again with CUE's message", async () => {
    kept('a: 1 & 2\n', { error: 'a: conflicting values 2 and 1' });
    await expect(evaluateCue('a: 1 & 2\n')).rejects.toThrow('a: conflicting values 2 and 1');
  });

  test('the key changes with the program', () => {
    expect(cueResultKey('a: 1\n')).not.toBe(cueResultKey('a: 2\n'));
    expect(cueResultKey('a: 1\n')).toMatch(/^[0-9a-f]{64}$/);
  });
});
