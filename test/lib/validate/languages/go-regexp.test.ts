import { jsPattern } from '../../../../lib/validate/languages/go-regexp';

describe('jsPattern (RE2 patterns of upstream schemas, for JavaScript)', () => {
  const matches = (goPattern: string, value: string) => new RegExp(jsPattern(goPattern) as string, 'u').test(value);

  test('leaves a pattern JavaScript reads as it is', () => {
    expect(jsPattern('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')).toBe('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$');
  });

  test("a leading (?i) matches either case, as RE2 does (Prometheus Operator's rule-group limit policy)", () => {
    const p = '^(?i)(abort|warn)?$';
    for (const v of ['abort', 'Abort', 'WARN', '']) expect(matches(p, v)).toBe(true);
    for (const v of ['abor', 'fail', 'warnx']) expect(matches(p, v)).toBe(false);
  });

  test("(?i) widens character classes and keeps escapes, quantifiers and groups (Gateway API's gRPC service name)", () => {
    const p = '^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*){0,3}(?:x)?$';
    for (const v of ['foo.Bar', '.A_b.c9', 'grpc.health.v1.Health']) expect(matches(p, v)).toBe(true);
    for (const v of ['9abc', 'a..b', 'a-b', 'a.b.c.d.e.f']) expect(matches(p, v)).toBe(false);
  });

  test("a named group in RE2 form becomes JavaScript's", () => {
    expect(jsPattern('^(?P<major>[0-9]+)$')).toBe('^(?<major>[0-9]+)$');
  });

  test('a pattern JavaScript cannot compile gives undefined', () => {
    expect(jsPattern('^(a$')).toBeUndefined();
  });
});
