import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { PROCESS_LIMITS, ROOT } from './cli-util';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, string>;
}
interface Job {
  readonly if?: string;
  readonly needs?: string | string[];
  readonly steps?: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly jobs: Record<string, Job>;
}

/** The files Git tracks (and those synth just wrote), with the value Git gives them for an attribute. */
function attribute(name: string, files: readonly string[]): Map<string, string> {
  const out = execFileSync('git', ['check-attr', '--stdin', '-z', name], { cwd: ROOT, input: files.join('\0'), encoding: 'utf8', ...PROCESS_LIMITS });
  const parts = out.split('\0');
  const values = new Map<string, string>();
  for (let i = 0; i + 2 < parts.length; i += 3) values.set(parts[i], parts[i + 2]);
  return values;
}

const walk = (dir: string): string[] => fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));

describe('what paved generates is marked for GitHub (.gitattributes)', () => {
  test.each(['gitops', 'imports'])('every file of %s/ is linguist-generated: collapsed in pull request diffs, out of the language statistics', (dir) => {
    const files = walk(dir);
    expect(files.length).toBeGreaterThan(20);
    const values = attribute('linguist-generated', files);
    expect(files.filter((f) => values.get(f) !== 'true')).toEqual([]);
  });

  test.each(['lib', 'platform', 'apps', 'test', 'docs'])('no file of %s/ is: what people write is reviewed in full', (dir) => {
    const files = walk(dir);
    const values = attribute('linguist-generated', files);
    expect(files.filter((f) => values.get(f) !== 'unspecified')).toEqual([]);
  });

  test('nor the files at the root beside the tree (README.md, package.json, the CI workflows)', () => {
    const values = attribute('linguist-generated', ['README.md', 'package.json', 'CHANGELOG.md', 'docs/ci/platform-repo.yml', 'gitops-notes.md']);
    expect([...values.values()]).toEqual(['unspecified', 'unspecified', 'unspecified', 'unspecified', 'unspecified']);
  });
});

describe("the platform's CI runs on the merge queue (docs/ci/platform-repo.yml)", () => {
  const workflow = parse(fs.readFileSync(path.join(ROOT, 'docs', 'ci', 'platform-repo.yml'), 'utf8')) as Workflow;
  const verify = workflow.jobs.verify;
  const needs = (job: Job) => (job.needs === undefined ? [] : typeof job.needs === 'string' ? [job.needs] : job.needs);
  /** Whether a job is skipped outside a pull request: its condition asks for one, or it needs (without always()) a job that is. */
  const pullRequestOnly = (job: Job): boolean =>
    String(job.if).includes("github.event_name == 'pull_request'") || (!String(job.if).includes('always()') && needs(job).some((n) => pullRequestOnly(workflow.jobs[n])));

  test('merge groups start the workflow, beside pull requests and pushes to main', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'merge_group', 'push']));
  });

  test("verify runs in a merge group: the jobs it needs run only on a team's pull request, and its condition asks for none of them to succeed", () => {
    expect(needs(verify).length).toBeGreaterThan(0);
    for (const job of needs(verify)) expect(pullRequestOnly(workflow.jobs[job])).toBe(true);
    expect(pullRequestOnly(verify)).toBe(false);
    expect(String(verify.if)).toMatch(/^always\(\)/);
    expect(String(verify.if)).not.toContain("'success'");
    expect(String(verify.if)).not.toContain('github.event_name');
  });

  test('in a merge group it checks out the merge result and runs the whole gate; the steps about the pull request are its own', () => {
    const steps = verify.steps ?? [];
    const checkout = steps.find((s) => String(s.uses).startsWith('actions/checkout@'));
    // no head branch in a merge group: the expression falls back to the event's commit, the merge result
    expect(checkout?.with?.ref).toBe("${{ startsWith(github.head_ref, 'apps/') && github.head_ref || '' }}");
    expect(steps.some((s) => s.run === '.ci/run' && s.if === undefined)).toBe(true);
    for (const step of steps) {
      // (a merge group has no base_ref: the step that reads it takes the queue's base first)
      if (JSON.stringify(step).includes('github.base_ref')) expect(["github.event_name == 'pull_request'", "github.event_name != 'push'"]).toContain(step.if);
    }
  });
});
