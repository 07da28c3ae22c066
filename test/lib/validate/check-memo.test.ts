/**
 * The memo `paved synth` keeps of its schema checks (lib/validate/check-memo.ts):
 * an object checked by the last synth is not checked again, and what it
 * reports is the same; an object or a schema that changed is checked again.
 */
import * as path from 'path';
import { CheckMemo, withCheckMemo } from '../../../lib/validate/check-memo';
import type { ManifestObject } from '../../../lib/validate/findings';
import { isCatalogEntity } from '../../../lib/validate/backstage-check';
import { SchemaCatalog } from '../../../lib/validate/catalog';
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
    // its schema check and its object checks
    expect(second.misses).toBe(2);
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

/** Objects each of which one of the object-only checks refuses (or warns about), and how each is mended. */
const NS = 'payments';
const meta = (name: string) => ({ name, namespace: NS, labels: { 'app.kubernetes.io/managed-by': 'paved' } });
const BROKEN: { what: string; file: string; object: Record<string, unknown>; mend: (o: Record<string, unknown>) => void }[] = [
  {
    what: 'a Secret with values',
    file: 'prod/teams/payments/apps/my-app/secret-x.yaml',
    object: { apiVersion: 'v1', kind: 'Secret', metadata: meta('x'), data: { password: 'aHVudGVyMg==' } },
    mend: (o) => delete o.data,
  },
  {
    what: 'a ConfigMap holding a private key',
    file: 'prod/teams/payments/apps/my-app/configmap-key.yaml',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('key'), data: { key: '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n' } },
    mend: (o) => (o.data = { key: 'a public value' }),
  },
  {
    what: 'a ConfigMap the API server refuses (a value that is not a string)',
    file: 'prod/teams/payments/apps/my-app/configmap-number.yaml',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('number'), data: { replicas: 3 } },
    mend: (o) => (o.data = { replicas: '3' }),
  },
  {
    what: 'a privileged Deployment',
    file: 'prod/teams/payments/apps/my-app/deployment-x.yaml',
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('x'),
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'x', image: 'x:1', securityContext: { privileged: true } }] } } },
    },
    mend: (o) => {
      const c = (o.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0];
      c.securityContext = { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };
    },
  },
  {
    what: 'a Role with a wildcard',
    file: 'prod/teams/payments/apps/my-app/role-x.yaml',
    object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta('x'), rules: [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }] },
    mend: (o) => (o.rules = [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]),
  },
];

/** The example tree with these objects added; `mended` names those mended. */
function withBroken(mended: ReadonlySet<string> = new Set()): ManifestObject[] {
  const added = BROKEN.map((b) => {
    const object = structuredClone(b.object);
    if (mended.has(b.what)) b.mend(object);
    return { file: b.file, object };
  });
  // and an alerting rule that does not parse, an add-on's chart pinned to a version the catalog does not hold
  const rule = 'prod/teams/payments/apps/my-app/prometheusrule-my-app-alerts.yaml';
  const chart = 'prod/application-external-secrets.yaml';
  return [
    ...tree.map((m) => {
      if ((m.file !== rule || mended.has('a rule')) && (m.file !== chart || mended.has('a chart'))) return m;
      const object = structuredClone(m.object);
      if (m.file === rule) (object.spec as { groups: { rules: { expr: string }[] }[] }).groups[0].rules[0].expr = 'sum(rate(x[5m]) by (le)';
      else (object.spec as { source: { targetRevision: string } }).source.targetRevision = '0.0.1';
      return { ...m, object };
    }),
    ...added,
  ];
}
const WHAT = [...BROKEN.map((b) => b.what), 'a rule', 'a chart'];
const fresh = (objects: readonly ManifestObject[]) => validateObjects(objects, { clusterPerTopLevelFolder: true });
const problemsOf = (objects: readonly ManifestObject[]) =>
  fresh(objects)
    .findings.filter((f) => ['policy', 'release', 'schema'].includes(f.rule))
    .map((f) => `${f.severity} ${f.rule} ${f.file}: ${f.field}`);

describe("the object checks kept from one synth to the next (policies, release pins, alerting rules, built-in kinds' schemas)", () => {
  const broken = withBroken();

  test('each broken object is found, by a fresh run and by a run with the memo, the same findings in the same order', () => {
    const found = problemsOf(broken);
    for (const b of BROKEN) expect([b.what, found.some((f) => f.includes(b.file))]).toEqual([b.what, true]);
    expect(found.some((f) => f.startsWith('error schema prod/teams/payments/apps/my-app/prometheusrule-my-app-alerts.yaml'))).toBe(true);
    expect(found.some((f) => f.startsWith('warning release prod/application-external-secrets.yaml'))).toBe(true);
    const first = new CheckMemo();
    expect(validate(broken, first)).toEqual(fresh(broken));
    const second = reread(first);
    expect(validate(broken, second)).toEqual(fresh(broken));
    expect(second.misses).toBe(0);
  });

  test.each(WHAT)('%s, mended after a synth kept its findings (and broken again after one kept the mended one): what the memo answers is what a fresh run finds', (what) => {
    const mended = withBroken(new Set([what]));
    expect(fresh(mended)).not.toEqual(fresh(broken));
    const keptBroken = new CheckMemo();
    validate(broken, keptBroken);
    expect(validate(mended, reread(keptBroken))).toEqual(fresh(mended));
    const keptMended = new CheckMemo();
    validate(mended, keptMended);
    const afterBreak = reread(keptMended);
    expect(validate(broken, afterBreak)).toEqual(fresh(broken));
    // (the broken object is new to that memo: checked again, its own checks and its schema)
    expect(afterBreak.misses).toBeGreaterThanOrEqual(2);
  });

  test("with another schema catalog, release pins are checked against it every time (a memo's findings hold for paved's own catalog only)", () => {
    const other = { clusterPerTopLevelFolder: true, catalog: SchemaCatalog.bundled() };
    const withOther = new CheckMemo();
    expect(withCheckMemo(withOther, () => validateObjects(broken, other))).toEqual(validateObjects(broken, other));
    const withOwn = new CheckMemo();
    validate(broken, withOwn);
    // the schema checks are kept either way; the object checks (one entry per distinct object) only with paved's own catalog
    const kept = (m: CheckMemo) => Object.keys(m.entries()).length;
    // (the catalog's entities have checks of their own)
    const distinct = new Set(broken.filter((m) => !isCatalogEntity(m.object)).map((m) => JSON.stringify(m.object))).size;
    expect(kept(withOwn) - kept(withOther)).toBe(distinct);
  });
});
