import * as fs from 'fs';
import * as path from 'path';
import { type ReleaseOrg, type ReleaseRecord, previousEnvironment, recordDigest, releaseRecordFile } from '../org/release-records';
import { type GateResult, checkGate } from './gates';
import { type RecordVersion, type ReleaseRepository, recordAt, recordVersions } from './history';

/**
 * The gate for a record at a moment: its own record's history before it, and
 * the previous environment's up to it. `entering` is the commit that put the
 * record there (its own history is what came before that commit), or
 * undefined for a record not committed yet.
 */
export function gateAt(repo: ReleaseRepository, org: ReleaseOrg, record: Omit<ReleaseRecord, 'file'>, at: number, entering: string | undefined): GateResult {
  const own = recordVersions(repo, releaseRecordFile(record.team, record.app, record.environment));
  const before = entering === undefined ? own : own.slice(own.findIndex((v) => v.commit === entering) + 1);
  const previous = previousEnvironment(org, record.environment);
  const prevVersions = previous ? recordVersions(repo, releaseRecordFile(record.team, record.app, previous.name)) : [];
  return checkGate({ org, app: `${record.team}/${record.app}`, environment: record.environment, image: record.image, at, own: before, previous: prevVersions });
}

/**
 * The commit that put a record's build there: the oldest of the newest
 * versions on the first-parent line that hold it; undefined when the record
 * is not committed as it is in the project folder (a change not committed yet).
 */
export function enteringCommit(projectDir: string, repo: ReleaseRepository, r: ReleaseRecord): RecordVersion | undefined {
  const committed = recordAt(repo, r.file);
  if (committed === undefined || committed !== fs.readFileSync(path.join(projectDir, r.file), 'utf8')) return undefined;
  let entering: RecordVersion | undefined;
  for (const v of recordVersions(repo, r.file)) {
    if (v.image === undefined || recordDigest(v.image) !== recordDigest(r.image)) break;
    entering = v;
  }
  return entering;
}

/** A record's gate: measured to the commit that put it there, or to `at` when it is not committed yet. */
export function recordGate(projectDir: string, repo: ReleaseRepository, org: ReleaseOrg, r: ReleaseRecord, at: number): { readonly gate: GateResult; readonly entering?: RecordVersion } {
  const entering = enteringCommit(projectDir, repo, r);
  return { gate: gateAt(repo, org, r, entering ? entering.time : at, entering?.commit), ...(entering ? { entering } : {}) };
}
