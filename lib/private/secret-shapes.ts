/**
 * What a secret looks like in plain text: tokens by their shape, passwords in
 * URLs, connection strings and settings, credentials in Authorization headers
 * and registry configs. Each finding says what was found and how long it is,
 * never the value: nothing here returns a part of the text it read. Every
 * expression here is linear on hostile text (no backtracking over a run, values
 * read at most 256 characters far).
 *
 * The encoded forms (base64, hex, percent-encoding, and encodings of those)
 * are decoded by `secret-scan.ts`, which runs these detectors on what it
 * decodes.
 * @internal
 */

/** One secret found in a text: what it is and its length in characters (never the value). */
export interface SecretHit {
  /** What was found, e.g. "a GitHub token", "a password in a postgres:// URL". */
  readonly kind: string;
  /** Its length, in characters of its decoded form. */
  readonly length: number;
  /**
   * The encodings it was found under, outermost first (e.g. `["base64", "hex"]`:
   * base64 of the hex of the token); empty when it was in plain text.
   */
  readonly encodings: readonly string[];
}

/** Values that are secrets whatever their name: what each looks like, and what it is. */
const TOKEN_SHAPES: readonly (readonly [RegExp, string])[] = [
  [/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g, 'a private key'],
  [/\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g, 'an AWS access key id'],
  // not inside a run (`eyJ-eyJ-…` would make each start read to the run's end)
  [/(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, 'a JSON Web Token'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}/g, 'a GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{50,}/g, 'a GitHub token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}/g, 'a GitLab token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/g, 'a Slack token'],
  [/\bhooks\.slack\.com\/services\/T[A-Za-z0-9]+\/B[A-Za-z0-9]+\/[A-Za-z0-9]{16,}/g, 'a Slack webhook URL'],
  [/\b[sr]k_live_[A-Za-z0-9]{16,}/g, 'a Stripe secret key'],
  [/\bAIza[0-9A-Za-z_-]{35}/g, 'a Google API key'],
  [/\bnpm_[A-Za-z0-9]{36}\b/g, 'an npm token'],
  [/\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/g, 'a SendGrid API key'],
];

/** Whether a value is, as a whole, a token of a known shape (found and named as such by {@link TOKEN_SHAPES}). */
function isTokenShaped(value: string): boolean {
  return TOKEN_SHAPES.some(([pattern]) => {
    const m = value.match(new RegExp(pattern.source));
    return m !== null && m[0].length === value.length;
  });
}

/**
 * One expression that matches wherever a detector of this file could find
 * something but in a run of the base64 alphabet (a token of a known shape, a
 * generated-looking value: `secret-encodings.ts` finds those runs and the
 * detectors then read the text around them). A superset, the detectors
 * decide; written without leading character classes, which the regular
 * expression engine cannot skip over quickly.
 */
export const PLAIN_TRIGGER = new RegExp(
  [
    // a password setting (key=value, key: value, "key": "value"), by its name's end (password, Password, PASSWORD, pwd, PWD…)
    '(?:ass(?:word|wd|phrase)?|ASS(?:WORD|WD|PHRASE)?|wd|WD)["\']?[ \\t]*[:=]',
    // a URL with credentials: a user (and password) before the host
    ':\\/\\/[^\\s/?#"\'<>]*@',
    // Oracle's user/password@host
    'jdbc:oracle:',
    // a private key's PEM header; a Slack webhook
    'PRIVATE KEY',
    'hooks\\.slack\\.com',
    // an Authorization header's credentials (Bearer, Basic, any case)
    'earer[ \\t]',
    'EARER[ \\t]',
    'asic[ \\t]',
    'ASIC[ \\t]',
    // a registry config's user:password
    '"auth"[ \\t]*:',
    // percent-encoding (decoded and scanned again)
    '%[0-9A-Fa-f]{2}',
  ].join('|'),
);

/** Characters every text {@link PLAIN_TRIGGER} matches holds one of: a cheaper first test for short values. */
export const PLAIN_GATE = /[:=% \t]/;

/**
 * Tokens that are (or start) a run of the base64 alphabet, by their fixed
 * prefixes (sticky: tried where a run starts, or after a `/` or `+` in it):
 * where a run holds one, the text around it is read by the detectors.
 */
export const TOKEN_PREFIX = /A[KSBC][IC]A[A-Z0-9]{16}|eyJ|gh[pousr]_|github_pat_|glpat-|xox[abprs]-|[sr]k_live_|AIza|npm_/y;

/** Whether a text holds, as a whole, nothing but placeholders: `${VAR}`, `$(VAR)`, `$VAR`, `{{ … }}`, `{% … %}`, `<name>`, `%s`, or a mask (`****`). */
export function isPlaceholder(value: string): boolean {
  const rest = value
    .replace(/\$\{\{[^}]{0,200}\}\}/g, '')
    .replace(/\{\{[^}]{0,200}\}\}/g, '')
    .replace(/\{%[^%]{0,200}%\}/g, '')
    .replace(/\$\{[^}]{0,200}\}/g, '')
    .replace(/\$\([^)]{0,200}\)/g, '')
    .replace(/\$[A-Z_][A-Z0-9_]*/g, '')
    .replace(/<[A-Za-z_][A-Za-z0-9_.-]*>/g, '')
    .replace(/%(?:\([A-Za-z_]+\))?[sd]/g, '')
    .replace(/^[*xX•]{3,}$/, '')
    .trim();
  return rest === '' || rest === '""' || rest === "''";
}

/** Shannon entropy of a string of the base64 alphabet (other characters count as one), in bits per character. */
function entropy(value: string): number {
  const counts = new Uint32Array(128);
  for (let i = 0; i < value.length; i++) counts[Math.min(value.charCodeAt(i), 127)]++;
  let bits = 0;
  for (const n of counts) {
    if (n === 0) continue;
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
  return value.length >= 32 && /^[A-Za-z0-9+/=_-]+$/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value) && /[0-9]/.test(value) && entropy(value) >= RANDOM_ENTROPY;
}

/** The entropy, in bits per character, from which a value of one token looks generated. */
export const RANDOM_ENTROPY = 4.3;

/** Whether a value looks like a generated credential ({@link looksRandomToken}), or is 32 or more hex digits with letters and digits (an API token as some services issue them). */
function looksLikeCredential(value: string): boolean {
  return looksRandomToken(value) || (value.length >= 32 && /^[0-9a-f]+$/i.test(value) && /[a-f]/i.test(value) && /[0-9]/.test(value));
}

/** Schemes named in findings (any other is "a URL"): a finding never repeats what the text says. */
const KNOWN_SCHEMES = new Set([
  'amqp',
  'amqps',
  'clickhouse',
  'cockroachdb',
  'ftp',
  'ftps',
  'git',
  'http',
  'https',
  'jdbc:mysql',
  'jdbc:postgresql',
  'jdbc:sqlserver',
  'kafka',
  'ldap',
  'ldaps',
  'mariadb',
  'mongodb',
  'mongodb+srv',
  'mqtt',
  'mssql',
  'mysql',
  'nats',
  'oracle',
  'postgres',
  'postgresql',
  'rabbitmq',
  'redis',
  'rediss',
  's3',
  'sftp',
  'smtp',
  'smtps',
  'sqlserver',
  'ssh',
  'svn',
]);

/** Characters that end a URL's authority (or the URL itself, in a text). */
const AUTHORITY_END = /[\s/?#"'<>`\\]/;

/** Credentials in URLs: `scheme://user:password@host` (the password) and `scheme://token@host` (a token as the user). */
function urlCredentials(text: string, hits: SecretHit[]): void {
  let at = text.indexOf('://');
  while (at !== -1) {
    let start = at;
    while (start > 0 && /[A-Za-z0-9+.:-]/.test(text[start - 1]) && at - start < 40) start--;
    const scheme = text
      .slice(start, at)
      .replace(/^[^A-Za-z]+/, '')
      .toLowerCase();
    let end = at + 3;
    while (end < text.length && !AUTHORITY_END.test(text[end])) end++;
    const authority = text.slice(at + 3, end);
    const userEnd = authority.lastIndexOf('@');
    if (userEnd > 0) {
      const userinfo = authority.slice(0, userEnd);
      const colon = userinfo.indexOf(':');
      const label = KNOWN_SCHEMES.has(scheme) ? `${/^[aeio]/.test(scheme) ? 'an' : 'a'} ${scheme}:// URL` : 'a URL';
      if (colon !== -1) {
        const password = userinfo.slice(colon + 1);
        if (password.length > 0 && !isPlaceholder(password) && !isTokenShaped(password)) hits.push({ kind: `a password in ${label}`, length: password.length, encodings: [] });
      } else if (looksLikeCredential(userinfo) && !isTokenShaped(userinfo)) {
        hits.push({ kind: `a token as the user of ${label}`, length: userinfo.length, encodings: [] });
      }
    }
    at = text.indexOf('://', end > at + 3 ? end : at + 3);
  }
}

/** Oracle's `jdbc:oracle:thin:user/password@host`. */
function oracleCredentials(text: string, hits: SecretHit[]): void {
  for (const m of text.matchAll(/jdbc:oracle:[a-z0-9]+:([^\s/@"':]{1,128})\/([^\s@"']{1,256})@/gi)) {
    if (!isPlaceholder(m[2])) hits.push({ kind: 'a password in an Oracle JDBC URL', length: m[2].length, encodings: [] });
  }
}

/** The last word of a setting's name (`dbPassword`, `DB_PASSWORD`, `spring.datasource.password` → `password`), lower case. */
function lastWord(name: string): string {
  const words = name.match(/[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])/g);
  return words ? words[words.length - 1].toLowerCase() : '';
}

/** What a setting's name says it holds: 2 a password (any value but a placeholder is one), 1 a credential (a generated-looking value is one), 0 neither. */
function nameSays(name: string): 0 | 1 | 2 {
  const known = namesSeen.get(name);
  if (known !== undefined) return known;
  const word = lastWord(name);
  const says = /(?:password|passwd|passphrase)$/.test(word) || word === 'pass' || word === 'pwd' ? 2 : ['secret', 'token', 'key', 'credential', 'credentials', 'auth'].includes(word) ? 1 : 0;
  // objects repeat their field names: each is read once (up to a bound, so a hostile tree cannot grow it)
  if (namesSeen.size < 10_000) namesSeen.set(name, says);
  return says;
}
const namesSeen = new Map<string, 0 | 1 | 2>();

/** Values a password setting may have that are no password: a boolean, a null, an empty map or list. */
const NO_PASSWORD = /^(?:true|false|yes|no|on|off|null|~|none|required|optional|\{\}|\[\])$/i;

/** Where a setting that may hold a password or a credential is assigned (its name's last word, then `=` or `:`). */
const SETTING = /(?:pass(?:word|wd|phrase)?|pwd|secret|token|key|credentials?|auth)["']?[ \t]*([:=])[ \t]*/gi;

/** A setting's value: quoted, in braces (ODBC), or bare (to `;`, `&`, `,`, a space or a quote); read at most 256 characters far. */
const SETTING_VALUE = /"(?:[^"\\\n]|\\.){0,256}"?|'[^'\n]{0,256}'?|\{[^}\n]{0,256}\}?|[^\s;&,"'}\]]{1,256}/y;
const VALUE_FAR = 256;
/** What closes a quoted or braced value. */
const CLOSING = new Map([
  ['"', '"'],
  ["'", "'"],
  ['{', '}'],
]);

/** A value without the closing brackets of the flow mapping or list it ends (`{password: x}` → `x`); brackets it opens itself stay. */
function unbracketed(value: string): string {
  return /[{[]/.test(value) ? value : value.replace(/[\s,}\]]+$/, '');
}

/**
 * Settings that hold a password or a credential: `password=…` in a libpq or
 * ADO.NET connection string (`Password=…;`, `Pwd=…;`), a JDBC or URL query
 * (`?password=…`), a properties or INI file (`db.password = …`), a YAML or JSON
 * field (`password: …`, `"password": "…"`); a setting named like a token or a
 * secret when its value looks generated.
 */
function settingCredentials(text: string, hits: SecretHit[]): void {
  for (const m of text.matchAll(SETTING)) {
    const at = m.index ?? 0;
    // the whole name: back over the characters a setting's name has
    let start = at;
    while (start > 0 && at - start < 80 && /[A-Za-z0-9_.-]/.test(text[start - 1])) start--;
    const keyword = /^[A-Za-z]+/.exec(m[0]);
    const name = text.slice(start, at + (keyword ? keyword[0].length : 0));
    if (nameSays(name) === 0) continue;
    const from = at + m[0].length;
    let value: string;
    if (m[1] === ':') {
      // YAML, JSON and INI-like: the value runs to the end of the line (but for a comment), quoted or not
      const lineEnd = text.indexOf('\n', from);
      const rest = text.slice(from, Math.min(lineEnd === -1 ? text.length : lineEnd, from + VALUE_FAR));
      const quoted = /^"((?:[^"\\]|\\.)*)"|^'([^']*)'/.exec(rest);
      value = quoted
        ? (quoted[1] ?? quoted[2])
        : unbracketed(
            rest
              .replace(/\s+#.*$/, '')
              .replace(/[\s,]+$/, '')
              .trim(),
          );
    } else {
      // a connection string or query: to `;`, `&`, a space or the closing quote (braces in ODBC)
      SETTING_VALUE.lastIndex = from;
      const raw = SETTING_VALUE.exec(text)?.[0] ?? '';
      const close = CLOSING.get(raw.charAt(0));
      value = close === undefined ? raw : raw.slice(1, raw.length > 1 && raw.endsWith(close) ? -1 : undefined);
    }
    const hit = settingSecret(name, value, m[1] === '=' ? 'a connection string or setting' : 'a setting');
    if (hit) hits.push(hit);
  }
}

/**
 * Whether a setting (a field of an object, a `key=value` of a connection
 * string) holds a secret by its name: any value of a setting named like a
 * password but placeholders, booleans and the like; a generated-looking value
 * of one named like a token, a secret or a key. `where` names the setting's
 * kind in the finding ("a setting").
 */
export function settingSecret(name: string, value: string, where = 'a setting'): SecretHit | undefined {
  const says = nameSays(name);
  if (says === 0 || value.length === 0 || (says === 1 && !looksRandomToken(value)) || isPlaceholder(value)) return undefined;
  if (says === 2) {
    // a working directory, a flag about passwords, or a YAML block's indicator is no password
    if ((lastWord(name) === 'pwd' && value.startsWith('/')) || NO_PASSWORD.test(value) || /^[|>][-+]?$/.test(value)) return undefined;
    return { kind: `a password in ${where}`, length: value.length, encodings: [] };
  }
  // a token of a known shape is found (and named) as such
  if (!isTokenShaped(value)) return { kind: `a credential in ${where} named like one`, length: value.length, encodings: [] };
  return undefined;
}

/** The credentials of an Authorization header: a bearer token, or a Basic header's user and password. */
function authorizationCredentials(text: string, hits: SecretHit[]): void {
  for (const m of text.matchAll(/\b(Bearer|Basic)[ \t]+([A-Za-z0-9+/=._~-]{8,4096})/gi)) {
    const [, scheme, token] = m;
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(token, 'base64').toString('latin1');
      if (/^[\x20-\x7e]+:[\x20-\x7e]+$/.test(decoded)) hits.push({ kind: 'a user and password in a Basic Authorization header', length: decoded.length, encodings: [] });
    } else if (looksLikeCredential(token) || (token.length >= 16 && /[0-9]/.test(token) && /[A-Za-z]/.test(token))) {
      hits.push({ kind: 'a bearer token', length: token.length, encodings: [] });
    }
  }
}

/** A container registry config's `"auth": "<base64 of user:password>"`. */
function registryCredentials(text: string, hits: SecretHit[]): void {
  for (const m of text.matchAll(/"auth"[ \t]*:[ \t]*"([A-Za-z0-9+/=]{4,4096})"/g)) {
    const decoded = Buffer.from(m[1], 'base64').toString('latin1');
    const colon = decoded.indexOf(':');
    if (colon > 0 && colon < decoded.length - 1 && /^[\x20-\x7e]+$/.test(decoded)) {
      hits.push({ kind: 'a registry password (a registry config\'s "auth")', length: decoded.length - colon - 1, encodings: [] });
    }
  }
}

/** The length of a private key's PEM block (to its END line, or to the end of the text). */
function pemLength(text: string, start: number): number {
  const end = text.indexOf('-----END', start);
  if (end === -1) return text.length - start;
  const close = text.indexOf('-----', end + 8);
  return (close === -1 ? text.length : close + 5) - start;
}

/**
 * Every secret in a plain text (one value, or the line `start`–`end` of a
 * file), by what it is: a token by its shape, credentials in a URL, a
 * password in a connection string or setting, an Authorization header's
 * credentials, a registry config's password. Call it where
 * {@link PLAIN_TRIGGER} matches. A private key's length runs to its END line,
 * also past `end`.
 */
export function plainSecrets(whole: string, start = 0, end = whole.length): SecretHit[] {
  const text = start === 0 && end === whole.length ? whole : whole.slice(start, end);
  const hits: SecretHit[] = [];
  for (const [pattern, kind] of TOKEN_SHAPES) {
    for (const m of text.matchAll(pattern)) {
      const length = kind === 'a private key' ? pemLength(whole, start + (m.index ?? 0)) : m[0].length;
      hits.push({ kind, length, encodings: [] });
    }
  }
  if (text.includes('://')) urlCredentials(text, hits);
  if (/jdbc:oracle:/i.test(text)) oracleCredentials(text, hits);
  settingCredentials(text, hits);
  authorizationCredentials(text, hits);
  if (text.includes('"auth"')) registryCredentials(text, hits);
  return hits;
}
