import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cleanTmpDirs, PROCESS_BUDGET_MS, PROCESS_LIMITS, ROOT, tmpDir } from '../../cli-util';
import type { ExampleOutcome } from './examples-runner';

afterAll(cleanTmpDirs);

/**
 * The documented example of every KubeVela definition paved vendors
 * (fixtures/kubevela-examples.yaml, copied from kubevela/kubevela v1.10.9
 * references/docgen/def-doc) renders without a problem, keeps each
 * component's main container (named after the component) through its
 * traits, leaves no null and gives every object a valid name.
 */
let examples: ExampleOutcome[] = [];

beforeAll(() => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'test', 'lib', 'render', 'examples-runner.js')], {
    encoding: 'utf8',
    env: { ...process.env, PAVED_CACHE_DIR: tmpDir('paved-cue-') },
    maxBuffer: 64 * 1024 * 1024,
    ...PROCESS_LIMITS,
  });
  if (r.status !== 0) throw new Error(`the runner failed: ${r.stderr}`);
  examples = JSON.parse(r.stdout) as ExampleOutcome[];
}, PROCESS_BUDGET_MS + 10_000);

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function nullsIn(v: unknown, at = ''): string[] {
  if (v === null) return [at];
  if (Array.isArray(v)) return v.flatMap((x, i) => nullsIn(x, `${at}[${i}]`));
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => nullsIn(x, at ? `${at}.${k}` : k));
  return [];
}

function podSpec(o: Record<string, unknown>): { containers?: { name?: string }[] } | undefined {
  const spec = o.spec as Record<string, unknown> | undefined;
  if (o.kind === 'CronJob')
    return (((spec?.jobTemplate as Record<string, unknown>)?.spec as Record<string, unknown>)?.template as Record<string, unknown>)?.spec as { containers?: { name?: string }[] };
  return (spec?.template as Record<string, unknown>)?.spec as { containers?: { name?: string }[] } | undefined;
}

test("every vendored definition's documented example is in the fixture (24 examples)", () => {
  expect(examples).toHaveLength(24);
  expect(SOURCES).toHaveLength(24);
});

/** The fixture's examples by their source line (`example 1 of references/docgen/def-doc/trait/sidecar.eg.md ...`). */
const SOURCES = fs
  .readFileSync(path.join(__dirname, 'fixtures', 'kubevela-examples.yaml'), 'utf8')
  .split('\n---\n')
  .slice(1)
  .map((t) => t.split('\n')[0].replace(/^# /, ''));

describe('documented examples', () => {
  for (const [i, source] of SOURCES.entries()) {
    test(source, () => {
      const e = examples[i];
      expect({ source: e.source, problems: e.problems }).toEqual({ source: e.source, problems: [] });
      const components = (e.application.spec as Record<string, unknown>).components as { name: string }[];
      for (const c of components) {
        const workload = e.objects.find((o) => o.component === c.name && o.origin === 'workload');
        expect(workload).toBeDefined();
        const names = (podSpec(workload?.object ?? {})?.containers ?? []).map((k) => k.name);
        expect(names).toContain(c.name);
      }
      for (const o of e.objects) {
        expect(nullsIn(o.object)).toEqual([]);
        expect(String((o.object.metadata as Record<string, unknown>).name)).toMatch(SUBDOMAIN);
      }
    });
  }
});
