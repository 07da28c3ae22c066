import * as fs from 'fs';
import * as path from 'path';
import { SchemaCatalog } from '../../../lib';
import { generateValidators, preparedHash, validatorSources } from '../../../lib/import/validators';
import { type PrecompiledIndex, precompiledValidator } from '../../../lib/validate/precompiled';
import { AJV_FORMATS, AJV_OPTIONS, checkSchema, compile, newAjv, type Preparation, preparedSchema, validatorKey } from '../../../lib/validate/schema-check';

const importsDir = path.join(__dirname, '..', '..', '..', 'imports');
const validatorsDir = path.join(importsDir, 'validators');
const index = JSON.parse(fs.readFileSync(path.join(validatorsDir, 'index.json'), 'utf8')) as PrecompiledIndex;

// A failure here means imports/validators is stale: run npm run import (CI's imports/ drift gate regenerates every file).
describe('the precompiled validators (imports/validators)', () => {
  const sources = validatorSources(importsDir);

  test('were generated with the ajv version, options and formats the validator uses', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(index.ajv).toBe((require('ajv/package.json') as { version: string }).version);
    expect(index.options).toEqual({ ajv: AJV_OPTIONS, formats: AJV_FORMATS });
  });

  test('cover the catalog, each from the schema the current preparation makes', () => {
    expect(Object.keys(index.validators).sort()).toEqual([...new Set(sources.map((s) => validatorKey(s.schema, s.preparation)))].sort());
    for (const s of sources) {
      const entry = index.validators[validatorKey(s.schema, s.preparation)];
      expect(entry.schema.split(', ')).toContain(s.label);
      expect({ schema: s.label, prepared: entry.prepared }).toEqual({ schema: s.label, prepared: preparedHash(preparedSchema(s.schema, s.preparation)) });
      expect(fs.existsSync(path.join(validatorsDir, entry.file))).toBe(true);
    }
  });

  test('are what npm run import writes (the three smallest, regenerated here)', () => {
    const small = [...sources].sort((a, b) => JSON.stringify(a.schema).length - JSON.stringify(b.schema).length).slice(0, 3);
    for (const [file, content] of generateValidators(small)) {
      if (file === 'index.json') continue;
      expect({ file, same: fs.readFileSync(path.join(validatorsDir, file), 'utf8') === content }).toEqual({ file, same: true });
    }
  });

  test("are found from the catalog's schema files without parsing them: the files' keys are their schemas' keys", () => {
    const catalog = SchemaCatalog.bundled();
    const kinds = JSON.parse(fs.readFileSync(path.join(importsDir, 'schemas', 'index.json'), 'utf8')) as { kinds: { group: string; version: string; kind: string }[] };
    for (const k of kinds.kinds) {
      const known = catalog.kind(`${k.group}/${k.version}`, k.kind);
      for (const preparation of ['strict', 'partial'] as const) {
        expect(known?.validatorKey?.(preparation)).toBe(validatorKey(known?.schema() ?? {}, preparation));
      }
    }
  });

  test("are used for the catalog's schemas", () => {
    const secretStore = SchemaCatalog.bundled().kind('external-secrets.io/v1', 'SecretStore')?.schema() ?? {};
    expect(compile(secretStore)).toBe(precompiledValidator(validatorKey(secretStore, 'strict'), index.options));
  });

  const cases: { what: string; apiVersion: string; kind: string; preparation: Preparation; object: Record<string, unknown> }[] = [
    {
      what: 'an unknown field, a wrong type and a value outside an enum',
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      preparation: 'strict',
      object: {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'x' },
        spec: { refreshEvery: '1m', refreshInterval: 5, secretStoreRef: { kind: 'Nope', name: 'a' }, target: { creationPolicy: 'Sometimes' } },
      },
    },
    {
      what: 'a provider that matches none of the allowed shapes',
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      preparation: 'strict',
      object: {
        apiVersion: 'external-secrets.io/v1',
        kind: 'SecretStore',
        metadata: { name: 'x' },
        spec: { provider: { aws: { service: 'SecretsManager', region: 1, auth: { jwt: { serviceAccountRef: {} } } } } },
      },
    },
    {
      what: 'a composition base with an unknown field, without required fields',
      apiVersion: 'rds.aws.m.upbound.io/v1beta1',
      kind: 'Instance',
      preparation: 'partial',
      object: { apiVersion: 'rds.aws.m.upbound.io/v1beta1', kind: 'Instance', spec: { forProvider: { engine: 'postgres', allocatedStorage: 'ten', colour: 'red' } } },
    },
  ];
  test.each(cases)('report what a validator compiled at run time reports: $what', ({ apiVersion, kind, preparation, object }) => {
    const schema = SchemaCatalog.bundled().kind(apiVersion, kind)?.schema() ?? {};
    const precompiled = precompiledValidator(validatorKey(schema, preparation), index.options);
    expect(precompiled).toBeDefined();
    const runtime = newAjv().compile(preparedSchema(schema, preparation));
    const problems = checkSchema(precompiled as NonNullable<typeof precompiled>, object);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems).toEqual(checkSchema(runtime, object));
  });
});
