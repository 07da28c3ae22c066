/**
 * The previews' CI template (docs/ci/previews.yml), read as data: it comments the
 * preview's hosts and enforces the preview's time limit with the org's settings.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { org } from '../../platform/org';
import { ROOT } from '../cli-util';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly if?: string;
  readonly permissions?: Record<string, string>;
  readonly steps: readonly Step[];
}
const workflow = parse(fs.readFileSync(path.join(ROOT, 'docs', 'ci', 'previews.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  env: Record<string, string>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};
const staging = org.environments.find((e) => e.name === 'staging');

describe('the previews workflow', () => {
  test("uses the org's label, lifetime and environment", () => {
    expect(staging?.previews).toBeDefined();
    expect(workflow.env.PREVIEW_LABEL).toBe(staging?.previews?.label);
    expect(Number(workflow.env.PREVIEW_HOURS)).toBe(staging?.previews?.hours);
    expect(workflow.env.PREVIEW_ENV).toBe(staging?.name);
    expect(workflow.jobs.label.if).toContain(`contains(github.event.pull_request.labels.*.name, '${staging?.previews?.label}')`);
  });

  test('labels only the teams the pull request changes, with the label their ApplicationSets follow, and never for a fork', () => {
    const job = workflow.jobs.label;
    expect(job.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    const run = job.steps.map((s) => s.run ?? '').join('\n');
    expect(run).toContain('--add-label "$PREVIEW_LABEL:$t"');
    // the label each team's ApplicationSet follows
    for (const team of org.teams) {
      const set = parse(fs.readFileSync(path.join(ROOT, 'gitops', 'staging', `applicationset-preview-apps-${team.name}.yaml`), 'utf8')) as {
        spec: { generators: { pullRequest: { github: { labels: string[] } } }[] };
      };
      expect(set.spec.generators[0].pullRequest.github.labels).toEqual([`${staging?.previews?.label}:${team.name}`]);
    }
    // the teams are read from the changed files' names: "gitops/<env>/teams|previews/<team>/..."
    const pattern = /sed -nE "s#\^gitops\/\$PREVIEW_ENV\/\(teams\|previews\)\/\(\[a-z0-9-\]\+\)\/\.\*#\\2#p"/;
    expect(run).toMatch(pattern);
  });

  test("comments the URLs read from the base branch's tree, running no code of the pull request", () => {
    const job = workflow.jobs.label;
    expect(workflow.on).toHaveProperty('pull_request_target');
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', issues: 'write' });
    const checkout = job.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with).toEqual({ ref: '${{ github.event.pull_request.base.sha }}', 'persist-credentials': false });
    const run = job.steps.map((s) => s.run ?? '').join('\n');
    expect(run).toContain('select(.type == "paved-preview-gateway")');
    expect(run).not.toMatch(/\bnpm\b|\bnpx\b|\bnode\b|paved /);
  });

  test('removes the labels after the lifetime, hourly, with no right on the repository contents', () => {
    expect(workflow.on.schedule).toEqual([{ cron: '17 * * * *' }]);
    const job = workflow.jobs.expire;
    expect(job.if).toBe("github.event_name == 'schedule'");
    expect(job.permissions).toEqual({ 'pull-requests': 'write', issues: 'write' });
    const run = job.steps.map((s) => s.run ?? '').join('\n');
    expect(run).toContain('--remove-label "$l"');
    expect(run).toContain('startswith(\\"$PREVIEW_LABEL:\\")');
  });

  test("a fork's pull request keeps no preview label, and one changing a preview folder's files Argo CD would not read as plain manifests gets none", () => {
    const forks = workflow.jobs.forks;
    expect(forks.if).toContain('github.event.pull_request.head.repo.full_name != github.repository');
    expect(forks.steps.map((s) => s.run ?? '').join('\n')).toContain('--remove-label "$l"');
    const run = workflow.jobs.label.steps.map((s) => s.run ?? '').join('\n');
    // the pattern the job refuses, tried on file names as a pull request would list them
    const line = run.split('\n').find((l) => l.includes("grep -E '(^|/)")) ?? '';
    const pattern = new RegExp(/grep -E '([^']+)'/.exec(line)?.[1] ?? 'never');
    const dir = 'gitops/staging/previews/search/apps';
    for (const odd of [
      '.argocd-source.yaml',
      '.argocd-source-search-pr-1-apps.yaml',
      'kustomization.yaml',
      'x/Kustomization',
      'x/Chart.yaml',
      'x/values.yaml',
      'x/a.json',
      'x/a.jsonnet',
      'x/a.yml',
      'x/notes.txt',
    ])
      expect({ odd, refused: pattern.test(`${dir}/${odd}`) }).toEqual({ odd, refused: true });
    for (const plain of ['search-api/application-search-api.yaml', 'indexer/externalsecret-indexer-secrets.yaml', 'x/configmap-values-x.yaml'])
      expect({ plain, refused: pattern.test(`${dir}/${plain}`) }).toEqual({ plain, refused: false });
  });

  test("expiry reads every open pull request with a preview label (the org's or a team's), every page of its events at once", () => {
    const run = workflow.jobs.expire.steps.map((s) => s.run ?? '').join('\n');
    expect(run).toContain('--limit 10000');
    expect(run).toContain('startswith(\\"$PREVIEW_LABEL:\\")');
    expect(run).toMatch(/--paginate \\\n\s+\| jq -rs/);
  });
});
