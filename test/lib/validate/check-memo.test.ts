/**
 * The memo `paved synth` keeps of its schema checks (lib/validate/check-memo.ts):
 * an object checked by the last synth is not checked again, and what it
 * reports is the same; an object or a schema that changed is checked again.
 */
import * as path from 'path';
import { CheckMemo, withCheckMemo } from '../../../lib/validate/check-memo';
import type { ManifestObject } from '../../../lib/validate/findings';
import { loadManifests, validateObjects } from '../../../lib/validate/validator';

const tree = loadManifests(path.join(__dirname, '..', '..', '..', 'gitops')).objects;
const XRD = 'prod/platform/config/crossplane/postgresqlinstances/compositeresourcedefinition-postgresqlinstances.db.example.com.yaml';
const CLAIM = 'prod/teams/payments/apps/my-app/postgresqlinstance-my-app-db.yaml';
const SECRET = 'prod/teams/payments/apps/my-app/externalsecret-my-app-secrets.yaml';

/** The tree with one object changed. */
function edited(file: string, change: (object: Record<string, unknown>) => void): ManifestObject[] {
  return tree.map((m) => {
    if (m.file !== file) return m;
    const object = structuredClone(m.object);
    change(object);
    return { ...m, object };
  });
}

const withUnknownField = edited(SECRET, (o) => {
  (o.spec as Record<string, unknown>).refreshEvery = '5m';
});
const validate = (objects: readonly ManifestObject[], memo: CheckMemo) => withCheckMemo(memo, () => validateObjects(objects, { clusterPerTopLevelFolder: true }));
/** The memo as the next synth reads it back from its file. */
const reread = (memo: CheckMemo) => new CheckMemo(JSON.parse(JSON.stringify(memo.entries())) as ConstructorParameters<typeof CheckMemo>[0]);

describe('the schema checks kept from one synth to the next', () => {
  const first = new CheckMemo();
  const report = validate(withUnknownField, first);

  test('the next run takes every check from the memo, and reports the same, errors included', () => {
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => `${f.file}: ${f.field}`)).toEqual([`${SECRET}: spec.refreshEvery`]);
    expect(first.misses).toBeGreaterThan(50);
    const second = reread(first);
    expect(validate(withUnknownField, second)).toEqual(report);
    expect(second.misses).toBe(0);
    expect(second.hits).toBe(first.hits + first.misses);
  });

  test('an object that changed is checked again', () => {
    const second = reread(first);
    // the unknown field taken out, a label added (the same object without either is in staging too: that one the memo knows)
    const fixed = edited(SECRET, (o) => {
      (o.metadata as { labels: Record<string, string> }).labels['example.com/reviewed'] = 'yes';
    });
    expect(validate(fixed, second).findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(second.misses).toBe(1);
  });

  test("a claim is checked again when its XRD's schema changed, though the claim did not", () => {
    const storage = (o: Record<string, unknown>) => (o.spec as { parameters: { storageGB: number } }).parameters.storageGB;
    const claim = tree.find((m) => m.file === CLAIM);
    expect(claim && storage(claim.object)).toBeGreaterThan(10);
    const narrowed = edited(XRD, (o) => {
      const version = (
        o.spec as { versions: { schema: { openAPIV3Schema: { properties: Record<string, { properties: Record<string, { properties: Record<string, Record<string, unknown>> }> }> } } }[] }
      ).versions[0];
      version.schema.openAPIV3Schema.properties.spec.properties.parameters.properties.storageGB.maximum = 10;
    });
    const second = reread(first);
    const errors = validate(narrowed, second).findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => `${f.file}: ${f.field}`)).toContain(`${CLAIM}: spec.parameters.storageGB`);
    expect(second.misses).toBeGreaterThan(1);
  });

  test('a memo is in use only while withCheckMemo runs', () => {
    const memo = new CheckMemo();
    withCheckMemo(memo, () => undefined);
    validateObjects(withUnknownField, { clusterPerTopLevelFolder: true });
    expect(memo.hits + memo.misses).toBe(0);
    expect(memo.entries()).toEqual({});
  });
});
