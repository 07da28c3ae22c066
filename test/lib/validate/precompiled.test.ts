import * as fs from 'fs';
import * as path from 'path';
import { SchemaCatalog } from '../../../lib';
import { generateValidators, validatorSources } from '../../../lib/import/validators';
import { precompiledValidator } from '../../../lib/validate/precompiled';
import { checkSchema, compile, newAjv, Preparation, preparedSchema, validatorKey } from '../../../lib/validate/schema-check';

const importsDir = path.join(__dirname, '..', '..', '..', 'imports');
const validatorsDir = path.join(importsDir, 'validators');

describe('the precompiled validators (imports/validators)', () => {
  test('are what npm run import writes from the committed catalog and the current schema preparation', () => {
    const expected = generateValidators(validatorSources(importsDir));
    expect(fs.readdirSync(validatorsDir).sort()).toEqual([...expected.keys()].sort());
    for (const [file, content] of expected) {
      // a mismatch means imports/ is stale: run npm run import
      expect({ file, same: fs.readFileSync(path.join(validatorsDir, file), 'utf8') === content }).toEqual({ file, same: true });
    }
  });

  test('cover every kind of the catalog, strictly', () => {
    const catalog = SchemaCatalog.bundled();
    const sources = validatorSources(importsDir);
    for (const s of sources.filter((x) => x.preparation === 'strict')) {
      expect(precompiledValidator(validatorKey(s.schema, 'strict'))).toBeDefined();
    }
    // the validator uses them for the catalog's schemas
    const secretStore = catalog.kind('external-secrets.io/v1', 'SecretStore')?.schema() ?? {};
    expect(compile(secretStore)).toBe(precompiledValidator(validatorKey(secretStore, 'strict')));
  });

  const cases: { what: string; apiVersion: string; kind: string; preparation: Preparation; object: Record<string, unknown> }[] = [
    {
      what: 'an unknown field, a wrong type and a value outside an enum',
      apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', preparation: 'strict',
      object: { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'x' }, spec: { refreshEvery: '1m', refreshInterval: 5, secretStoreRef: { kind: 'Nope', name: 'a' }, target: { creationPolicy: 'Sometimes' } } },
    },
    {
      what: 'a provider that matches none of the allowed shapes',
      apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', preparation: 'strict',
      object: { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', metadata: { name: 'x' }, spec: { provider: { aws: { service: 'SecretsManager', region: 1, auth: { jwt: { serviceAccountRef: {} } } } } } },
    },
    {
      what: 'a composition base with an unknown field, without required fields',
      apiVersion: 'rds.aws.m.upbound.io/v1beta1', kind: 'Instance', preparation: 'partial',
      object: { apiVersion: 'rds.aws.m.upbound.io/v1beta1', kind: 'Instance', spec: { forProvider: { engine: 'postgres', allocatedStorage: 'ten', colour: 'red' } } },
    },
  ];
  test.each(cases)('report what a validator compiled at run time reports: $what', ({ apiVersion, kind, preparation, object }) => {
    const schema = SchemaCatalog.bundled().kind(apiVersion, kind)?.schema() ?? {};
    const precompiled = precompiledValidator(validatorKey(schema, preparation));
    expect(precompiled).toBeDefined();
    const runtime = newAjv().compile(preparedSchema(schema, preparation));
    const problems = checkSchema(precompiled as NonNullable<typeof precompiled>, object);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems).toEqual(checkSchema(runtime, object));
  });
});
