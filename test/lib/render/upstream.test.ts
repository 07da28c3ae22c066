import { spawnSync } from 'child_process';
import * as path from 'path';
import { cleanTmpDirs, PROCESS_BUDGET_MS, PROCESS_LIMITS, ROOT, tmpDir } from '../../cli-util';
import type { CaseOutcome } from './upstream-runner';
import { ENGINE_CASES, SETS_CASES } from './upstream-cases';

afterAll(cleanTmpDirs);

/**
 * KubeVela's own engine tests (pkg/cue/definition/template_test.go) and patch
 * strategy tests (kubevela/workflow pkg/cue/model/sets/operation_test.go),
 * ported as data in upstream-cases.ts: paved must render the objects they
 * expect, or fail where they fail. The cases run in one process of their own
 * (upstream-runner.ts: CUE is an ES module jest cannot load).
 */
let outcomes: Record<string, CaseOutcome> = {};

beforeAll(() => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'test', 'lib', 'render', 'upstream-runner.js')], {
    encoding: 'utf8',
    env: { ...process.env, PAVED_CACHE_DIR: tmpDir('paved-cue-') },
    maxBuffer: 64 * 1024 * 1024,
    ...PROCESS_LIMITS,
  });
  if (r.status !== 0) throw new Error(`the runner failed: ${r.stderr}`);
  outcomes = JSON.parse(r.stdout) as Record<string, CaseOutcome>;
}, PROCESS_BUDGET_MS + 10_000);

describe('pkg/cue/definition/template_test.go', () => {
  for (const c of ENGINE_CASES) {
    if (c.skip) {
      test.skip(`${c.id} (skipped: ${c.skip})`, () => undefined);
      continue;
    }
    test(c.id, () => {
      const got = outcomes[c.id];
      if (c.expect.error !== undefined) {
        expect(got.error).toBeDefined();
        if (typeof c.expect.error === 'string') expect(got.error).toContain(c.expect.error);
        return;
      }
      expect(got.error).toBeUndefined();
      if (c.expect.workload !== undefined) expect(got.workload).toEqual(c.expect.workload);
      if (c.expect.auxiliaries !== undefined) expect(got.auxiliaries).toEqual(c.expect.auxiliaries);
      if (c.expect.order !== undefined) expect(got.order).toEqual(c.expect.order);
    });
  }
});

describe('kubevela/workflow pkg/cue/model/sets/operation_test.go', () => {
  for (const c of SETS_CASES) {
    if (c.skip) {
      test.skip(`${c.id} (skipped: ${c.skip})`, () => undefined);
      continue;
    }
    test(c.id, () => {
      const got = outcomes[c.id];
      if (c.expectedErr !== undefined) {
        expect(got.error).toContain(c.expectedErr);
        return;
      }
      expect(got.error).toBeUndefined();
      expect(got.result).toEqual(got.expected);
    });
  }
});
