/**
 * The platform repository's CI template (docs/ci/platform-repo.yml), read as
 * data: what runs where, with which rights. GitHub runs it, not this test; the
 * test holds it to the rules docs/ci.md states.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ROOT, pavedInProcess } from '../cli-util';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly if?: string;
  readonly needs?: readonly string[];
  readonly environment?: string;
  readonly permissions?: Record<string, string>;
  readonly steps: readonly Step[];
}
const workflow = parse(fs.readFileSync(path.join(ROOT, 'docs', 'ci', 'platform-repo.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};
const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');

describe('the platform repository CI template', () => {
  test('checks pull requests and the merge queue, and publishes on pushes to main only', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['merge_group', 'pull_request', 'push']);
    for (const name of ['publish', 'push-published']) expect(workflow.jobs[name].if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(workflow.jobs.publish.needs).toEqual(['verify']);
    expect(workflow.jobs['push-published'].needs).toEqual(['publish']);
    // runs on main wait for each other, in order; nothing is cancelled half way
    expect(workflow.concurrency['cancel-in-progress']).toBe(false);
    expect(workflow.concurrency.group).toContain("github.event_name == 'push'");
  });

  test('checks the merge result of every pull request as paved publish will, and diffs it against the published tree', () => {
    const verify = runs(workflow.jobs.verify);
    expect(verify).toContain('npx paved publish --into "$RUNNER_TEMP/next"');
    expect(verify).toContain('npx paved diff "$RUNNER_TEMP/next" --base-dir "$RUNNER_TEMP/published/gitops" "${scope[@]}" --format markdown');
    // a team's proposal is scoped to the team's folders, and the comment names both revisions
    expect(verify).toContain('case "$HEAD_REF" in apps/*) scope=(--team "${HEAD_REF#apps/}") ;; esac');
    expect(verify).toMatch(/Compares the merge result \$\{HEAD_SHA:0:12\} .* with the published tree \$\{published:0:12\}/);
    expect(verify).toContain('--grep="Paved-Source: $BASE"');
    expect(verify).not.toMatch(/--base "origin\//);
  });

  test('the job that runs the platform code to publish holds a read-only token, no credential in .git/config, and the whole history', () => {
    const publish = workflow.jobs.publish;
    expect(publish.permissions).toEqual({ contents: 'read' });
    const checkout = publish.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with).toMatchObject({ 'fetch-depth': 0, 'persist-credentials': false });
    expect(runs(publish)).toContain('npx paved publish --repo "$RUNNER_TEMP/publish.git" --branch published');
  });

  test('the job that may push the published branch runs no code of the repository, and only from an environment main alone may use', () => {
    const push = workflow.jobs['push-published'];
    expect(push.environment).toBe('publish');
    expect(push.permissions).toEqual({ contents: 'read' });
    expect(push.steps.map((s) => s.uses ?? 'run').filter((u) => u !== 'run' && !/^actions\/(download-artifact|create-github-app-token)@/.test(u))).toEqual([]);
    const text = runs(push);
    expect(text).not.toMatch(/\b(npm|npx|node|yarn|pnpm|make)\b|\.ci\//);
    // it checks the commit it pushes, and never forces
    expect(text).toContain('"$GITHUB_SHA"');
    expect(text).toContain('git push --quiet "$remote" "$commit:refs/heads/published"');
    expect(text).not.toMatch(/--force|\+refs\/heads|\s\+\$commit/);
  });

  test("every job but the index patch reads the repository only (the publication is pushed with the App's token, not the job's)", () => {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      if (name === 'push-index') continue;
      expect([name, job.permissions?.contents ?? workflow.permissions.contents]).toEqual([name, 'read']);
    }
  });
});

describe('the team repository CI template', () => {
  const team = parse(fs.readFileSync(path.join(ROOT, 'docs', 'ci', 'team-repo.yml'), 'utf8')) as typeof workflow & { env: Record<string, string> };
  const gitopsCheckout = (job: Job) => job.steps.find((s) => s.uses?.startsWith('actions/checkout@') && s.with?.path === 'gitops-checkout');

  test("compares a pull request with the published tree (what the clusters run), not with main, and only the team's folders", () => {
    expect(team.env.PUBLISHED_BRANCH).toBe('published');
    expect(gitopsCheckout(team.jobs.synth)?.with).toMatchObject({ ref: '${{ env.PUBLISHED_BRANCH }}', token: '${{ secrets.GITOPS_READ_TOKEN }}' });
    const diffs = runs(team.jobs.synth)
      .split('\n')
      .filter((l) => l.includes('npx paved diff'));
    expect(diffs.length).toBe(2);
    for (const line of diffs) expect(line).toContain('--base-dir gitops-checkout/gitops --team "$TEAM"');
    // the comment names both revisions it compares
    expect(runs(team.jobs.synth)).toMatch(/Compares this pull request's apps .* with \$PUBLISHED_BRANCH at \$\(git -C gitops-checkout rev-parse/);
  });

  test("proposes to main every area the synth wrote (each environment and the catalog), the team's apps paths only", () => {
    const propose = team.jobs.propose;
    expect(propose.if).toBe("github.event_name == 'push'");
    expect(gitopsCheckout(propose)?.with?.ref).toBeUndefined();
    const copy = runs(propose);
    expect(copy).toContain('for dir in out/*/; do');
    // its apps, and their preview copies where the environment has previews
    expect(copy).toContain('for part in teams previews; do');
    expect(copy).toContain('rm -rf "gitops-checkout/gitops/$area/$part/$TEAM/apps"');
    const pr = propose.steps.find((s) => s.uses?.startsWith('peter-evans/create-pull-request@'));
    expect(pr?.with).toMatchObject({ branch: 'apps/${{ env.TEAM }}' });
    expect(
      String(pr?.with?.['add-paths'])
        .trim()
        .split('\n')
        .map((l) => l.trim()),
    ).toEqual(['gitops/*/teams/${{ env.TEAM }}/apps', 'gitops/*/previews/${{ env.TEAM }}/apps']);
    // no job of the team's repository may write to it
    expect(team.permissions.contents).toBe('read');
    for (const job of Object.values(team.jobs)) expect(job.permissions?.contents ?? 'read').toBe('read');
  });
});

test("CODEOWNERS holds the release records' approvers as the org names them (paved releases --codeowners)", async () => {
  const r = await pavedInProcess(['releases', '--codeowners']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('/releases/*/*/prod.yaml @acme/release-managers\n');
  expect(fs.readFileSync(path.join(ROOT, '.github', 'CODEOWNERS'), 'utf8')).toContain(r.stdout);
});

describe('the release template (docs/ci/release.yml)', () => {
  const release = parse(fs.readFileSync(path.join(ROOT, 'docs', 'ci', 'release.yml'), 'utf8')) as typeof workflow;

  test('runs paved release, promote or rollback with a read-only token, and hands a patch on', () => {
    const write = release.jobs.write;
    expect(write.permissions).toEqual({ contents: 'read' });
    expect(write.steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toMatchObject({ 'fetch-depth': 0, 'persist-credentials': false });
    const text = runs(write);
    for (const command of ['npx paved release "$APP" "$IMAGE"', 'npx paved promote "$APP" --to "$ENVIRONMENT"', 'npx paved rollback "$APP" --env "$ENVIRONMENT"']) expect(text).toContain(command);
  });

  test('the job that may push runs no code of the repository, and applies only records and the tree', () => {
    const propose = release.jobs.propose;
    expect(propose.needs).toEqual(['write']);
    const text = runs(propose);
    expect(text).not.toMatch(/\b(npm|npx|node|yarn|pnpm|make)\b|\.ci\//);
    expect(text).toContain("grep -Ev '^(releases|gitops)/'");
  });

  test('every pull request proves the release gates from Git history, in both repositories', () => {
    expect(runs(workflow.jobs.verify)).toContain('npx paved releases --check');
    // a pull request's merge result is measured to now, after the merge step (main's history before it), not to a date its author chose
    const steps = workflow.jobs.verify.steps;
    const merge = steps.findIndex((s) => s.run?.includes('echo "base=$base"'));
    const gate = steps.findIndex((s) => s.run === 'npx paved releases --check --lands-at now');
    expect(merge).toBeGreaterThan(0);
    expect(gate).toBeGreaterThan(merge);
    expect(steps[gate].if).toBe("github.event_name != 'push'");
    const team = parse(fs.readFileSync(path.join(ROOT, 'docs', 'ci', 'team-repo.yml'), 'utf8')) as typeof workflow;
    expect(runs(team.jobs.synth)).toContain('npx paved releases --check');
    expect(team.jobs.synth.steps[0].with).toMatchObject({ 'fetch-depth': 0 });
  });
});
