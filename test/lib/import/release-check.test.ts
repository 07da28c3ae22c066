import { checkReleasesAgainstMirror } from '../../../lib/import/release-check';
import { UPSTREAM_RELEASES, type UpstreamRelease } from '../../../lib/import/sources';
import { cleanTmpDirs, tmpDir, writeFiles } from '../../cli-util';

afterAll(cleanTmpDirs);

const release: UpstreamRelease = {
  project: 'external-secrets',
  repo: 'external-secrets/external-secrets',
  tag: 'v2.9.0',
  commit: 'c'.repeat(40),
  date: '2026-08-07',
  newestStableTag: 'v2.9.0',
  chart: { repoURL: 'https://charts.external-secrets.io', name: 'external-secrets', version: '2.9.0', appVersion: 'v2.9.0' },
};
const recorded = { repo: release.repo, tag: 'v2.9.0', commit: 'c'.repeat(40), chart: '2.9.0', appVersion: 'v2.9.0', allStableTags: ['v2.8.0', 'v2.9.0'] };
const mirror = (versions: unknown) => {
  const dir = tmpDir();
  writeFiles(dir, { 'versions.json': JSON.stringify(versions) });
  return dir;
};

describe("the release table against the mirror's versions.json", () => {
  test('passes for a release the mirror holds, at its tag, commit and chart', () => {
    expect(() => checkReleasesAgainstMirror(mirror({ 'external-secrets': recorded }), [release])).not.toThrow();
  });

  test('refuses a tag upstream does not have, naming it and the newest tags (prod once pinned external-secrets 2.8.3)', () => {
    expect(() => checkReleasesAgainstMirror(mirror({ 'external-secrets': recorded }), [{ ...release, tag: 'v2.8.3' }])).toThrow(
      'lib/import/sources.ts: release external-secrets: tag = v2.8.3 is not a stable upstream tag (upstream has v2.8.0, v2.9.0, ...)',
    );
  });

  test('refuses a chart that does not install the release, and lists every problem at once', () => {
    const wrong = { ...release, commit: 'd'.repeat(40), chart: { ...release.chart!, version: '2.8.3' } };
    let message = '';
    try {
      checkReleasesAgainstMirror(mirror({ 'external-secrets': recorded }), [wrong, { ...release, project: 'nope' }]);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(
      message
        .split('\n')
        .slice(1)
        .map((l) => l.trim()),
    ).toEqual([
      `lib/import/sources.ts: release external-secrets: v2.9.0 at ${'d'.repeat(40)}, but the mirror holds v2.9.0 at ${'c'.repeat(40)}`,
      "lib/import/sources.ts: release external-secrets: chart 2.8.3 (appVersion v2.9.0), but upstream's chart for it is 2.9.0 (appVersion v2.9.0)",
      "lib/import/sources.ts: release nope: the mirror's versions.json records no project nope (record where the version was checked in its evidence)",
    ]);
  });

  test('a mirror without versions.json is not checked', () => {
    expect(() => checkReleasesAgainstMirror(tmpDir(), UPSTREAM_RELEASES)).not.toThrow();
  });
});
