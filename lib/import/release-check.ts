import * as fs from 'fs';
import * as path from 'path';
import { UPSTREAM_RELEASES, type UpstreamRelease } from './sources';

/**
 * With a mirror that records what it holds (`versions.json`: per project, the
 * tag, its commit, and the chart that installs it), every release of the table
 * must be exactly that: a tag that exists upstream, at its commit, with the
 * chart version and appVersion upstream published for it.
 */
export function checkReleasesAgainstMirror(mirror: string, releases: readonly UpstreamRelease[] = UPSTREAM_RELEASES): void {
  const file = path.join(mirror, 'versions.json');
  if (!fs.existsSync(file)) return;
  type Recorded = { repo?: string; tag?: string; commit?: string; chart?: string | null; appVersion?: string | null; allStableTags?: string[]; newestStableTag?: string };
  const recorded = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Recorded>;
  const problems: string[] = [];
  for (const r of releases) {
    const m = recorded[r.project];
    const where = `lib/import/sources.ts: release ${r.project}`;
    if (!m) {
      if (r.evidence === undefined) problems.push(`${where}: the mirror's versions.json records no project ${r.project} (record where the version was checked in its evidence)`);
      continue;
    }
    if (m.repo !== r.repo) problems.push(`${where}: repo = ${r.repo}, but the mirror records ${String(m.repo)}`);
    if (m.allStableTags && !m.allStableTags.includes(r.tag)) problems.push(`${where}: tag = ${r.tag} is not a stable upstream tag (upstream has ${m.allStableTags.slice(-5).join(', ')}, ...)`);
    else if (r.commit !== undefined && (m.tag !== r.tag || m.commit !== r.commit)) problems.push(`${where}: ${r.tag} at ${r.commit}, but the mirror holds ${String(m.tag)} at ${String(m.commit)}`);
    if (m.newestStableTag !== undefined && m.newestStableTag !== r.newestStableTag)
      problems.push(`${where}: newestStableTag = ${r.newestStableTag}, but upstream's newest stable tag is ${String(m.newestStableTag)}`);
    // a chart kept in another repository than the project's (the mirror records none) is checked by its evidence
    if (r.chart && !(m.chart === null && r.evidence !== undefined) && (m.chart !== r.chart.version || m.appVersion !== r.chart.appVersion)) {
      problems.push(`${where}: chart ${r.chart.version} (appVersion ${r.chart.appVersion}), but upstream's chart for it is ${String(m.chart)} (appVersion ${String(m.appVersion)})`);
    }
  }
  if (problems.length) throw new Error(`the release table does not match the mirror's versions.json:\n  ${problems.join('\n  ')}`);
}
