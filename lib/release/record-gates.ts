import * as fs from 'fs';
import * as path from 'path';
import { show } from '../private/problems';
import { type ReleaseOrg, type ReleaseRecord, previousEnvironment, recordDigest, releaseRecordFile } from '../org/release-records';
import { appComponentImage, yamlDocuments } from '../private/application-image';
import { type GateResult, checkGate } from './gates';
import { type RecordVersion, type ReleaseRepository, fileVersions, recordAt, recordVersions } from './history';

/**
 * When the checked commit's changes land, where that is not its own date: a
 * pull request's merge result is checked at the moment CI runs (its commit is
 * dated as its author or CI chose), `main`'s commits at their own dates.
 */
export interface Landing {
  /** The commit whose changes land then (HEAD). */
  readonly commit: string;
  /** When, in milliseconds since the epoch. */
  readonly time: number;
}

/** The moment a build is measured to: when the commit that put it there lands, or `at` for a change not committed. */
function momentOf(entering: RecordVersion | undefined, at: number, landing: Landing | undefined): number {
  if (!entering) return at;
  return landing !== undefined && landing.commit === entering.commit ? landing.time : entering.time;
}

/**
 * Versions with the landing commit's changes dated when it lands, whichever
 * file they are of: a merge result that puts a build in the environment before
 * and in the next one at once gives it no time there, whatever date its
 * commit carries.
 */
function landed(versions: readonly RecordVersion[], landing: Landing | undefined): RecordVersion[] {
  return landing === undefined ? [...versions] : versions.map((v) => (v.commit === landing.commit ? { ...v, time: landing.time } : v));
}

/**
 * The gate for a record at a moment: its own record's history before it, and
 * the previous environment's up to it. `entering` is the commit that put the
 * record there (its own history is what came before that commit), or
 * undefined for a record not committed yet.
 */
export function gateAt(repo: ReleaseRepository, org: ReleaseOrg, record: Omit<ReleaseRecord, 'file'>, at: number, entering: string | undefined, landing?: Landing): GateResult {
  const own = landed(recordVersions(repo, releaseRecordFile(record.team, record.app, record.environment)), landing);
  const before = entering === undefined ? own : own.slice(own.findIndex((v) => v.commit === entering) + 1);
  const previous = previousEnvironment(org, record.environment);
  const prevVersions = previous ? landed(recordVersions(repo, releaseRecordFile(record.team, record.app, previous.name)), landing) : [];
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

/**
 * A record's gate: measured to the commit that put it there, or to `at` when
 * it is not committed yet. With the committed tree's folder (`tree`, relative
 * to the project), a record that names the build its environment ran already
 * before it (an app whose definition named its image, adopting records) passes
 * as it is: it changes nothing the cluster runs.
 */
export function recordGate(
  projectDir: string,
  repo: ReleaseRepository,
  org: ReleaseOrg,
  r: ReleaseRecord,
  at: number,
  tree?: string,
  landing?: Landing,
): { readonly gate: GateResult; readonly entering?: RecordVersion } {
  const entering = enteringCommit(projectDir, repo, r);
  const ranBefore = tree !== undefined ? treeImage(repo, tree, r, entering ? `${entering.commit}^` : 'HEAD') : undefined;
  if (ranBefore !== undefined && recordDigest(ranBefore) === recordDigest(r.image)) return { gate: { ok: true, kind: 'unchanged' }, ...(entering ? { entering } : {}) };
  return { gate: gateAt(repo, org, r, momentOf(entering, at, landing), entering?.commit, landing), ...(entering ? { entering } : {}) };
}

/** An app's Application file in an environment of the tree. */
const applicationFile = (tree: string, team: string, app: string, env: string) => `${tree}/${env}/teams/${team}/apps/${app}/application-${app}.yaml`;

/** The image an app's Application ran in an environment at a revision of the committed tree (the component named after the app). */
function treeImage(repo: ReleaseRepository, tree: string, r: ReleaseRecord, revision: string): string | undefined {
  const text = recordAt(repo, applicationFile(tree, r.team, r.app, r.environment), revision);
  return text === undefined ? undefined : applicationImage(text, r.app);
}

/** The image of the component named after the app, in an Application's text (undefined where {@link readApplication} finds a problem). */
export function applicationImage(text: string, app: string): string | undefined {
  const read = readApplication(text, app);
  return 'image' in read ? read.image : undefined;
}

/**
 * The build an app's Application runs, as paved synth writes it: one
 * Application (empty YAML documents aside), its component named after the
 * app with an image, and every other component with that build (an app's
 * processes run its image). Anything else is a problem: the gates would not
 * see the build it runs.
 */
export function readApplication(text: string, app: string): { readonly image: string } | { readonly problem: string } {
  const read = yamlDocuments(text);
  if ('problem' in read) return read;
  if (read.documents.length !== 1) return { problem: `${read.documents.length} YAML documents, where paved synth writes one Application` };
  const found = appComponentImage(read.documents[0], app);
  if ('problem' in found) return found;
  const { image, components } = found;
  const other = components.find((c) => c?.properties?.image !== undefined && (typeof c.properties.image !== 'string' || recordDigest(c.properties.image) !== recordDigest(image)));
  if (other) return { problem: `component ${show(other.name)} runs ${show(other.properties?.image)}, not the build of component ${app} (${image})` };
  return { image };
}

/**
 * The gates of an app a team proposes from its own repository (its records
 * and their history are there, not here): proved from the committed tree's
 * history instead, its Applications' images per environment as the clusters
 * got them. `projectDir`/`tree`: the tree's folder; `at` for a tree not
 * committed as it is.
 */
export function treeGate(
  projectDir: string,
  repo: ReleaseRepository,
  org: ReleaseOrg,
  tree: string,
  app: { readonly team: string; readonly app: string; readonly environment: string; readonly image: string },
  at: number,
  landing?: Landing,
): { readonly gate: GateResult; readonly entering?: RecordVersion } {
  const file = applicationFile(tree, app.team, app.app, app.environment);
  const read = (text: string) => applicationImage(text, app.app);
  const own = landed(fileVersions(repo, file, read), landing);
  const committed = recordAt(repo, file);
  let entering: RecordVersion | undefined;
  if (committed !== undefined && committed === fs.readFileSync(path.join(projectDir, file), 'utf8')) {
    for (const v of own) {
      if (v.image === undefined || recordDigest(v.image) !== recordDigest(app.image)) break;
      entering = v;
    }
  }
  const before = entering === undefined ? own : own.slice(own.indexOf(entering) + 1);
  const previous = previousEnvironment(org, app.environment);
  const prevVersions = previous ? landed(fileVersions(repo, applicationFile(tree, app.team, app.app, previous.name), read), landing) : [];
  const gate = checkGate({ org, app: `${app.team}/${app.app}`, environment: app.environment, image: app.image, at: momentOf(entering, at, landing), own: before, previous: prevVersions });
  return { gate, ...(entering ? { entering } : {}) };
}
