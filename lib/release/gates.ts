import { type ReleaseOrg, previousEnvironment, recordDigest, recordVersion } from '../org/release-records';
import type { RecordVersion } from './history';

/**
 * The release gates, proved from the records' Git history alone: a version
 * enters the first environment of the org's chain directly (a release); it
 * enters any other only after it ran in the environment before it for that
 * environment's soak time (a promotion), measured from the commit that put it
 * there to the moment it is put in the next (the promotion's commit, or the
 * time given for a record not committed yet); a version the environment ran
 * before may come back at any time (a rollback).
 */

/** How a record's image came to an environment, when the gates hold (`unchanged`: the environment ran it before the record named it). */
export type GateKind = 'release' | 'promotion' | 'rollback' | 'unchanged';

/** The gates' answer for one record. */
export type GateResult =
  { readonly ok: true; readonly kind: GateKind; readonly from?: string; readonly ranMs?: number } | { readonly ok: false; readonly message: string; readonly remainingMs?: number };

/** One stay of a build in an environment: from the commit that put it there until the one that replaced it (if any). */
interface Stay {
  readonly digest: string;
  readonly version: string;
  readonly start: number;
  readonly end?: number;
}

/** The stays a record's versions (newest first) describe, oldest first; a deletion ends a stay. */
function staysOf(versions: readonly RecordVersion[]): Stay[] {
  const stays: Stay[] = [];
  let current: { digest: string; version: string; start: number } | undefined;
  for (const v of [...versions].reverse()) {
    const digest = v.image === undefined ? undefined : recordDigest(v.image);
    if (current && digest === current.digest) continue;
    if (current) stays.push({ ...current, end: v.time });
    current = v.image !== undefined && digest !== undefined ? { digest, version: recordVersion(v.image), start: v.time } : undefined;
  }
  if (current) stays.push(current);
  return stays;
}

const HOUR = 3_600_000;

/** A duration as people read it: `2 d 3 h`, `5 h 20 min`, `12 min`. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return `${m} min`;
}

/** What one gate check is about. */
export interface GateInput {
  readonly org: ReleaseOrg;
  /** `team/app`, for messages. */
  readonly app: string;
  /** The environment the image enters. */
  readonly environment: string;
  readonly image: string;
  /** When it enters: the commit that put it there, or the time given for a record not committed yet (ms since the epoch). */
  readonly at: number;
  /** The environment's own record before that moment (newest first). */
  readonly own: readonly RecordVersion[];
  /** The previous environment's record up to that moment (newest first). */
  readonly previous: readonly RecordVersion[];
}

/** Whether an image may enter an environment at a moment, from the records' history. */
export function checkGate(input: GateInput): GateResult {
  const { org, environment, image, at } = input;
  const env = org.environments.find((e) => e.name === environment);
  if (!env) return { ok: false, message: `environment ${environment} is not one of the org's (${org.environments.map((e) => e.name).join(', ')})` };
  const previous = previousEnvironment(org, environment);
  if (!previous) return { ok: true, kind: 'release' };
  const digest = recordDigest(image);
  const version = recordVersion(image);
  // a build the environment ran before, for some time (commits that land together, as a rebased pull request's do,
  // hold a build for no time at all: that is no stay to roll back to)
  if (staysOf(input.own.filter((v) => v.time <= at)).some((s) => s.digest === digest && s.end !== undefined && s.end > s.start)) return { ok: true, kind: 'rollback' };
  const stays = staysOf(input.previous.filter((v) => v.time <= at)).filter((s) => s.digest === digest && s.start <= at);
  const stay = stays[stays.length - 1];
  if (!stay) {
    return {
      ok: false,
      message: `${input.app} ${version} (${digest.slice(0, 19)}…) never ran in ${previous.name}, the environment before ${environment}: it enters ${environment} from there (paved promote ${input.app} --to ${previous.name} first, and commit it)`,
    };
  }
  const ran = Math.min(stay.end ?? at, at) - stay.start;
  const soak = env.promotion.soakHours * HOUR;
  if (ran < soak) {
    const still = stay.end === undefined || stay.end > at;
    return {
      ok: false,
      remainingMs: still ? soak - ran : undefined,
      message: `${input.app} ${version} ran in ${previous.name} for ${formatDuration(ran)} (since ${new Date(stay.start).toISOString()}), and ${environment} takes a version after ${env.promotion.soakHours} h there: ${
        still ? `${formatDuration(soak - ran)} left` : `it was replaced in ${previous.name} before then: release it again`
      }`,
    };
  }
  return { ok: true, kind: 'promotion', from: previous.name, ranMs: ran };
}
