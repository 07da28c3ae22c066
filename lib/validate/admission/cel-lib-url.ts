/**
 * The Kubernetes CEL url library (k8s.io/apiserver/pkg/cel/library/urls.go):
 * `url()`, `isURL()`, `getScheme`, `getHost`, `getHostname`, `getPort`,
 * `getEscapedPath`, `getQuery`, on Go's net/url (go-url.ts).
 *
 * @internal
 */
import { type CelFunc, CelScalar, celFunc, celMethod, listType, mapType } from '@bufbuild/cel';
import { types } from './cel-types';
import { type GoUrl, parseRequestURI, parseUrl, urlEscapedPath, urlHostname, urlPort, urlQuery } from './go-url';

const { STRING, BOOL } = CelScalar;
const URL_TYPE = types.url.cel;

/** stringToUrl: checked with ParseRequestURI (absolute URI or absolute path), then parsed with Parse (which splits the fragment). */
function toUrl(s: string): GoUrl {
  try {
    parseRequestURI(s);
    return parseUrl(s);
  } catch (e) {
    throw new Error(`URL parse error during conversion from string: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const urlOf = (v: unknown): GoUrl => {
  const u = types.url.read(v as never);
  if (!u) throw new Error('no such overload');
  return u;
};

const getter = (name: string, f: (u: GoUrl) => string): CelFunc =>
  celMethod(name, URL_TYPE, [], STRING, function () {
    return f(urlOf(this));
  });

export const URL_FUNCTIONS: CelFunc[] = [
  celFunc('url', [STRING], URL_TYPE, (s) => {
    const u = toUrl(s);
    // URL equality is Go's reflect.DeepEqual of the parsed URL: equal fields, equal values
    return types.url.make(JSON.stringify(u), u);
  }),
  celFunc('isURL', [STRING], BOOL, (s) => {
    try {
      parseRequestURI(s);
      return true;
    } catch {
      return false;
    }
  }),
  getter('getScheme', (u) => u.scheme),
  getter('getHost', (u) => u.host),
  getter('getHostname', urlHostname),
  getter('getPort', urlPort),
  getter('getEscapedPath', urlEscapedPath),
  celMethod('getQuery', URL_TYPE, [], mapType(STRING, listType(STRING)), function () {
    return urlQuery(urlOf(this));
  }),
];
