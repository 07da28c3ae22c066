import { type ManifestObject, validateObjects } from '../../../lib';
import { withDefaults, withoutNulls } from '../../../lib/validate/structural';

const schema = {
  type: 'object',
  properties: {
    a: { type: 'string' },
    n: { type: 'string', nullable: true },
    d: { type: 'string', default: 'x' },
    list: { type: 'array', items: { type: 'object', properties: { k: { type: 'string' }, mode: { type: 'string', default: 'm' } } } },
    map: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

describe('withoutNulls and withDefaults: what the API server does before it validates', () => {
  test('prunes the nulls of fields that are not nullable, keeps nullable ones and nulls in lists and maps, never changes the input', () => {
    const input = { a: null, n: null, list: [null, { k: null }], map: { x: null } };
    const copy = structuredClone(input);
    expect(withoutNulls(input, schema)).toEqual({ n: null, list: [null, {}], map: { x: null } });
    expect(input).toEqual(copy);
    const clean = { a: 'y' };
    expect(withoutNulls(clean, schema)).toBe(clean);
  });

  test('sets defaults of absent fields and of non-nullable nulls, inside lists too', () => {
    expect(withDefaults({ d: null, list: [{ k: 'a' }] }, schema)).toEqual({ d: 'x', list: [{ k: 'a', mode: 'm' }] });
    const done = { d: 'z' };
    expect(withDefaults(done, schema)).toBe(done);
  });
});

describe('custom resources are validated after nulls are pruned and defaults applied', () => {
  const store = (provider: Record<string, unknown>): ManifestObject => ({
    file: 's.yaml',
    object: { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', metadata: { name: 's', namespace: 'apps' }, spec: { provider } },
  });
  const errors = (m: ManifestObject) => validateObjects([m], { knownNamespaces: ['apps'] }).findings.map((f) => `${f.field}: ${f.message}`);

  test('a null in an optional field is no type error (the API server prunes it)', () => {
    expect(errors(store({ aws: { service: 'SecretsManager', region: 'eu-west-1', role: null, auth: null } }))).toEqual([]);
  });

  test('a required field with a default may be left out (the API server defaults it)', () => {
    expect(errors(store({ vault: { server: 'https://vault.example.com', auth: { kubernetes: { role: 'r', serviceAccountRef: { name: 'sa' } } } } }))).toEqual([]);
  });

  test('a null in a required field without default is reported as missing, as the API server does', () => {
    expect(errors(store({ aws: { service: 'SecretsManager', region: null } }))).toContain('spec.provider.aws: missing required field "region"');
  });
});
