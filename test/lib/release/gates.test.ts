import { Org } from '../../../lib';
import { checkGate, formatDuration } from '../../../lib/release/gates';
import type { RecordVersion } from '../../../lib/release/history';
import { ORG_PROPS } from '../../util';

const [staging, prod] = ORG_PROPS.environments;
/** Three environments: dev, then staging (a 2 h soak), then prod (24 h). */
const org = new Org({
  ...ORG_PROPS,
  environments: [
    { ...staging, name: 'dev', vpcCidr: '10.3.0.0/16', dnsSubdomain: 'dev' },
    { ...staging, promotion: { soakHours: 2 } },
    { ...prod, promotion: { soakHours: 24, approvers: ['@acme/release-managers'] } },
  ],
});
const H = 3_600_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');
const image = (tag: string, c: string) => `registry.example.com/payments/web:${tag}@sha256:${c.repeat(64)}`;
const A = image('1.0.0', 'a');
const B = image('1.1.0', 'b');
/** A record's versions, given oldest first as [hours after T0, image or undefined for a deletion]; returned newest first. */
const history = (...versions: [number, string | undefined][]): RecordVersion[] =>
  versions.map(([h, img], i) => ({ commit: String(i).padStart(40, '0'), time: T0 + h * H, ...(img !== undefined ? { image: img } : {}) })).reverse();
const gate = (environment: string, img: string, atHours: number, previous: RecordVersion[], own: RecordVersion[] = []) =>
  checkGate({ org, app: 'payments/web', environment, image: img, at: T0 + atHours * H, own, previous });

describe('the release gates, from the records’ history', () => {
  test('a build enters the first environment of the chain directly', () => {
    expect(gate('dev', A, 0, [])).toEqual({ ok: true, kind: 'release' });
  });

  test.each([
    ['exactly the soak time', 'prod', 24, { ok: true, kind: 'promotion', from: 'staging', ranMs: 24 * H }],
    ['a day and an hour', 'prod', 25, { ok: true, kind: 'promotion', from: 'staging', ranMs: 25 * H }],
    ['the 2 h of staging', 'staging', 2, { ok: false }],
  ])('promotion after %s', (_, env, hours, expected) => {
    const previous = env === 'prod' ? history([0, A]) : history([0, A]);
    const result = gate(env, A, hours, env === 'staging' ? history([1, A]) : previous);
    expect(result).toMatchObject(expected);
  });

  test('before the soak time: refused, saying how long it ran, since when, and how long is left', () => {
    expect(gate('prod', A, 5.5, history([0, A]))).toEqual({
      ok: false,
      remainingMs: 18.5 * H,
      message: 'payments/web 1.0.0 ran in staging for 5 h 30 min (since 2026-06-01T00:00:00.000Z), and prod takes a version after 24 h there: 18 h 30 min left',
    });
  });

  test('a build replaced in the environment before it ahead of its soak time never qualifies', () => {
    const r = gate('prod', A, 48, history([0, A], [3, B]));
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('ran in staging for 3 h') });
    expect(r).toMatchObject({ message: expect.stringContaining('it was replaced in staging before then: release it again') });
  });

  test('a build that soaked and was then replaced still qualifies (its stay counts, not the present)', () => {
    expect(gate('prod', A, 60, history([0, A], [30, B]))).toEqual({ ok: true, kind: 'promotion', from: 'staging', ranMs: 30 * H });
  });

  test('the latest stay counts: a build that came back to staging is measured from its return', () => {
    expect(gate('prod', A, 40, history([0, A], [1, B], [30, A]))).toMatchObject({ ok: false, message: expect.stringContaining('ran in staging for 10 h (since 2026-06-02T06:00:00.000Z)') });
  });

  test('a build only dev ran cannot skip staging; one staging never ran is refused, naming the environment before', () => {
    expect(gate('prod', A, 100, history())).toMatchObject({ ok: false, message: expect.stringContaining('never ran in staging, the environment before prod') });
    expect(gate('prod', B, 100, history([0, A]))).toMatchObject({ ok: false, message: expect.stringContaining('payments/web 1.1.0 (sha256:bbbbbbbbbbbb…) never ran in staging') });
  });

  test('history after the moment does not count (a later stay cannot prove an earlier promotion)', () => {
    expect(gate('prod', A, 10, history([50, A]))).toMatchObject({ ok: false, message: expect.stringContaining('never ran in staging') });
  });

  test('a build the environment ran before comes back at any time (a rollback), a deleted record ending its stay', () => {
    expect(gate('prod', A, 20, history([0, B]), history([0, A], [10, B]))).toEqual({ ok: true, kind: 'rollback' });
    expect(gate('prod', A, 20, history(), history([0, A], [5, undefined]))).toEqual({ ok: true, kind: 'rollback' });
  });

  test('a build held for no time at all (commits that landed together) is no stay to roll back to', () => {
    expect(gate('prod', A, 20, history(), history([3, A], [3, B]))).toMatchObject({ ok: false, message: expect.stringContaining('never ran in staging') });
    // nor is a stay that began after the moment
    expect(gate('prod', A, 2, history(), history([3, A], [5, B]))).toMatchObject({ ok: false });
  });

  test('builds are matched by digest, not tag: the same tag rebuilt is another build', () => {
    const rebuilt = image('1.0.0', 'c');
    expect(gate('prod', rebuilt, 100, history([0, A]))).toMatchObject({ ok: false, message: expect.stringContaining('never ran in staging') });
    expect(gate('prod', A.replace(':1.0.0', ':renamed'), 100, history([0, A]))).toMatchObject({ ok: true, kind: 'promotion' });
  });

  test('an environment the org does not have is refused', () => {
    expect(gate('qa', A, 0, [])).toMatchObject({ ok: false, message: "environment qa is not one of the org's (dev, staging, prod)" });
  });
});

test.each([
  [0, '0 min'],
  [59_999, '0 min'],
  [60_000, '1 min'],
  [H, '1 h'],
  [H + 60_000, '1 h 1 min'],
  [24 * H, '1 d'],
  [49 * H + 30 * 60_000, '2 d 1 h'],
  [-5, '0 min'],
])('formatDuration(%d ms) = %s', (ms, text) => {
  expect(formatDuration(ms)).toBe(text);
});
