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
  test("uses the org's label and lifetime", () => {
    expect(staging?.previews).toBeDefined();
    expect(workflow.env.PREVIEW_LABEL).toBe(staging?.previews?.label);
    expect(Number(workflow.env.PREVIEW_HOURS)).toBe(staging?.previews?.hours);
    expect(workflow.jobs.comment.if).toContain(`github.event.label.name == '${staging?.previews?.label}'`);
  });

  test("comments the hosts read from the base branch's tree, running no code of the repository", () => {
    const job = workflow.jobs.comment;
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const checkout = job.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with).toEqual({ ref: '${{ github.event.pull_request.base.sha }}', 'persist-credentials': false });
    const run = job.steps.map((s) => s.run ?? '').join('\n');
    expect(run).toContain('gitops/*/applicationset-preview-apps-*.yaml');
    expect(run).not.toMatch(/\bnpm\b|\bnpx\b|\bnode\b|paved/);
  });

  test('removes the label after the lifetime, hourly, with no right on the repository contents', () => {
    expect(workflow.on.schedule).toEqual([{ cron: '17 * * * *' }]);
    const job = workflow.jobs.expire;
    expect(job.if).toBe("github.event_name == 'schedule'");
    expect(job.permissions).toEqual({ 'pull-requests': 'write', issues: 'write' });
    expect(job.steps.map((s) => s.run ?? '').join('\n')).toContain('--remove-label "$PREVIEW_LABEL"');
  });
});
