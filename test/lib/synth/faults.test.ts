/**
 * Synthesis killed at every stage (SIGKILL, as an out-of-memory kill or a
 * cancelled CI job would) leaves the old tree or the new one, never a mix,
 * and the next run recovers: for the GitOps tree and for cdktf.out.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { FAULT_POINTS } from '../../../lib/private/faults';
import { CLI, PROCESS_BUDGET_MS, PROCESS_LIMITS, ROOT, cleanTmpDirs, spawnTracked, stopChildren, tmpDir } from '../../cli-util';

afterAll(async () => {
  await stopChildren();
  cleanTmpDirs();
});

const dist = (...p: string[]) => JSON.stringify(path.join(ROOT, 'dist', ...p));

/** A definition module: the test org, which lets definitions read $TAG, and one app whose image tag is $TAG. */
const DEFINITION = `
const { AppConstruct, Org } = require(${dist('lib')});
const { ORG_PROPS, minimalPlatform } = require(${dist('test', 'util.js')});
exports.org = new Org({ ...ORG_PROPS, definitionEnvironment: ['TAG'] });
exports.platform = minimalPlatform;
exports.apps = [{ team: 'payments', apps: [(scope) => new AppConstruct(scope, 'web', { team: scope.team, image: 'web:' + process.env.TAG, port: 8080 })] }];
`;

/** The cloud side of the small org; the state bucket's name carries $TAG, so the two versions differ in every stack. */
const INFRA = `
const { synthInfra } = require(${dist('lib', 'infra')});
const { Org } = require(${dist('lib')});
const { INFRA_ORG_PROPS } = require(${dist('test', 'lib', 'infra', 'infra-util.js')});
synthInfra({ org: new Org({ ...INFRA_ORG_PROPS, terraformState: { ...INFRA_ORG_PROPS.terraformState, bucket: 'test-tfstate-' + process.env.TAG } }), outdir: process.argv[2] });
`;

function snapshot(d: string): Record<string, string> | undefined {
  if (!fs.existsSync(d)) return undefined;
  return Object.fromEntries(
    fs
      .readdirSync(d, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const full = path.join(e.parentPath, e.name);
        return [path.relative(d, full), fs.readFileSync(full, 'utf8')];
      })
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

function run(kind: 'gitops' | 'cdktf', work: string, tag: string, fault?: string) {
  const env = { ...process.env, TAG: tag, ...(fault ? { PAVED_FAULT: fault } : {}) };
  const args = kind === 'gitops' ? [CLI, 'synth', '--definition', path.join(work, 'definition.js'), '--out', path.join(work, 'tree')] : [path.join(work, 'infra.js'), path.join(work, 'tree')];
  return spawnSync(process.execPath, args, { cwd: work, env, encoding: 'utf8', ...PROCESS_LIMITS });
}

describe.each(['gitops', 'cdktf'] as const)('%s: killed at every stage', (kind) => {
  const work = tmpDir(`paved-faults-${kind}-`);
  fs.writeFileSync(path.join(work, 'definition.js'), DEFINITION);
  fs.writeFileSync(path.join(work, 'infra.js'), INFRA);
  const tree = path.join(work, 'tree');
  // the old and the new tree, each from a clean run; the old one kept aside, to start each case from
  const oldTree = path.join(tmpDir(`paved-faults-${kind}-old-`), 'tree');
  const old = (() => {
    expect(run(kind, work, 'old').status).toBe(0);
    fs.cpSync(tree, oldTree, { recursive: true });
    return snapshot(tree);
  })();
  const fresh = (() => {
    expect(run(kind, work, 'new').status).toBe(0);
    return snapshot(tree);
  })();

  test.each(FAULT_POINTS.filter((p) => p.startsWith(`${kind}:`)))(
    'at %s: the tree is the old or the new one, and the next run recovers',
    (point) => {
      expect(old).not.toEqual(fresh);
      fs.rmSync(tree, { recursive: true, force: true });
      fs.cpSync(oldTree, tree, { recursive: true });
      if (kind === 'gitops') fs.writeFileSync(path.join(tree, 'NOTES.md'), 'ours\n');
      const withNotes = (s: Record<string, string> | undefined) => (kind === 'gitops' ? { ...s, 'NOTES.md': 'ours\n' } : s);

      const killed = run(kind, work, 'new', point);
      expect(killed.signal).toBe('SIGKILL');
      const after = snapshot(tree);
      if (after === undefined) {
        // stopped between the two renames: the old tree waits complete beside it
        const aside = fs.readdirSync(work).filter((e) => e.startsWith('.tree-old-'));
        expect(aside).toHaveLength(1);
        expect(snapshot(path.join(work, aside[0]))).toEqual(withNotes(old));
      } else {
        expect([withNotes(old), withNotes(fresh)]).toContainEqual(after);
      }

      const next = run(kind, work, 'new');
      expect(next.status).toBe(0);
      expect(snapshot(tree)).toEqual(withNotes(fresh));
      // no temporary folder and no lock left
      expect(fs.readdirSync(work).sort()).toEqual(['definition.js', 'infra.js', 'tree']);
      // two processes, one of them killed on the way
    },
    2 * PROCESS_BUDGET_MS,
  );
});

describe('the same definitions give the same bytes', () => {
  const work = tmpDir('paved-bytes-');
  fs.writeFileSync(path.join(work, 'definition.js'), DEFINITION);
  const synth = (out: string, env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [CLI, 'synth', '--definition', path.join(work, 'definition.js'), '--out', out], {
      cwd: work,
      env: { ...process.env, TAG: '1.0', ...env },
      encoding: 'utf8',
      ...PROCESS_LIMITS,
    });

  test(
    'under LANG=C, da_DK.UTF-8 and lt_LT.UTF-8, in any time zone',
    () => {
      const trees = [
        { LANG: 'C', LC_ALL: 'C', TZ: 'UTC' },
        { LANG: 'da_DK.UTF-8', LC_ALL: 'da_DK.UTF-8', TZ: 'Pacific/Kiritimati' },
        { LANG: 'lt_LT.UTF-8', LC_ALL: 'lt_LT.UTF-8', TZ: 'America/Adak' },
      ].map((env, i) => {
        const out = path.join(work, `tree-${i}`);
        expect(synth(out, { ...env, SOURCE_DATE_EPOCH: '1796083200' }).status).toBe(0);
        return snapshot(out);
      });
      expect(trees[1]).toEqual(trees[0]);
      expect(trees[2]).toEqual(trees[0]);
    },
    3 * PROCESS_BUDGET_MS,
  );

  test(
    'from two synths run at the same time into one tree: the second waits for the first',
    async () => {
      const out = path.join(work, 'tree-concurrent');
      const start = () =>
        spawnTracked(process.execPath, [CLI, 'synth', '--definition', path.join(work, 'definition.js'), '--out', out], {
          cwd: work,
          env: { ...process.env, TAG: '1.0', SOURCE_DATE_EPOCH: '1796083200' },
        });
      const runs = await Promise.all([start(), start()]);
      expect(runs.map((r) => r.code)).toEqual([0, 0]);
      const alone = path.join(work, 'tree-alone');
      expect(synth(alone, { SOURCE_DATE_EPOCH: '1796083200' }).status).toBe(0);
      expect(snapshot(out)).toEqual(snapshot(alone));
      expect(fs.readdirSync(work).filter((e) => e.startsWith('.'))).toEqual([]);
      // three synth processes, the first two at once: their budget, on a loaded machine
    },
    3 * PROCESS_BUDGET_MS,
  );
});
