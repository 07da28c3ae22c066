/**
 * Go's net/url as the Kubernetes CEL url library uses it: `url.Parse` and
 * `url.ParseRequestURI` (with their error messages), `URL.Hostname`, `Port`,
 * `EscapedPath` and `Query`. Percent-encoding works on UTF-8 bytes, as Go's.
 *
 * @internal
 */
import { goQuote } from './go-strings';

/** A parsed URL: the fields of Go's `url.URL` the CEL library reads. */
export interface GoUrl {
  readonly scheme: string;
  readonly opaque: string;
  readonly host: string;
  readonly path: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly fragment: string;
}

/** A parse error, worded as Go's `*url.Error` (`parse "<url>": <reason>`). */
export class UrlError extends Error {}

type Mode = 'path' | 'host' | 'zone' | 'userPassword' | 'queryComponent' | 'fragment';

const isAlnum = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
const ch = (s: string): number => s.charCodeAt(0);

function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  if ((mode === 'host' || mode === 'zone') && '!$&\'()*+,;=:[]<>"'.includes(String.fromCharCode(c))) return false;
  const s = String.fromCharCode(c);
  if ('-_.~'.includes(s)) return false;
  if ('$&+,/:;=?@'.includes(s)) {
    switch (mode) {
      case 'path':
        return s === '?';
      case 'userPassword':
        return s === '@' || s === '/' || s === '?' || s === ':';
      case 'queryComponent':
        return true;
      case 'fragment':
        return false;
      default:
        break;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(s)) return false;
  return true;
}

const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
const unhex = (c: number): number => (c <= 0x39 ? c - 0x30 : c <= 0x46 ? c - 0x41 + 10 : c - 0x61 + 10);

class EscapeFailure extends Error {}
const escapeError = (s: string) => new EscapeFailure(`invalid URL escape ${goQuote(s)}`);

/** Go's `unescape`: validates and decodes %XX (and `+` in a query component). */
function unescape(text: string, mode: Mode): string {
  const s = Buffer.from(text, 'utf8');
  const piece = (from: number, to: number) => s.subarray(from, Math.min(to, s.length)).toString('utf8');
  for (let i = 0; i < s.length;) {
    const c = s[i];
    if (c === 0x25) {
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) throw escapeError(piece(i, i + 3));
      const v = (unhex(s[i + 1]) << 4) | unhex(s[i + 2]);
      if (mode === 'host' && unhex(s[i + 1]) < 8 && piece(i, i + 3) !== '%25') throw escapeError(piece(i, i + 3));
      if (mode === 'zone' && piece(i, i + 3) !== '%25' && v !== 0x20 && shouldEscape(v, 'host')) throw escapeError(piece(i, i + 3));
      i += 3;
    } else {
      if ((mode === 'host' || mode === 'zone') && c < 0x80 && shouldEscape(c, mode)) throw new EscapeFailure(`invalid character ${goQuote(String.fromCharCode(c))} in host name`);
      i++;
    }
  }
  const out: number[] = [];
  for (let i = 0; i < s.length;) {
    if (s[i] === 0x25) {
      out.push((unhex(s[i + 1]) << 4) | unhex(s[i + 2]));
      i += 3;
    } else {
      out.push(s[i] === 0x2b && mode === 'queryComponent' ? 0x20 : s[i]);
      i++;
    }
  }
  return Buffer.from(out).toString('utf8');
}

/** Go's `escape`. */
function escape(text: string, mode: Mode): string {
  let out = '';
  for (const c of Buffer.from(text, 'utf8')) {
    if (!shouldEscape(c, mode)) out += String.fromCharCode(c);
    else if (c === 0x20 && mode === 'queryComponent') out += '+';
    else out += `%${c.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The scheme and the rest (getScheme). */
function splitScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = ch(raw[i]);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || raw[i] === '+' || raw[i] === '-' || raw[i] === '.') {
      if (i === 0) return ['', raw];
      continue;
    }
    if (raw[i] === ':') {
      if (i === 0) throw new EscapeFailure('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

const validOptionalPort = (port: string): boolean => port === '' || (port[0] === ':' && /^[0-9]*$/.test(port.slice(1)));

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new EscapeFailure("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new EscapeFailure(`invalid port ${goQuote(colonPort)} after host`);
    const zone = host.slice(0, i).indexOf('%25');
    if (zone >= 0) return unescape(host.slice(0, zone), 'host') + unescape(host.slice(zone, i), 'zone') + unescape(host.slice(i), 'host');
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1 && !validOptionalPort(host.slice(i))) throw new EscapeFailure(`invalid port ${goQuote(host.slice(i))} after host`);
  }
  return unescape(host, 'host');
}

const USERINFO = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

function parseAuthority(authority: string): string {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (at < 0) return host;
  const userinfo = authority.slice(0, at);
  if (!USERINFO.test(userinfo)) throw new EscapeFailure('net/url: invalid userinfo');
  for (const part of userinfo.split(':').slice(0, 2)) unescape(part, 'userPassword');
  return host;
}

/** Go's internal `parse`. */
function parse(raw: string, viaRequest: boolean): GoUrl {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new EscapeFailure('net/url: invalid control character in URL');
  if (raw === '' && viaRequest) throw new EscapeFailure('empty url');
  const url = { scheme: '', opaque: '', host: '', path: '', rawPath: '', rawQuery: '', fragment: '' };
  if (raw === '*') return { ...url, path: '*' };
  const [scheme, afterScheme] = splitScheme(raw);
  url.scheme = scheme.toLowerCase();
  let rest = afterScheme;
  if (rest.endsWith('?') && rest.split('?').length === 2) rest = rest.slice(0, -1);
  else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') return { ...url, opaque: rest };
    if (viaRequest) throw new EscapeFailure('invalid URI for request');
    const slash = rest.indexOf('/');
    if ((slash < 0 ? rest : rest.slice(0, slash)).includes(':')) throw new EscapeFailure('first path segment in URL cannot contain colon');
  }
  if ((url.scheme !== '' || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    url.host = parseAuthority(authority);
  }
  url.path = unescape(rest, 'path');
  url.rawPath = escape(url.path, 'path') === rest ? '' : rest;
  return url;
}

const wrap = (raw: string, e: unknown): UrlError => (e instanceof EscapeFailure ? new UrlError(`parse ${goQuote(raw)}: ${e.message}`) : (e as Error));

/** `url.ParseRequestURI`: an absolute URI or an absolute path; the fragment is not split off. */
export function parseRequestURI(raw: string): GoUrl {
  try {
    return parse(raw, true);
  } catch (e) {
    throw wrap(raw, e);
  }
}

/** `url.Parse`. */
export function parseUrl(raw: string): GoUrl {
  const hash = raw.indexOf('#');
  const u = hash < 0 ? raw : raw.slice(0, hash);
  let url: GoUrl;
  try {
    url = parse(u, false);
  } catch (e) {
    throw wrap(u, e);
  }
  if (hash < 0) return url;
  try {
    return { ...url, fragment: unescape(raw.slice(hash + 1), 'fragment') };
  } catch (e) {
    throw wrap(raw, e);
  }
}

function splitHostPort(hostPort: string): [string, string] {
  let host = hostPort;
  let port = '';
  const colon = host.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(host.slice(colon))) {
    port = host.slice(colon + 1);
    host = host.slice(0, colon);
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return [host, port];
}

/** `URL.Hostname`. */
export const urlHostname = (u: GoUrl): string => splitHostPort(u.host)[0];
/** `URL.Port`. */
export const urlPort = (u: GoUrl): string => splitHostPort(u.host)[1];

function validEncoded(s: string): boolean {
  for (const c of Buffer.from(s, 'utf8')) {
    if ("!$&'()*+,;=:@[]%".includes(String.fromCharCode(c))) continue;
    if (shouldEscape(c, 'path')) return false;
  }
  return true;
}

/** `URL.EscapedPath`. */
export function urlEscapedPath(u: GoUrl): string {
  if (u.rawPath !== '' && validEncoded(u.rawPath)) {
    try {
      if (unescape(u.rawPath, 'path') === u.path) return u.rawPath;
    } catch {
      // fall through to the default encoding
    }
  }
  if (u.path === '*') return '*';
  return escape(u.path, 'path');
}

/** `URL.Query`: each key's values in order; malformed pairs are skipped, as Go's ParseQuery skips them. */
export function urlQuery(u: GoUrl): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of u.rawQuery.split('&')) {
    if (pair === '' || pair.includes(';')) continue;
    const eq = pair.indexOf('=');
    let key: string;
    let value: string;
    try {
      key = unescape(eq < 0 ? pair : pair.slice(0, eq), 'queryComponent');
      value = unescape(eq < 0 ? '' : pair.slice(eq + 1), 'queryComponent');
    } catch {
      continue;
    }
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
}
