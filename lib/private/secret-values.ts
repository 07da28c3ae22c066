/**
 * No secret value in Git: the rule, applied to an app's plain environment
 * variables, to any object (its fields, their names) and to the files of a
 * tree, with one scan (`secret-scan.ts`) behind all of them.
 *
 * A secret's value never belongs in a synthesized file: teams keep secrets in
 * AWS Secrets Manager under their team's prefix and name them in an app's
 * `secrets`. Findings say where, what and how long, never the value.
 * @internal
 */
import type { Problem } from './problems';
import { type SecretHit, describeSecret, scanText, scanValue } from './secret-scan';
import { isPlaceholder, looksRandomToken, settingSecret } from './secret-shapes';

export { looksRandomToken } from './secret-shapes';
export { type SecretHit, type SecretInText, describeSecret, scanText, scanValue } from './secret-scan';

/** Names that say an environment variable holds a secret. */
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|PRIVATE|CREDENTIAL|(^|_)API_?KEY$|(^|_)ACCESS_?KEY|_KEY$|^KEY$)/i;

/** Whether a variable's name says it holds a secret. */
export function secretLikeName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * What is allowed instead of a secret value: its key in AWS Secrets Manager,
 * under the team's prefix (named when known), listed in the app's `secrets`.
 */
export function secretAdvice(prefix?: string): string {
  return `keep the value in AWS Secrets Manager under ${prefix === undefined ? "the team's prefix" : `the team's prefix "${prefix}"`} and list its key in the app's \`secrets\` (it reaches the app as an environment variable)`;
}

/**
 * Why a plain environment variable must not be written, if it must not: its
 * value holds a secret (plain or encoded), looks like a generated credential,
 * or its name says it is a secret and its value is no placeholder (`$(VAR)`).
 * Never echoes the value.
 */
export function plainEnvProblem(name: string, value: string): string | undefined {
  const hits = scanValue(value);
  if (hits.length > 0) return `its value holds ${hits.map(describeSecret).join(' and ')}`;
  return envLookProblem(name, value);
}

/** Why a plain variable's value that holds no secret the scan finds is refused all the same: its random look, or its name. */
function envLookProblem(name: string, value: string): string | undefined {
  if (looksRandomToken(value)) return 'its value looks like a generated credential (a long random token)';
  if (secretLikeName(name) && value.length > 0 && !isPlaceholder(value)) return 'its name says it holds a secret';
  return undefined;
}

/** A secret in an object: the field that holds it (a key that is a secret is never repeated), and why it is refused. */
export interface SecretInObject {
  /** The field, e.g. `spec.components[0].properties.env[1].value`. */
  readonly field: string;
  /** The length of the field's value (or of the key, when the key is the secret), in characters. */
  readonly length: number;
  /** What the scan found, when it found a secret: `a GitHub token (40 characters, encoded as base64)`. */
  readonly secret?: string;
  /** Why a plain environment variable is refused when the scan found no secret in it: `its name says it holds a secret`. */
  readonly reason?: string;
  /** The environment variable, when the field is the value of one (`env: [{name, value}]`). */
  readonly variable?: string;
}

type Obj = Record<string, unknown>;

function asObject(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** How a key appears in a field's path when it is itself a secret. */
const SECRET_KEY = '<a key that holds a secret>';

/**
 * Every secret in an object: any string that holds one (plain or encoded, see
 * {@link scanValue}), any key that is one, a field named like a password with
 * a value, and plain environment variables (`env: [{name, value}]` of
 * containers and KubeVela components) whose value looks like a credential or
 * whose name says it is a secret.
 */
export function secretsInObject(object: unknown): readonly SecretInObject[] {
  const key = typeof object === 'object' && object !== null ? object : undefined;
  const known = key ? walked.get(key) : undefined;
  if (known) return known;
  const found = walkObject(object);
  if (key) walked.set(key, found);
  return found;
}

/**
 * What each object holds, once: the synth scans the objects it renders to name
 * the construct that holds a secret, and the validator then checks the same
 * objects (which nothing changes in between).
 */
const walked = new WeakMap<object, readonly SecretInObject[]>();

function walkObject(object: unknown): readonly SecretInObject[] {
  const found: SecretInObject[] = [];
  // the path as segments (a key, or an index), joined only for a finding: most fields hold none
  const segments: (string | number)[] = [];
  const field = (...more: string[]) =>
    [...segments, ...more]
      .map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`))
      .join('')
      .slice(1);
  const add = (at: string, length: number, hits: readonly SecretHit[], variable?: string) => {
    for (const hit of hits) found.push({ field: at, length, secret: describeSecret(hit), ...(variable !== undefined ? { variable } : {}) });
  };
  const walk = (node: unknown, key: string): void => {
    if (typeof node === 'string') {
      const hits = scanValue(node);
      const setting = hits.length === 0 && key !== '' ? settingSecret(key, node) : undefined;
      if (setting || hits.length > 0) add(field(), node.length, setting ? [setting] : hits);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        segments.push(i);
        const entry = key === 'env' ? asObject(node[i]) : undefined;
        if (entry && typeof entry.name === 'string' && typeof entry.value === 'string') {
          // a plain variable: what its value holds, or else what its name says
          const hits = scanValue(entry.value);
          add(field('value'), entry.value.length, hits, entry.name);
          const reason = hits.length > 0 ? undefined : envLookProblem(entry.name, entry.value);
          if (reason) found.push({ field: field('value'), length: entry.value.length, reason, variable: entry.name });
          const { value, ...rest } = entry;
          walk(rest, '');
        } else {
          walk(node[i], '');
        }
        segments.pop();
      }
      return;
    }
    const o = node as Obj;
    for (const k in o) {
      if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
      const keyHits = scanKey(k);
      segments.push(keyHits.length > 0 ? SECRET_KEY : k);
      if (keyHits.length > 0) add(field(), k.length, keyHits);
      walk(o[k], k);
      segments.pop();
    }
  };
  walk(object, '');
  return found;
}

/** What a key holds, once per key: objects repeat their keys (bounded: emptied when full). */
function scanKey(key: string): readonly SecretHit[] {
  if (key.length < 8) return scanValue(key);
  let hits = keysSeen.get(key);
  if (hits === undefined) {
    hits = scanValue(key);
    if (keysSeen.size >= 10_000) keysSeen.clear();
    keysSeen.set(key, hits);
  }
  return hits;
}
const keysSeen = new Map<string, readonly SecretHit[]>();

/** What the synth knows of a file it is about to write, to name it in a finding. */
export interface FileOrigin {
  /** The construct that wrote it. */
  readonly construct?: string;
  /** Its content as an object (a manifest, a catalog entity, a stack's JSON). */
  readonly object?: unknown;
  /** The AWS Secrets Manager prefix of the team it belongs to. */
  readonly secretPrefix?: string;
}

/** The problems of the secrets in a tree about to be written, by file. */
export type TreeSecrets = ReadonlyMap<string, readonly Problem[]>;

/**
 * Scans every text file of a tree about to be written and names each secret
 * found. A file whose object is known (a manifest a construct rendered, a
 * catalog entity, any JSON file) is scanned as that object
 * ({@link secretsInObject}): each secret is named by the construct that wrote
 * the file (or the file) and the field that holds it. Any other file is
 * scanned as text ({@link scanText}): each secret is named by the file and
 * line. What it is and how long, never the value; and what is allowed
 * instead. `tree` prefixes the files' paths (none when empty).
 */
export function secretsInTree(files: ReadonlyMap<string, string | Buffer>, tree: string, originOf: (file: string, text: string) => FileOrigin | undefined = () => undefined): TreeSecrets {
  const found = new Map<string, Problem[]>();
  const inTree = (file: string) => (tree === '' ? file : `${tree}/${file}`);
  for (const [file, content] of files) {
    if (typeof content !== 'string') continue;
    const origin = originOf(file, content);
    const allowed = (why: string) => `a value that is not a secret (${why}): ${secretAdvice(origin?.secretPrefix)}`;
    const object = origin?.object ?? (file.endsWith('.json') ? parsedJson(content) : undefined);
    const problems: Problem[] =
      object !== undefined
        ? secretsInObject(object).map((s) => ({
            path: origin?.construct ?? inTree(file),
            prop: s.variable === undefined ? s.field : `${s.field} (environment variable ${s.variable})`,
            value: `<redacted: ${s.length} characters>`,
            allowed: allowed(s.secret !== undefined ? `it holds ${s.secret}` : (s.reason ?? '')),
          }))
        : scanText(content).map((s) => ({ path: `${inTree(file)}:${s.line}`, prop: 'content', value: '<redacted>', allowed: allowed(`it holds ${describeSecret(s)}`) }));
    if (problems.length > 0) found.set(file, problems);
  }
  return found;
}

/** A JSON file's content, or undefined when it is not JSON (it is then scanned as text). */
function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
