import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROCESS_LIMITS } from './cli-util';

/**
 * The layering check (.dependency-cruiser.cjs, docs/architecture.md) refuses imports against the architecture: run on a
 * small tree planted in a temporary folder (the repository's node_modules linked in), so nothing is added to lib/.
 */
const ROOT = path.resolve(__dirname, '..');

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
  readonly cycle?: readonly { readonly name: string }[];
}

function cruise(files: Record<string, string>): { status: number | null; report: string; violations: Violation[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-layering-'));
  try {
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    // as npm run layering runs it (its exit code fails the build), then as JSON to read each violation
    const depcruise = (type: string) =>
      spawnSync(path.join(ROOT, 'node_modules', '.bin', 'depcruise'), ['--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', type, 'lib', 'apps'], {
        cwd: dir,
        encoding: 'utf8',
        ...PROCESS_LIMITS,
      });
    const err = depcruise('err-long');
    const json = depcruise('json');
    if (!json.stdout) throw new Error(`depcruise printed nothing: ${json.stderr}`);
    return { status: err.status, report: err.stdout, violations: JSON.parse(json.stdout).summary.violations as Violation[] };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the layering check', () => {
  // GIVEN a tree with one import of each kind the architecture forbids, and one it allows
  const { status, report, violations } = cruise({
    'lib/synth/gitops.ts': 'export const built = 1;\n',
    'lib/org/probe.ts': "import { built } from '../synth/gitops';\nexport const probe = built;\n",
    'lib/k8s/labels.ts': "import { probe } from '../org/probe';\nexport const label = probe;\n",
    'lib/validate/probe.ts': "import { label } from '../k8s/labels';\nexport const checked = label;\n",
    'lib/k8s/cloud.ts': "import { App } from 'cdktf';\nexport const app = App;\n",
    'imports/kubevela.ts': 'export class Application {}\n',
    'lib/app/probe.ts': "import { Application } from '../../imports/kubevela';\nexport const made = Application;\n",
    'lib/app/app-construct.ts': 'export class AppConstruct {}\n',
    'lib/index.ts': "export * from './app/app-construct';\n",
    'apps/team/app.ts': "import { AppConstruct } from '../../lib/app/app-construct';\nimport * as paved from '../../lib';\nexport const apps = [AppConstruct, paved];\n",
    'lib/report/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
    'lib/report/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    'lib/newfolder/probe.ts': "import { label } from '../k8s/labels';\nexport const fresh = label;\n",
  });
  const found = (rule: string) => violations.filter((v) => v.rule.name === rule).map((v) => `${v.from} → ${v.to}`);

  test('fails the build on a violation, naming the rule and the import', () => {
    expect(status).not.toBe(0);
    expect(report).toContain('error layer-org: lib/org/probe.ts → lib/synth/gitops.ts');
    expect(report).toContain('lib/org/ may import lib/private/ and itself (docs/architecture.md)');
  });

  test('refuses an import upwards (org → synth) and sideways (validate → k8s)', () => {
    expect(found('layer-org')).toEqual(['lib/org/probe.ts → lib/synth/gitops.ts']);
    expect(found('layer-validate')).toEqual(['lib/validate/probe.ts → lib/k8s/labels.ts']);
  });

  test('refuses cdktf outside lib/infra/', () => {
    expect(found('cdktf-only-in-infra')).toEqual([expect.stringMatching(/^lib\/k8s\/cloud\.ts → .*node_modules\/cdktf\//)]);
  });

  test('refuses the generated bindings in the team-facing lib/app/', () => {
    expect(found('bindings-only-in-construct-layers')).toEqual(['lib/app/probe.ts → imports/kubevela.ts']);
  });

  test('refuses an app definition that reaches past the public API', () => {
    expect(found('apps-use-the-public-api')).toEqual(['apps/team/app.ts → lib/app/app-construct.ts']);
  });

  test('refuses imports from a folder of lib/ that has no place in the layers yet', () => {
    expect(found('layer-unknown-folder')).toEqual(['lib/newfolder/probe.ts → lib/k8s/labels.ts']);
  });

  test('refuses a cycle', () => {
    expect(found('no-cycle')).toEqual([expect.stringMatching(/^lib\/report\/[ab]\.ts → lib\/report\/[ab]\.ts$/)]);
  });

  test('allows what the architecture allows (k8s → org, apps → lib/index.ts, index → lib)', () => {
    const from = new Set(violations.map((v) => `${v.from} → ${v.to}`));
    expect(from.has('lib/k8s/labels.ts → lib/org/probe.ts')).toBe(false);
    expect(from.has('apps/team/app.ts → lib/index.ts')).toBe(false);
    expect(from.has('lib/index.ts → lib/app/app-construct.ts')).toBe(false);
  });
});
