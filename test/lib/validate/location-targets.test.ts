import { minimatch } from 'minimatch';
import { readLocationTarget } from '../../../lib/validate/location-targets';

// a tree with the shapes a catalog has, and the look-alikes a glob must tell apart
const FILES = [
  'catalog/location.yaml',
  'catalog/group-platform.yaml',
  'catalog/templates/new-service/template.yaml',
  'catalog/templates/new-service/skeleton/catalog-info.yaml.njk',
  'catalog/templates/new-service/skeleton/.github/workflows/ci.yml.njk',
  'catalog/teams/payments/group-payments.yaml',
  'catalog/teams/payments/system-payments.yaml',
  'catalog/teams/payments/apps/location.yaml',
  'catalog/teams/payments/apps/checkout/component-checkout.yaml',
  'catalog/teams/payments/apps/checkout/resource-checkout-receipts.yaml',
  'catalog/teams/payments/apps/my-app/api-my-app.yaml',
  'catalog/teams/payments/apps/.draft/component-draft.yaml',
  'catalog/teams/payments/apps/checkout/.component-old.yaml',
  'catalog/teams/payments/apps/checkout/notes/extra.yaml',
  'catalog/teams/search/group-search.yaml',
  'catalog/teams/search/apps/location.yaml',
  'catalog/teams/search/apps/search-api/component-search-api.yaml',
  'catalog/teams/search-ops/group-search-ops.yaml',
  'catalog/teams/.archive/group-old.yaml',
  'catalog/groups.yaml',
  'prod/teams/payments/apps/checkout/application-checkout.yaml',
];

/** What Backstage reads: the target resolved against the URL of the Location's file, a glob matched by minimatch against every file. */
function backstageReads(locationFile: string, target: string): string[] {
  const base = `https://github.com/acme/platform/blob/main/gitops/${locationFile}`;
  const resolved = decodeURIComponent(new URL(target, base).pathname).slice('/acme/platform/blob/main/gitops/'.length);
  return FILES.filter((f) => (target.includes('*') ? minimatch(f, resolved) : f === resolved));
}

describe("a Location's target, read as Backstage reads it", () => {
  test.each([
    ['catalog/location.yaml', './teams/*/apps/location.yaml'],
    ['catalog/location.yaml', './teams/*/group-*.yaml'],
    ['catalog/location.yaml', './teams/*/*.yaml'],
    ['catalog/location.yaml', './teams/**/*.yaml'],
    ['catalog/location.yaml', './**/*.yaml'],
    ['catalog/location.yaml', './**'],
    ['catalog/location.yaml', './*'],
    ['catalog/location.yaml', './*.yaml'],
    ['catalog/location.yaml', './teams/search*/group-*.yaml'],
    ['catalog/location.yaml', './teams/*-*/*.yaml'],
    ['catalog/location.yaml', './teams/**/apps/**/component-*.yaml'],
    ['catalog/location.yaml', './teams/payments/apps/*/*.yaml'],
    ['catalog/location.yaml', 'teams/payments/apps/**/*.yaml'],
    ['catalog/location.yaml', './teams/payments/apps/**/.component-*.yaml'],
    ['catalog/location.yaml', './teams/.archive/*.yaml'],
    ['catalog/location.yaml', './teams/*/apps/checkout/*e*c*e*.yaml'],
    ['catalog/location.yaml', './teams/p**s/group-***.yaml'],
    ['catalog/location.yaml', './templates/**/*.njk'],
    ['catalog/location.yaml', './templates/**/.github/**/*.njk'],
    ['catalog/location.yaml', '../prod/**/*.yaml'],
    ['catalog/location.yaml', './teams/payments/../search/*/location.yaml'],
    ['catalog/location.yaml', './group-platform.yaml'],
    ['catalog/location.yaml', './teams/payments/apps/location.yaml'],
    ['catalog/location.yaml', './teams/payments/missing.yaml'],
    ['catalog/location.yaml', './teams/search/*/*.yaml'],
    ['catalog/location.yaml', './teams/search/apps/**'],
    ['catalog/teams/payments/apps/location.yaml', './*/*.yaml'],
    ['catalog/teams/payments/apps/location.yaml', './**/*.yaml'],
    ['catalog/teams/payments/apps/location.yaml', '../../*/apps/*/*.yaml'],
    ['catalog/teams/payments/apps/location.yaml', '*/component-*.yaml'],
  ])('%s: %s reads what minimatch matches', (file, target) => {
    const reading = readLocationTarget(file, target, FILES);
    expect(reading.kind).toBe('files');
    expect(reading.kind === 'files' ? [...reading.files] : []).toEqual(backstageReads(file, target));
  });

  test('reads the files in the order of the tree given, whatever that order', () => {
    for (const files of [FILES, [...FILES].reverse(), [...FILES].sort()]) {
      for (const target of ['./teams/*/apps/**/*.yaml', './teams/payments/apps/**/*.yaml', './**/*.yaml']) {
        const reading = readLocationTarget('catalog/location.yaml', target, files);
        const resolved = `catalog/${target.slice(2)}`;
        expect(reading.kind === 'files' ? [...reading.files] : []).toEqual(files.filter((f) => minimatch(f, resolved)));
      }
    }
  });

  test('a glob reads no file whose name or folder starts with a dot unless the pattern says the dot, as minimatch by default', () => {
    const reading = readLocationTarget('catalog/location.yaml', './**/*.yaml', FILES);
    const files = reading.kind === 'files' ? reading.files : [];
    expect(files).toContain('catalog/teams/payments/apps/checkout/component-checkout.yaml');
    expect(files.filter((f) => f.includes('/.'))).toEqual([]);
  });

  test('an absolute URL is outside the tree', () => {
    expect(readLocationTarget('catalog/location.yaml', 'https://github.com/acme/other/blob/main/catalog-info.yaml', FILES)).toEqual({ kind: 'outside' });
    expect(readLocationTarget('catalog/location.yaml', 'url:https://example.com/x.yaml', FILES)).toEqual({ kind: 'outside' });
  });

  test.each([
    ['./teams/?/group.yaml', '"?"', 'start the query'],
    ['./teams/x.yaml#frag', '"#"', 'the fragment'],
    ['./teams/{payments,search}/*.yaml', '"{", ",", "}"', 'percent-encoded'],
    ['./teams/[ps]*/*.yaml', '"[", "]"', 'meanings of their own'],
    ['./teams/!(payments)/*.yaml', '"!", "(", ")"', 'meanings of their own'],
    ['./teams/+(a|b)/*.yaml', '"+", "(", "|", ")"', 'meanings of their own'],
    ['./teams/my app.yaml', '" "', 'percent-encoded'],
    ['./teams/caf%C3%A9.yaml', '"%"', 'percent-encoded'],
    ['./teams/\\*.yaml', '"\\\\"', 'letters, digits'],
    ['./teams/équipe.yaml', '"é"', 'letters, digits'],
  ])('refuses %s, naming what it holds (%s)', (target, odd, why) => {
    const reading = readLocationTarget('catalog/location.yaml', target, FILES);
    expect(reading.kind).toBe('unreadable');
    const reason = reading.kind === 'unreadable' ? reading.reason : '';
    expect(reason).toMatch(new RegExp(`^holds ${odd.replace(/[|\\{}()[\]^$+*?.]/g, '\\$&')}: paved reads a target of letters, digits`));
    expect(reason).toContain(why);
  });

  test.each([
    ['/gitops/catalog/teams/*/group-*.yaml', "starts at the repository's root"],
    ['./teams//group-x.yaml', 'an empty path segment'],
    ['./teams/', 'an empty path segment'],
    ['../../**/*.yaml', 'reaches outside the tree (../**/*.yaml)'],
  ])('refuses %s: %s', (target, why) => {
    const reading = readLocationTarget('catalog/location.yaml', target, FILES);
    expect(reading.kind === 'unreadable' ? reading.reason : reading.kind).toContain(why);
  });

  test('a hostile pattern reads a long name in bounded time', () => {
    const name = `${'a'.repeat(4000)}.yaml`;
    const files = Array.from({ length: 50 }, (_, i) => `catalog/${'d/'.repeat(i % 40)}${name}`);
    const started = process.hrtime.bigint();
    const reading = readLocationTarget('catalog/location.yaml', `./${'**/'.repeat(30)}${'*a'.repeat(40)}*b.yaml`, files);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(reading.kind === 'files' ? reading.files : undefined).toEqual([]);
    expect(ms).toBeLessThan(5000);
  });
});
