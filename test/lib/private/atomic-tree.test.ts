import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TreeLockedError, recoverTree, withTreeLock, writeTreeAtomically } from '../../../lib/private/atomic-tree';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-tree-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const read = (d: string) =>
  Object.fromEntries(
    fs
      .readdirSync(d)
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(d, f), 'utf8')]),
  );

describe('writeTreeAtomically', () => {
  test('replaces the tree with exactly the files given, leaving no temporary folder', () => {
    const out = path.join(dir, 'gitops');
    writeTreeAtomically(
      out,
      new Map([
        ['a.yaml', 'a: 1\n'],
        ['b.yaml', 'b: 1\n'],
      ]),
    );
    writeTreeAtomically(out, new Map([['a.yaml', 'a: 2\n']]));
    expect(read(out)).toEqual({ 'a.yaml': 'a: 2\n' });
    expect(fs.readdirSync(dir)).toEqual(['gitops']);
  });

  test('a file it cannot write leaves the previous tree as it was and says what it was doing, where and why', () => {
    const out = path.join(dir, 'gitops');
    writeTreeAtomically(out, new Map([['a.yaml', 'a: 1\n']]));
    // "a" is a file, so "a/b.yaml" cannot be created: the kind of failure a full disk or a permission gives
    let message = '';
    try {
      writeTreeAtomically(
        out,
        new Map([
          ['a', 'x'],
          ['a/b.yaml', 'y'],
        ]),
      );
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /^could not finish writing the new tree beside .*gitops \(in .*\.gitops-new-\w+\): a file is where a folder must go \(.*\.gitops-new-\w+\/a\)\. .*gitops is unchanged; fix the cause/,
    );
    expect(read(out)).toEqual({ 'a.yaml': 'a: 1\n' });
    expect(fs.readdirSync(dir)).toEqual(['gitops']);
  });
});

describe('recoverTree', () => {
  test('restores the previous tree when a run was stopped between the two renames, and removes what stopped runs left', () => {
    const out = path.join(dir, 'gitops');
    fs.mkdirSync(path.join(dir, '.gitops-old-abc123'));
    fs.writeFileSync(path.join(dir, '.gitops-old-abc123', 'a.yaml'), 'a: 1\n');
    fs.mkdirSync(path.join(dir, '.gitops-new-abc123'));
    fs.writeFileSync(path.join(dir, '.gitops-new-abc123', 'a.yaml'), 'a: 2\n');
    fs.mkdirSync(path.join(dir, '.gitops-new-zzz999'));
    expect(recoverTree(out)).toEqual([
      'restored gitops from .gitops-old-abc123 (a previous run was stopped while it swapped the tree)',
      'removed .gitops-new-abc123 (left by a stopped run)',
      'removed .gitops-new-zzz999 (left by a stopped run)',
    ]);
    expect(read(out)).toEqual({ 'a.yaml': 'a: 1\n' });
    expect(fs.readdirSync(dir)).toEqual(['gitops']);
  });

  test('leaves a complete tree alone and reports nothing', () => {
    const out = path.join(dir, 'gitops');
    writeTreeAtomically(out, new Map([['a.yaml', 'a: 1\n']]));
    expect(recoverTree(out)).toEqual([]);
  });
});

describe('withTreeLock', () => {
  test('a second run waits for the one that holds the lock, and gives up naming it', async () => {
    const out = path.join(dir, 'gitops');
    // another live process holds the lock
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      fs.writeFileSync(path.join(dir, '.gitops.lock'), `${holder.pid}\n`);
      const waited: string[] = [];
      let error: unknown;
      try {
        withTreeLock(out, () => 'ran', { timeoutMs: 300, onWait: (h) => waited.push(h) });
      } catch (e) {
        error = e;
      }
      expect(waited).toEqual([`process ${holder.pid}`]);
      expect(error).toBeInstanceOf(TreeLockedError);
      expect((error as Error).message).toContain(`is being written by another paved run (process ${holder.pid}); wait for it to finish, or remove ${path.join(dir, '.gitops.lock')}`);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  test('takes over the lock of a process that is gone, and releases it', () => {
    const out = path.join(dir, 'gitops');
    fs.writeFileSync(path.join(dir, '.gitops.lock'), '2147483646\n');
    expect(withTreeLock(out, () => fs.existsSync(path.join(dir, '.gitops.lock')))).toBe(true);
    expect(fs.existsSync(path.join(dir, '.gitops.lock'))).toBe(false);
  });
});
