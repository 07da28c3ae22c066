/**
 * The url library, with the examples upstream documents in urls.go (its
 * behaviour is Go's net/url: go-url.ts) and Go's parsing rules beyond them.
 */
import { parseRequestURI, parseUrl, urlEscapedPath } from '../../../../lib/validate/admission/go-url';
import { celEval } from './cel-util';

describe("the url library (upstream's documented examples)", () => {
  test.each([
    ["url('/path').getScheme()", ''],
    ["url('https://example.com/').getScheme()", 'https'],
    ["url('https://example.com:80/').getHost()", 'example.com:80'],
    ["url('https://example.com/').getHost()", 'example.com'],
    ["url('https://[::1]:80/').getHost()", '[::1]:80'],
    ["url('https://[::1]/').getHost()", '[::1]'],
    ["url('/path').getHost()", ''],
    ["url('https://example.com:80/').getHostname()", 'example.com'],
    ["url('https://127.0.0.1:80/').getHostname()", '127.0.0.1'],
    ["url('https://[::1]:80/').getHostname()", '::1'],
    ["url('/path').getHostname()", ''],
    ["url('https://example.com:80/').getPort()", '80'],
    ["url('https://example.com/').getPort()", ''],
    ["url('/path').getPort()", ''],
    ["url('https://example.com/path').getEscapedPath()", '/path'],
    ["url('https://example.com/path with spaces/').getEscapedPath()", '/path%20with%20spaces/'],
    ["url('https://example.com').getEscapedPath()", ''],
    ["url('https://example.com/path?k1=a&k2=b&k2=c').getQuery()", { k1: ['a'], k2: ['b', 'c'] }],
    ["url('https://example.com/path?key with spaces=value with spaces').getQuery()", { 'key with spaces': ['value with spaces'] }],
    ["url('https://example.com/path?').getQuery()", {}],
    ["url('https://example.com/path').getQuery()", {}],
    ["isURL('https://user:pass@example.com:80/path?query=val#fragment')", true],
    ["isURL('/absolute-path')", true],
    ["isURL('https://a:b:c/')", false],
    ["isURL('../relative-path')", false],
  ])('%s', (expression, expected) => {
    expect(celEval(expression)).toEqual(expected);
  });

  test("fails on what ParseRequestURI refuses, with Go's message", () => {
    expect(celEval("url('https://a:b:c/')")).toEqual({ error: 'URL parse error during conversion from string: parse "https://a:b:c/": invalid port ":c" after host' });
    expect(celEval("url('../relative-path')")).toEqual({ error: 'URL parse error during conversion from string: parse "../relative-path": invalid URI for request' });
    expect(celEval("url('https://exa mple.com/')")).toEqual({ error: 'URL parse error during conversion from string: parse "https://exa mple.com/": invalid character " " in host name' });
  });

  test('the fragment is split off (url() re-parses with Parse) and the query decoded (+ is a space, bad pairs skipped)', () => {
    expect(celEval("url('https://example.com/p?a=1+2&b=%zz&c#frag').getQuery()")).toEqual({ a: ['1 2'], c: [''] });
    expect(celEval("url('https://example.com/a%2Fb#f').getEscapedPath()")).toBe('/a%2Fb');
    expect(celEval("url('HTTPS://example.com/').getScheme()")).toBe('https');
    expect(celEval("url('https://example.com/') == url('https://example.com/')")).toBe(true);
  });

  test('Go url details: raw paths kept when they decode to the path, opaque URIs, control characters refused', () => {
    expect(urlEscapedPath(parseUrl('https://x/%41b'))).toBe('/%41b');
    expect(urlEscapedPath(parseUrl('https://x/a b'))).toBe('/a%20b');
    expect(parseRequestURI('mailto:someone@example.com').opaque).toBe('someone@example.com');
    expect(() => parseRequestURI('https://example.com/\n')).toThrow('parse "https://example.com/\\n": net/url: invalid control character in URL');
    expect(() => parseRequestURI('')).toThrow('parse "": empty url');
  });
});
