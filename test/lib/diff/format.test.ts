import {
  CommentTooLargeError,
  DEFAULT_MARKDOWN_MAX_CHARS,
  type TreeDiff,
  type TreeFiles,
  diffToJson,
  diffTreeFiles,
  diffTrees,
  formatDiffMarkdown,
  formatDiffText,
  hasChanges,
} from '../../../lib/diff/tree-diff';
import type { ManifestObject } from '../../../lib/validate/findings';
import { parseManifests } from '../../../lib/validate/manifests';

const KEEP = { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' };

const configMap = (env: string, i: number): ManifestObject => ({
  file: `${env}/teams/team-${i % 7}/apps/app-${i}/configmap-app-${i}-settings.yaml`,
  object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `app-${i}-settings`, namespace: `team-${i % 7}` }, data: { LOG_LEVEL: 'info' } },
});
const claim = (env: string, i: number): ManifestObject => ({
  file: `${env}/teams/team-${i}/apps/app-${i}/postgresqlinstance-db-${i}.yaml`,
  object: { apiVersion: 'db.example.com/v1alpha1', kind: 'PostgreSQLInstance', metadata: { name: `db-${i}`, namespace: `team-${i}`, annotations: KEEP } },
});

/** 1,000 objects added (500 per environment) and 12 claims removed that Argo CD keeps. */
function bigDiff(): TreeDiff {
  const envs = ['prod', 'staging'];
  const base = envs.flatMap((env) => Array.from({ length: 6 }, (_, i) => claim(env, i)));
  const head = envs.flatMap((env) => Array.from({ length: 500 }, (_, i) => configMap(env, i)));
  return diffTrees(base, head, { clusterPerTopLevelFolder: true });
}

describe('formatDiffMarkdown: a comment GitHub takes', () => {
  test('1,000 added objects and 12 reviews: under 60,000 characters, every review there, the rest summarized', () => {
    const diff = bigDiff();
    expect(diff.added).toHaveLength(1000);
    expect(diff.needsReview).toHaveLength(12);
    const md = formatDiffMarkdown(diff);
    expect(md.length).toBeLessThanOrEqual(60000);
    expect(DEFAULT_MARKDOWN_MAX_CHARS).toBe(60000);
    for (const r of diff.needsReview) expect(md).toContain(`- **${r.environment}** · \`${r.label}\`: ${r.reason} (\`${r.file}\`)`);
    expect(md).toContain('#### :warning: Needs review (12)');
    // counts per kind and environment
    expect(md).toContain('| kind | prod | staging |');
    expect(md).toContain('| ConfigMap | +500 | +500 |');
    expect(md).toContain('| PostgreSQLInstance | −6 | −6 |');
    // as many entries as fit, and how many were left out
    // entries, not counting the 12 items under "needs review" (which look the same)
    const shown = (md.match(/^- \*\*(?:prod|staging)\*\* · `/gm) ?? []).length - 12;
    expect(shown).toBeGreaterThan(100);
    const footer = /_([\d,]+) of 1,012 entries are left out to keep this comment under 60,000 characters: run `npx paved diff` to see them all\._$/.exec(md);
    expect(footer).not.toBeNull();
    expect(Number(footer?.[1].replace(/,/g, ''))).toBe(1012 - shown);
    // each section gets its share: the removed claims are listed though the added objects come first
    expect(md).toContain('#### Removed\n');
    expect(md).toMatch(/#### Added \(\d+ of 1000\)/);
  });

  test('any limit is kept as long as "needs review" fits; "needs review" is never cut', () => {
    const diff = bigDiff();
    for (const maxChars of [8000, 20000, 100000]) {
      const md = formatDiffMarkdown(diff, { maxChars });
      expect(md.length).toBeLessThanOrEqual(maxChars);
      for (const r of diff.needsReview) expect(md).toContain(r.reason);
    }
  });

  test('refuses to write a comment whose "needs review" alone is over the limit (fail closed), saying how much it needs', () => {
    const diff = bigDiff();
    expect(() => formatDiffMarkdown(diff, { maxChars: 1000 })).toThrow(CommentTooLargeError);
    expect(() => formatDiffMarkdown(diff, { maxChars: 1000 })).toThrow(
      /^the comment's "needs review" alone \(12 items, with its heading and the summary\) needs [\d,]+ characters, over the limit of 1,000: it is not written/,
    );
  });

  test('a diff that fits is whole, without summary or note', () => {
    const diff = diffTrees([claim('prod', 1)], [configMap('prod', 1)], { clusterPerTopLevelFolder: true });
    const md = formatDiffMarkdown(diff);
    expect(md).not.toContain('left out');
    expect(md).not.toContain('#### Summary');
    expect(md).toContain('- **prod** · `ConfigMap team-1/app-1-settings` (`prod/teams/team-1/apps/app-1/configmap-app-1-settings.yaml`)');
    expect(formatDiffMarkdown(diffTrees([], []))).toBe('### paved diff: 0 added, 0 removed, 0 changed (0 → 0 objects)\n\nNo change to the GitOps tree.');
  });
});

describe('every entry names its environment and its file', () => {
  test('in text, markdown and JSON', () => {
    const before = configMap('prod', 1);
    const after = { ...before, object: { ...before.object, data: { LOG_LEVEL: 'debug' } } };
    const diff = diffTrees([claim('prod', 2), claim('staging', 2), before], [after, configMap('staging', 3)], { clusterPerTopLevelFolder: true });
    const text = formatDiffText(diff);
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        '  ! [prod] PostgreSQLInstance team-2/db-2: removed from Git, but Argo CD does not prune it (sync-options Prune=false): it stays in the cluster, orphaned, with its data (and is still billed); delete it by hand if that is intended  (prod/teams/team-2/apps/app-2/postgresqlinstance-db-2.yaml)',
        '  ! [staging] PostgreSQLInstance team-2/db-2: removed from Git, but Argo CD does not prune it (sync-options Prune=false): it stays in the cluster, orphaned, with its data (and is still billed); delete it by hand if that is intended  (staging/teams/team-2/apps/app-2/postgresqlinstance-db-2.yaml)',
        '  + [staging] ConfigMap team-3/app-3-settings  (staging/teams/team-3/apps/app-3/configmap-app-3-settings.yaml)',
        '  - [prod] PostgreSQLInstance team-2/db-2  (prod/teams/team-2/apps/app-2/postgresqlinstance-db-2.yaml)',
        '  ~ [prod] ConfigMap team-1/app-1-settings  (prod/teams/team-1/apps/app-1/configmap-app-1-settings.yaml)',
        '      data.LOG_LEVEL: "info" → "debug"',
      ]),
    );
    const md = formatDiffMarkdown(diff);
    expect(md).toContain('<details><summary><b>prod</b> · <code>ConfigMap team-1/app-1-settings</code> (<code>prod/teams/team-1/apps/app-1/configmap-app-1-settings.yaml</code>, 1 field)</summary>');
    const json = diffToJson(diff);
    expect(json.needsReview.map((r) => [r.environment, r.file])).toEqual([
      ['prod', 'prod/teams/team-2/apps/app-2/postgresqlinstance-db-2.yaml'],
      ['staging', 'staging/teams/team-2/apps/app-2/postgresqlinstance-db-2.yaml'],
    ]);
    expect(json.changed[0]).toEqual({
      environment: 'prod',
      object: 'ConfigMap team-1/app-1-settings',
      file: 'prod/teams/team-1/apps/app-1/configmap-app-1-settings.yaml',
      changes: [{ path: 'data.LOG_LEVEL', before: 'info', after: 'debug' }],
    });
    // a tree that is one cluster names no environment
    expect(formatDiffText(diffTrees([], [configMap('prod', 1)]))).toContain('  + ConfigMap team-1/app-1-settings  (prod/teams/team-1/apps/app-1/configmap-app-1-settings.yaml)');
  });
});

describe('files that are not manifests', () => {
  const tree = (files: Record<string, string | Buffer>): TreeFiles => {
    const split = (yaml: boolean) =>
      new Map(
        Object.entries(files)
          .filter(([f]) => /\.ya?ml$/.test(f) === yaml)
          .map(([f, t]) => [f, Buffer.from(t)]),
      );
    return { files: split(true), others: split(false), parse: (file, text) => parseManifests(file, text).objects };
  };
  const base = tree({
    'org.json': JSON.stringify(
      {
        name: 'acme',
        environments: [
          { name: 'prod', awsRegion: 'eu-west-1' },
          { name: 'staging', awsRegion: 'eu-west-1' },
        ],
      },
      null,
      2,
    ),
    'CATALOG.md': '# Catalog\n\n- a\n- b\n',
    'ACCESS.md': '# Access\n',
    'catalog/last-changed.json': '{"a": {"date": "2026-12-01"}}\n',
    'charts/x/logo.png': Buffer.from([0x89, 0x50, 0x00, 0x01]),
    'prod/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
  });
  const head = tree({
    'org.json': JSON.stringify(
      {
        name: 'acme',
        environments: [
          { name: 'staging', awsRegion: 'eu-west-1' },
          { name: 'prod', awsRegion: 'us-east-1' },
        ],
      },
      null,
      2,
    ),
    'CATALOG.md': '# Catalog\n\n- a\n- c\n- d\n',
    'catalog/last-changed.json': '{"a": {"date": "2026-12-01"}}\n',
    'charts/x/logo.png': Buffer.from([0x89, 0x50, 0x00, 0x02]),
    'charts/x/README.txt': 'new\n',
    'prod/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
  });

  test('are compared by their bytes and reported in text, markdown and JSON', () => {
    const diff = diffTreeFiles(base, head, { clusterPerTopLevelFolder: true });
    expect(hasChanges(diff)).toBe(true);
    expect(diff.files).toEqual([
      { file: 'ACCESS.md', change: 'removed' },
      { file: 'CATALOG.md', change: 'changed', lines: { added: 2, removed: 1 } },
      { file: 'charts/x/README.txt', environment: 'charts', change: 'added' },
      { file: 'charts/x/logo.png', environment: 'charts', change: 'changed' },
      {
        file: 'org.json',
        change: 'changed',
        changes: [
          { path: 'environments[name=prod].awsRegion', before: 'eu-west-1', after: 'us-east-1' },
          { path: 'environments', before: ['prod', 'staging'], after: ['staging', 'prod'], reordered: true },
        ],
      },
    ]);
    const text = formatDiffText(diff);
    expect(text.split('\n')[0]).toBe('0 added, 0 removed, 0 changed (1 → 1 objects); files: 1 added, 1 removed, 3 changed');
    expect(text).toContain(
      'FILES\n  - ACCESS.md\n  ~ CATALOG.md  (+2 -1 lines)\n  + charts/x/README.txt\n  ~ charts/x/logo.png\n  ~ org.json\n      environments[name=prod].awsRegion: "eu-west-1" → "us-east-1"',
    );
    const md = formatDiffMarkdown(diff);
    expect(md).toContain(
      '#### Files\n\n- removed `ACCESS.md`\n- changed `CATALOG.md` (+2 −1 lines)\n- added `charts/x/README.txt`\n- changed `charts/x/logo.png`\n<details><summary>changed <code>org.json</code> (2 fields)</summary>',
    );
    const json = diffToJson(diff);
    expect(json.summary.files).toEqual({ added: 1, removed: 1, changed: 3 });
    expect(json.files).toEqual(diff.files);
  });

  test('an unchanged tree has no file changes', () => {
    const diff = diffTreeFiles(base, base);
    expect(diff.files).toEqual([]);
    expect(hasChanges(diff)).toBe(false);
  });
});
