/**
 * What a secret looks like: the patterns paved refuses to write into Git.
 *
 * A secret's value never belongs in a synthesized file: teams keep secrets in
 * AWS Secrets Manager and name them (`secrets`). These checks catch the ones
 * that slip in as plain values — by what the value is (a key, a token, a
 * private key), or by the name it is given (`DB_PASSWORD`).
 * @internal
 */

/** Values that are secrets whatever their name: what each looks like, and what it is. */
const SECRET_VALUES: readonly [RegExp, string][] = [
  [/-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/, 'a private key'],
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/, 'an AWS access key id'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/, 'a JSON Web Token'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'a GitHub token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}\b/, 'a Slack token'],
  [/\bsk_live_[A-Za-z0-9]{16,}\b/, 'a Stripe secret key'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'a Google API key'],
];

/** Any of {@link SECRET_VALUES}, in one expression. */
const ANY_SECRET_VALUE = new RegExp(SECRET_VALUES.map(([pattern]) => `(?:${pattern.source})`).join('|'));

/** Names that say a value is a secret. */
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|PRIVATE|CREDENTIAL|(^|_)API_?KEY$|(^|_)ACCESS_?KEY|_KEY$|^KEY$)/i;

/** What a value is, when it is a secret by its shape (a private key, an AWS key id, a token…). */
export function secretValueKind(value: string): string | undefined {
  for (const [pattern, kind] of SECRET_VALUES) if (pattern.test(value)) return kind;
  return undefined;
}

/** Shannon entropy of a string, in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Whether a value looks like a generated credential: 32 or more characters of
 * one token (letters, digits, `+/=_-`), with upper case, lower case and digits,
 * and random-looking (entropy of 4.3 bits per character or more). Hex digests,
 * URLs, paths and host names do not qualify.
 */
export function looksRandomToken(value: string): boolean {
  return value.length >= 32 && /^[A-Za-z0-9+/=_-]+$/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value) && /[0-9]/.test(value) && entropy(value) >= 4.3;
}

/** Whether a variable's name says it holds a secret. */
export function secretLikeName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Why a plain environment variable must not be written, if it must not: its
 * value is a secret by its shape or looks like a generated credential, or its
 * name says it is a secret. Never echoes the value.
 */
export function plainEnvProblem(name: string, value: string): string | undefined {
  const kind = secretValueKind(value);
  if (kind) return `its value is ${kind}`;
  if (looksRandomToken(value)) return 'its value looks like a generated credential (a long random token)';
  if (secretLikeName(name) && value.length > 0) return `its name says it holds a secret`;
  return undefined;
}

/** A secret value found in a file's text: its line (from 1) and what it is. */
export interface SecretInText {
  readonly line: number;
  readonly kind: string;
}

/**
 * Finds values that are secrets by their shape anywhere in a file's text
 * (any format: YAML, JSON, Markdown, a template's files): the last guard
 * before a synthesized tree is written, whatever construct produced it.
 */
export function secretsInText(text: string): SecretInText[] {
  // one pass over the whole text first: most files hold none (no pattern spans a line, so this finds exactly the lines' matches)
  if (!ANY_SECRET_VALUE.test(text)) return [];
  const found: SecretInText[] = [];
  text.split('\n').forEach((line, i) => {
    const kind = secretValueKind(line);
    if (kind) found.push({ line: i + 1, kind });
  });
  return found;
}

/** A secret value in a file of a tree about to be written. */
export interface SecretInFile extends SecretInText {
  /** The file, relative to the tree. */
  readonly file: string;
}

/** Every secret value, by its shape, in the text files of a tree about to be written. */
export function secretsInFiles(files: ReadonlyMap<string, string | Buffer>): SecretInFile[] {
  const found: SecretInFile[] = [];
  for (const [file, content] of files) {
    if (typeof content === 'string') found.push(...secretsInText(content).map((s) => ({ file, ...s })));
  }
  return found;
}

/** The advice every secret finding ends with. */
export const SECRET_ADVICE = 'a secret value never goes into a synthesized file: keep it in AWS Secrets Manager and reference it (an app lists it in `secrets`)';

/** The problems of {@link secretsInFiles} as `<tree>/<file>:<line>: …` lines (never the value). */
export function secretProblems(files: ReadonlyMap<string, string | Buffer>, tree: string): string[] {
  return secretsInFiles(files).map((s) => `${tree}/${s.file}:${s.line}: holds ${s.kind}: ${SECRET_ADVICE}`);
}
