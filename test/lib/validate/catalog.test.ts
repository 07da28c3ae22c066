import * as fs from 'fs';
import * as path from 'path';
import { SchemaCatalog } from '../../../lib';
import type { CatalogIndex } from '../../../lib/validate/catalog-types';

const importsDir = path.join(__dirname, '..', '..', '..', 'imports');
const index = JSON.parse(fs.readFileSync(path.join(importsDir, 'schemas', 'index.json'), 'utf8')) as CatalogIndex;

describe('the committed schema catalog', () => {
  test('holds served versions only: ExternalSecret v1, not the unserved v1beta1', () => {
    const catalog = SchemaCatalog.bundled();
    expect(catalog.kind('external-secrets.io/v1', 'ExternalSecret')).toBeDefined();
    expect(catalog.kind('external-secrets.io/v1beta1', 'ExternalSecret')).toBeUndefined();
    // both served versions of the XRD are there
    expect(catalog.versionsOf('apiextensions.crossplane.io', 'CompositeResourceDefinition').sort()).toEqual(['v1', 'v2']);
  });

  test('covers every kind the platform writes or will write', () => {
    const kinds = index.kinds.map((k) => `${k.group}/${k.version}/${k.kind}`);
    for (const k of [
      'argoproj.io/v1alpha1/Application',
      'argoproj.io/v1alpha1/AppProject',
      'argoproj.io/v1alpha1/ApplicationSet',
      'external-secrets.io/v1/ExternalSecret',
      'external-secrets.io/v1/SecretStore',
      'external-secrets.io/v1/ClusterSecretStore',
      'apiextensions.crossplane.io/v2/CompositeResourceDefinition',
      'apiextensions.crossplane.io/v1/Composition',
      'pkg.crossplane.io/v1/Provider',
      'pkg.crossplane.io/v1/Function',
      'pkg.crossplane.io/v1beta1/DeploymentRuntimeConfig',
      'aws.m.upbound.io/v1beta1/ProviderConfig',
      'aws.m.upbound.io/v1beta1/ClusterProviderConfig',
      'rds.aws.m.upbound.io/v1beta1/Instance',
      's3.aws.m.upbound.io/v1beta1/Bucket',
      'core.oam.dev/v1beta1/Application',
    ])
      expect(kinds).toContain(k);
  });

  test('every entry names its pinned source and a schema file that exists', () => {
    for (const k of index.kinds) {
      expect(k.source.url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/[0-9a-f]{40}\//);
      expect(k.source.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(fs.existsSync(path.join(importsDir, 'schemas', k.file))).toBe(true);
    }
  });

  test('vendors the KubeVela definitions the platform uses, with readable parameters', () => {
    const catalog = SchemaCatalog.bundled();
    for (const name of ['webservice', 'gateway', 'scaler', 'securitycontext', 'podsecuritycontext']) {
      expect(catalog.definition(name)?.parameterSchema).not.toBeNull();
    }
    expect(catalog.definition('webservice')?.kind).toBe('ComponentDefinition');
    expect(catalog.definition('gateway')?.kind).toBe('TraitDefinition');
  });

  test('holds no raw upstream CRD', () => {
    const all = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    for (const file of all(importsDir).filter((f) => f.endsWith('.json'))) {
      expect(fs.readFileSync(file, 'utf8')).not.toContain('CustomResourceDefinition');
    }
  });
});
