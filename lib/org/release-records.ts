import * as fs from 'fs';
import * as path from 'path';
import { yaml } from '../private/yaml';
import { isDns1035Label, isDns1123Label, parseImage } from '../private/names';
import { type Problem, type PropChecker, show } from '../private/problems';
import { CODE_OWNER, type Environment, type PromotionProps } from './environment';
import { allowedImages, imageAllowed } from './image-policy';

/**
 * Release records: which build each app runs in each environment, as data
 * beside the apps (`releases/<team>/<app>/<env>.yaml`), written by
 * `paved release`, `paved promote` and `paved rollback`, read by the synth
 * (an `AppConstruct` without `image` runs its record's) and checked against
 * Git history by `paved releases --check`. One file per app and environment:
 * two pull requests that ship different apps, or one app to different
 * environments, never edit the same file.
 */

import { RELEASES_FOLDER } from './releases-folder';

export { RELEASES_FOLDER };

/** A record file's largest size: a record is a few lines. */
const MAX_RECORD_BYTES = 4096;

/** The build an app runs in one environment. */
export interface ReleaseRecord {
  readonly team: string;
  readonly app: string;
  readonly environment: string;
  /** The image, by digest, with the tag it was built as: `registry/path:tag@sha256:<64 hex>`. */
  readonly image: string;
  /** The environment it was promoted from (absent for a release into the first environment, and for a rollback). */
  readonly promotedFrom?: string;
  /** The record's file, relative to the project's root. */
  readonly file: string;
}

/** The file of an app's record in an environment, relative to the project's root. */
export function releaseRecordFile(team: string, app: string, environment: string): string {
  return `${RELEASES_FOLDER}/${team}/${app}/${environment}.yaml`;
}

/** A record's text, as the commands write it. */
export function formatReleaseRecord(record: Pick<ReleaseRecord, 'team' | 'app' | 'environment' | 'image' | 'promotedFrom'>): string {
  return [
    `# The build ${record.team}/${record.app} runs in ${record.environment}: written by paved release, promote and rollback.`,
    `image: ${record.image}`,
    ...(record.promotedFrom !== undefined ? [`promotedFrom: ${record.promotedFrom}`] : []),
    '',
  ].join('\n');
}

/** The image form a record holds, in words. */
export const RECORD_IMAGE = 'an image by digest with the tag it was built as: "<registry>/<path>:<tag>@sha256:<64 lower-case hex digits>"';

/** Whether an image is of the form a record holds (tag and sha256 digest). */
export function isRecordImage(image: unknown): image is string {
  if (typeof image !== 'string' || image.length > 512) return false;
  const ref = parseImage(image);
  return ref !== undefined && ref.tag !== undefined && ref.tag !== 'latest' && ref.digest !== undefined && /^sha256:[0-9a-f]{64}$/.test(ref.digest);
}

/** The tag of a record's image (its version, as people name it). */
export function recordVersion(image: string): string {
  return parseImage(image)?.tag ?? image;
}

/** The digest of a record's image. */
export function recordDigest(image: string): string {
  return parseImage(image)?.digest ?? image;
}

/** Parses one record file's text; `file` is its path relative to the project's root (`releases/<team>/<app>/<env>.yaml`). */
export function parseReleaseRecord(file: string, text: string): { readonly record?: ReleaseRecord; readonly problems: readonly Problem[] } {
  const problem = (prop: string, value: unknown, allowed: string) => ({ problems: [{ path: file, prop, value, allowed }] });
  const [, team, app, name] = file.split('/');
  const environment = name.replace(/\.yaml$/, '');
  if (Buffer.byteLength(text) > MAX_RECORD_BYTES) return problem('file', `${Buffer.byteLength(text)} bytes`, `a record of at most ${MAX_RECORD_BYTES} bytes`);
  const doc = yaml.parseDocument(text, { uniqueKeys: true, strict: true, prettyErrors: false });
  if (doc.errors.length > 0) return problem('file', doc.errors[0].message.split('\n')[0], 'a YAML mapping with image (and promotedFrom), as paved release writes it');
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 0 }) as unknown;
  } catch {
    return problem('file', 'a YAML alias', 'a YAML mapping with image (and promotedFrom), as paved release writes it: no anchors or aliases');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return problem('file', data, 'a YAML mapping with image (and promotedFrom), as paved release writes it');
  const fields = data as Record<string, unknown>;
  const problems: Problem[] = Object.keys(fields)
    .filter((k) => k !== 'image' && k !== 'promotedFrom')
    .map((k) => ({ path: file, prop: k, value: fields[k], allowed: 'only image and promotedFrom' }));
  if (!isRecordImage(fields.image)) problems.push({ path: file, prop: 'image', value: fields.image, allowed: RECORD_IMAGE });
  const from = fields.promotedFrom;
  if (from !== undefined && !(typeof from === 'string' && isDns1123Label(from, 20))) problems.push({ path: file, prop: 'promotedFrom', value: from, allowed: 'the name of an environment' });
  // (a record with a good image is checked further, against the org, whatever else is wrong with it)
  if (!isRecordImage(fields.image)) return { problems };
  return { record: { team, app, environment, image: fields.image, ...(typeof from === 'string' && isDns1123Label(from, 20) ? { promotedFrom: from } : {}), file }, problems };
}

/**
 * Reads every record below `<root>/releases`: exactly `<team>/<app>/<env>.yaml`,
 * plain files and folders only (a link is a problem, never followed). No
 * folder: no records.
 */
export function readReleaseFolder(root: string): { readonly records: readonly ReleaseRecord[]; readonly problems: readonly Problem[] } {
  const top = path.join(root, RELEASES_FOLDER);
  const records: ReleaseRecord[] = [];
  const problems: Problem[] = [];
  const stat = fs.lstatSync(top, { throwIfNoEntry: false });
  if (stat === undefined) return { records, problems };
  const expected = ['a folder per team', 'a folder per app', 'a file per environment, <env>.yaml'];
  const walk = (dir: string, rel: string, depth: number) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const file = `${rel}/${entry.name}`;
      const leaf = depth === 2;
      const nameOk = leaf ? entry.name.endsWith('.yaml') && isDns1123Label(entry.name.slice(0, -5), 20) : isDns1123Label(entry.name);
      if (!nameOk || (leaf ? !entry.isFile() : !entry.isDirectory())) {
        problems.push({
          path: file,
          prop: 'file',
          value: entry.isSymbolicLink() ? 'a symbolic link' : entry.name,
          allowed: `${expected[depth]} (${RELEASES_FOLDER}/<team>/<app>/<env>.yaml), no links`,
        });
        continue;
      }
      if (!leaf) walk(path.join(dir, entry.name), file, depth + 1);
      else {
        const parsed = parseReleaseRecord(file, fs.readFileSync(path.join(dir, entry.name), 'utf8'));
        problems.push(...parsed.problems);
        if (parsed.record) records.push(parsed.record);
      }
    }
  };
  if (!stat.isDirectory()) problems.push({ path: RELEASES_FOLDER, prop: 'file', value: stat.isSymbolicLink() ? 'a symbolic link' : 'a file', allowed: 'a folder of release records' });
  else walk(top, RELEASES_FOLDER, 0);
  return { records, problems };
}

/** What the records are checked against: the org's teams and its chain of environments. */
export interface ReleaseOrg {
  readonly name: string;
  readonly environments: readonly Environment[];
  readonly teams: readonly { readonly name: string }[];
}

/** The environment before this one in the org's chain (the order of `environments`), if any. */
export function previousEnvironment(org: ReleaseOrg, environment: string): Environment | undefined {
  const i = org.environments.findIndex((e) => e.name === environment);
  return i > 0 ? org.environments[i - 1] : undefined;
}

/**
 * What the org says about each record: its team, environment and app name,
 * its image under the environment's image policy, and a promotion from the
 * environment before it in the chain. (Whether the app exists there is the
 * synth's to say; whether the gates held, Git history's.)
 */
export function checkReleaseRecords(org: ReleaseOrg, records: readonly ReleaseRecord[]): Problem[] {
  const problems: Problem[] = [];
  const fail = (r: ReleaseRecord, prop: string, value: unknown, allowed: string) => problems.push({ path: r.file, prop, value, allowed });
  for (const r of records) {
    const team = org.teams.find((t) => t.name === r.team);
    const env = org.environments.find((e) => e.name === r.environment);
    if (!team) fail(r, 'team', r.team, `a team of org ${org.name} (${org.teams.map((t) => t.name).join(', ')})`);
    if (!env) fail(r, 'environment', r.environment, `an environment of org ${org.name} (${org.environments.map((e) => e.name).join(', ')})`);
    if (!isDns1035Label(r.app, 63)) fail(r, 'app', r.app, 'the name of an app (an RFC 1035 label)');
    if (env && !imageAllowed(r.image, env.images)) fail(r, 'image', r.image, `${allowedImages(env.images)} (environment ${env.name}'s image policy)`);
    if (env && r.promotedFrom !== undefined) {
      const previous = previousEnvironment(org, env.name);
      if (r.promotedFrom !== previous?.name)
        fail(
          r,
          'promotedFrom',
          r.promotedFrom,
          previous ? `${show(previous.name)}, the environment before ${env.name} in the org's chain` : `nothing: ${env.name} is the first environment of the chain (a release enters it)`,
        );
    }
  }
  return problems;
}

/** Checks an environment's promotion props (`at` = `environments[i].promotion`). */
export function checkPromotionProps(check: PropChecker, at: string, props: PromotionProps | undefined, first: boolean): void {
  if (props === undefined) return;
  if (props.soakHours !== undefined) {
    check.check(Number.isInteger(props.soakHours) && props.soakHours >= 0 && props.soakHours <= 2160, `${at}.soakHours`, props.soakHours, 'a whole number of hours from 0 to 2160 (90 days)');
    check.check(!first || props.soakHours === 0, `${at}.soakHours`, props.soakHours, '0 or nothing: the first environment of the chain has none before it (a release enters it)');
  }
  if (props.requireRecords !== undefined) check.check(typeof props.requireRecords === 'boolean', `${at}.requireRecords`, props.requireRecords, 'true or false');
  (props.approvers ?? []).forEach((a, i) =>
    check.check(typeof a === 'string' && CODE_OWNER.test(a), `${at}.approvers[${i}]`, a, 'a GitHub user or team as CODEOWNERS names it: "@user" or "@org/team"'),
  );
}
