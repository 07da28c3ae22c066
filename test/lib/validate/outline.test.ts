import { SchemaCatalog } from '../../../lib';
import { type Preparation, checkSchema, dedupeSchema, newAjv, outlineSchema, partialStructural, preparedSchema, strictStructural } from '../../../lib/validate/schema-check';

type Schema = Record<string, unknown>;

/** A small deterministic random generator (the same cases on every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

/** Objects shaped by a schema, with wrong types, unknown fields, missing fields and wrong alternatives mixed in. */
function generator(seed: number): (schema: unknown) => unknown {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const bad: unknown[] = [true, {}, [], 'str', 1, -5, 1.5, null, '2020-13-45', 'UPPER_CASE', '', { zz: 1 }];
  const gen = (schema: unknown, depth: number): unknown => {
    const s = schema as Schema | undefined;
    if (!s || typeof s !== 'object' || rnd() < 0.08) return pick(bad);
    const alternatives = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
    if (alternatives) {
      const branch = pick(alternatives);
      return rnd() < 0.4 ? pick(bad) : gen({ ...branch, type: branch.type ?? s.type, properties: branch.properties ?? s.properties }, depth);
    }
    const type = Array.isArray(s.type) ? pick(s.type as string[]) : s.type;
    if (Array.isArray(s.enum)) return rnd() < 0.7 ? pick(s.enum) : 'nope';
    if (type === 'object' || s.properties) {
      const out: Schema = {};
      if (depth > 7) return out;
      const required = (s.required ?? []) as string[];
      for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) {
        if (rnd() < (required.includes(k) ? 0.9 : 0.35)) out[k] = gen(v, depth + 1);
      }
      if (rnd() < 0.1) out[`zz${Math.floor(rnd() * 5)}`] = 1;
      if (s.additionalProperties && typeof s.additionalProperties === 'object' && rnd() < 0.5) out[`k${Math.floor(rnd() * 5)}`] = gen(s.additionalProperties, depth + 1);
      return out;
    }
    if (type === 'array') return depth > 7 ? [] : Array.from({ length: Math.floor(rnd() * 3) }, () => gen(s.items, depth + 1));
    if (type === 'string') return rnd() < 0.8 ? (s.format === 'date-time' ? '2020-01-01T00:00:00Z' : 'abc') : pick(bad);
    if (type === 'integer') return rnd() < 0.8 ? Math.floor(rnd() * 100) : pick(bad);
    if (type === 'number') return rnd() < 0.8 ? rnd() * 10 : pick(bad);
    if (type === 'boolean') return rnd() < 0.8 ? rnd() < 0.5 : pick(bad);
    return pick(bad);
  };
  return (schema) => gen(schema, 0);
}

describe('outlineSchema', () => {
  const catalog = SchemaCatalog.bundled();
  const cases: { what: string; schema: () => Schema; preparation: Preparation }[] = [
    { what: 'ExternalSecret', schema: () => catalog.kind('external-secrets.io/v1', 'ExternalSecret')?.schema() ?? {}, preparation: 'strict' },
    { what: 'DeploymentRuntimeConfig (int-or-string quantities and ports)', schema: () => catalog.kind('pkg.crossplane.io/v1beta1', 'DeploymentRuntimeConfig')?.schema() ?? {}, preparation: 'strict' },
    { what: 'an S3 Bucket as a composition base', schema: () => catalog.kind('s3.aws.m.upbound.io/v1beta1', 'Bucket')?.schema() ?? {}, preparation: 'partial' },
    { what: 'the webservice parameters', schema: () => catalog.definition('webservice')?.parameterSchema ?? {}, preparation: 'asIs' },
  ];

  test.each(cases)('reports what the schema without outlining reports: $what', ({ schema, preparation }) => {
    const s = schema();
    const plain = preparation === 'strict' ? strictStructural(s) : preparation === 'partial' ? partialStructural(s) : s;
    const before = newAjv().compile(dedupeSchema(plain));
    const after = newAjv().compile(preparedSchema(s, preparation));
    const gen = generator(7);
    let failing = 0;
    let alternatives = 0;
    for (let i = 0; i < 150; i++) {
      const value = gen(plain);
      const expected = checkSchema(before, value);
      if (expected.length > 0) failing++;
      if ((before.errors ?? []).some((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')) alternatives++;
      expect(checkSchema(after, value)).toEqual(expected);
    }
    // the cases exercise failures, and alternatives where the schema has them
    expect(failing).toBeGreaterThan(50);
    if (JSON.stringify(plain).includes('"anyOf"')) expect(alternatives).toBeGreaterThan(0);
  });

  test("moves fields' schemas into functions of their own, never inside or holding an alternative", () => {
    const field = { type: 'object', properties: { name: { type: 'string', maxLength: 253 }, namespace: { type: 'string', maxLength: 63 } }, additionalProperties: false };
    const schema = {
      type: 'object',
      properties: {
        a: field,
        b: { type: 'array', items: field },
        c: { anyOf: [field, { type: 'string' }] },
        d: { type: 'object', properties: { port: { anyOf: [{ type: 'integer' }, { type: 'string' }] }, x: field } },
      },
    };
    const out = outlineSchema(schema, 50) as { properties: Record<string, Schema>; $defs: Record<string, Schema> };
    expect(out.properties.a).toEqual({ $ref: '#/$defs/o0' });
    // a list of them: outlined too, its items the same function
    expect(out.properties.b).toEqual({ $ref: '#/$defs/o1' });
    // inside an alternative, or holding one: left in place (but the field beside the alternative moves)
    expect(out.properties.c).toEqual(schema.properties.c);
    expect(out.properties.d).toEqual({ type: 'object', properties: { port: schema.properties.d.properties.port, x: { $ref: '#/$defs/o0' } } });
    expect(out.$defs).toEqual({ o0: field, o1: { type: 'array', items: { $ref: '#/$defs/o0' } } });
  });
});
