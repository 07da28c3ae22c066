import type { Org } from '../org/org';
import { EKS_SUPPORT_SOURCE, eksKubernetesVersion } from '../org/kubernetes-versions';
import { compareStrings } from '../private/compare';
import type { CatalogRelease } from '../validate/catalog-types';
import type { ManifestObject } from '../validate/findings';

/** How a version stands on the report's day. */
export type SupportStatus = 'supported' | 'ending' | 'ended' | 'unknown';

/** One version an environment runs, and how it stands. */
export interface SupportEntry {
  /** The environment (the tree's top-level folder). */
  readonly environment: string;
  /** What runs: `Kubernetes (EKS)`, or an upstream project's name. */
  readonly component: string;
  /** The version pinned. */
  readonly version: string;
  readonly status: SupportStatus;
  /** Why, with the dates it relies on. */
  readonly detail: string;
}

/** What {@link supportReport} found. */
export interface SupportReport {
  /** The day the report is for (`YYYY-MM-DD`). */
  readonly on: string;
  /** How many days ahead an end of support counts as near. */
  readonly withinDays: number;
  readonly entries: readonly SupportEntry[];
}

/** Options of {@link supportReport}. */
export interface SupportReportOptions {
  /** The day to report for (`YYYY-MM-DD`). */
  readonly on: string;
  /**
   * An end of support this many days ahead or fewer is reported as near.
   * @default 90
   */
  readonly withinDays?: number;
  /**
   * The day the newest upstream tags of the release table were read: a policy
   * that counts minor releases can only be judged against the tags known then.
   * @default - not said
   */
  readonly tagsAsOf?: string;
}

const DAY_MS = 86_400_000;
const days = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** How a date-bounded window stands on a day. */
function byDate(on: string, last: string, withinDays: number): { status: SupportStatus; left: number } {
  const left = days(on, last);
  return { status: left < 0 ? 'ended' : left <= withinDays ? 'ending' : 'supported', left };
}

const minorOf = (tag: string) => /^v?(\d+)\.(\d+)/.exec(tag);

/**
 * Which versions each environment runs, and how long each is supported on a
 * given day: the cluster's Kubernetes version against EKS's dated calendar
 * (lib/org/kubernetes-versions.ts), and every add-on chart and Crossplane
 * package of the tree against its upstream release's published policy (the
 * release table the schema catalog records).
 *
 * It reads the day only from its options: synthesis never calls it, so no
 * synthesized file depends on the day it was written.
 */
export function supportReport(org: Org, objects: readonly ManifestObject[], releases: readonly CatalogRelease[], options: SupportReportOptions): SupportReport {
  if (!isDay(options.on)) throw new Error(`--on = ${JSON.stringify(options.on)} is not allowed: a day as YYYY-MM-DD`);
  const withinDays = options.withinDays ?? 90;
  const { on } = options;
  const entries: SupportEntry[] = [];
  for (const env of org.environments) {
    const row = eksKubernetesVersion(env.kubernetesVersion);
    if (!row) {
      entries.push({
        environment: env.name,
        component: 'Kubernetes (EKS)',
        version: env.kubernetesVersion,
        status: 'unknown',
        detail: `not in the EKS calendar of lib/org/kubernetes-versions.ts (as of ${EKS_SUPPORT_SOURCE.asOf})`,
      });
    } else {
      const { status, left } = byDate(on, row.endOfStandardSupport, withinDays);
      const detail =
        status === 'ended'
          ? `standard support ended on ${row.endOfStandardSupport} (${-left} days ago): with upgrade policy STANDARD, AWS upgrades the control plane itself and Terraform drifts; upgrade to a newer version`
          : `standard support until ${row.endOfStandardSupport} (${left} days left${status === 'ending' ? ': plan the upgrade' : ''}); extended support until ${row.endOfExtendedSupport}`;
      entries.push({ environment: env.name, component: 'Kubernetes (EKS)', version: env.kubernetesVersion, status, detail });
    }
    for (const pin of pinsIn(
      objects.filter((m) => m.file.startsWith(`${env.name}/`)),
      releases,
    )) {
      entries.push({ environment: env.name, ...addOnStatus(pin, on, withinDays, options.tagsAsOf) });
    }
  }
  return { on, withinDays, entries };
}

interface Pin {
  readonly release: CatalogRelease;
  readonly version: string;
  /** Whether the version is the release the table records. */
  readonly isRelease: boolean;
}

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** The upstream releases a cluster's objects install: Argo CD Helm sources and Crossplane packages, once each. */
function pinsIn(objects: readonly ManifestObject[], releases: readonly CatalogRelease[]): Pin[] {
  const pins = new Map<string, Pin>();
  for (const { object } of objects) {
    const spec = asObject(object.spec) ?? {};
    if (String(object.apiVersion).startsWith('argoproj.io/') && object.kind === 'Application') {
      for (const source of [asObject(spec.source), ...(Array.isArray(spec.sources) ? spec.sources.map(asObject) : [])]) {
        if (typeof source?.chart !== 'string' || typeof source.repoURL !== 'string') continue;
        const release = releases.find((r) => r.chart !== undefined && r.chart.name === source.chart && trimSlash(r.chart.repoURL) === trimSlash(String(source.repoURL)));
        const version = String(source.targetRevision ?? '');
        if (release) pins.set(`${release.project} ${version}`, { release, version, isRelease: version === release.chart?.version });
      }
    }
    if (String(object.apiVersion).startsWith('pkg.crossplane.io/') && typeof spec.package === 'string') {
      const m = /^(.+):([^:/@]+)$/.exec(spec.package);
      const release = m ? releases.find((r) => r.packages?.includes(m[1])) : undefined;
      if (m && release) pins.set(`${release.project} ${m[2]}`, { release, version: m[2], isRelease: m[2] === release.tag });
    }
  }
  return [...pins.values()].sort((a, b) => compareStrings(a.release.project, b.release.project));
}

function addOnStatus(pin: Pin, on: string, withinDays: number, tagsAsOf: string | undefined): Omit<SupportEntry, 'environment'> {
  const { release } = pin;
  const component = release.project;
  const runs = release.chart ? `chart ${pin.version}` : pin.version;
  if (!pin.isRelease) {
    return { component, version: runs, status: 'unknown', detail: `not the release the table records (${release.repo} ${release.tag}): its support is not known here` };
  }
  const what = release.chart ? `${runs} = ${release.repo} ${release.tag}` : `${release.repo} ${release.tag}`;
  const support = release.support;
  const age = `released ${release.date}`;
  if (support?.endOfSupport) {
    const { status, left } = byDate(on, support.endOfSupport, withinDays);
    const detail =
      status === 'ended'
        ? `${what}: support ended on ${support.endOfSupport} (${support.policy})`
        : `${what}: supported until ${support.endOfSupport} (${left} days left${status === 'ending' ? ': plan the upgrade' : ''}; ${support.policy})`;
    return { component, version: runs, status, detail };
  }
  const newest = release.newestStableTag;
  const known = `newest upstream tag ${newest ?? 'not recorded'}${tagsAsOf ? ` as of ${tagsAsOf}${days(tagsAsOf, on) > withinDays ? ', newer releases may exist' : ''}` : ''}`;
  if (support?.newestMinors !== undefined && newest) {
    const [, maj, min] = minorOf(release.tag) ?? [];
    const [, newestMaj, newestMin] = minorOf(newest) ?? [];
    const behind = maj === newestMaj ? Number(newestMin) - Number(min) : Number.POSITIVE_INFINITY;
    const status: SupportStatus = behind >= support.newestMinors ? 'ended' : behind === support.newestMinors - 1 ? 'ending' : 'supported';
    const standing = status === 'ended' ? 'out of support' : status === 'ending' ? 'the oldest supported minor: the next minor release ends its support' : 'supported';
    return { component, version: runs, status, detail: `${what}: ${standing} (${support.policy}; ${known})` };
  }
  return { component, version: runs, status: 'unknown', detail: `${what}: upstream publishes no support window (${known}); ${age}` };
}

const MARK: Readonly<Record<SupportStatus, string>> = { supported: 'ok', ending: 'NEAR END', ended: 'ENDED', unknown: '?' };

/** The report as text, one line per environment and component, and a summary line. */
export function formatSupportReport(report: SupportReport): string {
  const lines = [`support on ${report.on} (near: ${report.withinDays} days or fewer; EKS calendar as of ${EKS_SUPPORT_SOURCE.asOf}, ${EKS_SUPPORT_SOURCE.url})`];
  for (const e of report.entries) lines.push(`  ${MARK[e.status].padEnd(8)} ${e.environment}: ${e.component} ${e.version}: ${e.detail}`);
  const count = (s: SupportStatus) => report.entries.filter((e) => e.status === s).length;
  lines.push(`${count('ended')} past end of support, ${count('ending')} near it, ${count('supported')} supported, ${count('unknown')} unknown`);
  return `${lines.join('\n')}\n`;
}
