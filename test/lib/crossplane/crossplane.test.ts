import { parse } from 'yaml';
import {
  AppConstruct,
  type AppDefinition,
  type ManifestObject,
  ObjectBucket,
  Org,
  PostgreSQLInstance,
  PostgreSQLInstanceAbstraction,
  PlatformServices,
  PRICES,
  accessReport,
  buildGitOps,
  databaseMonthlyUsd,
  trafficMonthlyUsd,
  validateObjects,
} from '../../../lib';
import { ORG_PROPS, errorOf, findObject, objectsOf, teamScopes } from '../../util';

const VERSIONS = { providerVersion: 'v2.6.0', patchAndTransformVersion: 'v0.10.8', environmentConfigsVersion: 'v0.7.1' };

function services(env: 'staging' | 'prod') {
  const { platform } = teamScopes(env);
  return objectsOf(new PlatformServices(platform, 'Services', VERSIONS));
}

const composedBase = (composition: Record<string, any>, name: string) =>
  composition.spec.pipeline.find((s: { step: string }) => s.step === 'compose').input.resources.find((r: { name: string }) => r.name === name);

describe('PostgreSQLInstanceAbstraction', () => {
  test('default output (snapshot)', () => {
    const { platform } = teamScopes('prod');
    expect(objectsOf(new PostgreSQLInstanceAbstraction(platform, 'Pg'))).toMatchSnapshot();
  });

  describe.each(['staging', 'prod'] as const)('in %s', (env) => {
    const objects = services(env);
    const xrd = findObject(objects, 'CompositeResourceDefinition', 'postgresqlinstances.db.example.com');
    const composition = findObject(objects, 'Composition', 'postgresqlinstances.db.example.com');
    const instance = composedBase(composition, 'instance');
    const forProvider = instance.base.spec.forProvider;
    const prod = env === 'prod';

    test("the XRD is namespaced, in the platform's group, with the environment's sizes and storage range", () => {
      expect(xrd.apiVersion).toBe('apiextensions.crossplane.io/v2');
      expect(xrd.spec.scope).toBe('Namespaced');
      const params = xrd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.parameters.properties;
      expect(params.size.enum).toEqual(prod ? ['small', 'medium', 'large'] : ['small', 'medium']);
      expect([params.storageGB.minimum, params.storageGB.maximum]).toEqual(prod ? [20, 1000] : [20, 100]);
      // no region, network or engine for teams to set
      expect(Object.keys(params).sort()).toEqual(['passwordSecretRef', 'size', 'storageGB']);
    });

    test("always encrypted, never public, backed up, in the platform's network, engine pinned", () => {
      expect(forProvider).toMatchObject({ storageEncrypted: true, publiclyAccessible: false, engine: 'postgres', engineVersion: '16.4', region: prod ? 'eu-central-1' : 'eu-west-1' });
      expect(forProvider.backupRetentionPeriod).toBeGreaterThanOrEqual(7);
      const targets = instance.patches.map((p: { toFieldPath: string }) => p.toFieldPath);
      expect(targets).toEqual(
        expect.arrayContaining([
          'spec.forProvider.dbSubnetGroupName',
          'spec.forProvider.vpcSecurityGroupIds[0]',
          'spec.forProvider.tags[paved.dev/team]',
          'spec.forProvider.tags[paved.dev/cost-centre]',
        ]),
      );
      expect(instance.patches.filter((p: { type: string }) => p.type === 'FromEnvironmentFieldPath').map((p: { fromFieldPath: string }) => p.fromFieldPath)).toEqual([
        'databaseSubnetGroupName',
        'databaseSecurityGroupId',
      ]);
      expect(forProvider.tags['paved.dev/managed-by']).toBe('crossplane');
    });

    test(prod ? 'production: deletion protection, a final snapshot, Multi-AZ, and the provider never deletes' : 'staging: no deletion protection, the provider may delete', () => {
      expect(forProvider.deletionProtection).toBe(prod);
      expect(forProvider.skipFinalSnapshot).toBe(!prod);
      expect(forProvider.multiAz).toBe(prod);
      expect(instance.base.spec.managementPolicies).toEqual(prod ? ['Observe', 'Create', 'Update', 'LateInitialize'] : ['*']);
      expect(instance.patches.some((p: { toFieldPath: string }) => p.toFieldPath === 'spec.forProvider.finalSnapshotIdentifier')).toBe(prod);
    });

    test("the composition reads the cluster's EnvironmentConfig, then patches and transforms", () => {
      expect(composition.spec.mode).toBe('Pipeline');
      expect(composition.spec.pipeline.map((s: { functionRef: { name: string } }) => s.functionRef.name)).toEqual(['function-environment-configs', 'function-patch-and-transform']);
      expect(composition.spec.pipeline[0].input.spec.environmentConfigs).toEqual([{ type: 'Reference', ref: { name: 'cluster' } }]);
    });
  });
});

describe('ObjectBucketAbstraction', () => {
  const objects = services('prod');
  const composition = findObject(objects, 'Composition', 'objectbuckets.storage.example.com');

  test('public access blocked, encrypted, versioned, never deleted in production', () => {
    expect(composedBase(composition, 'public-access-block').base.spec.forProvider).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(composedBase(composition, 'encryption').base.spec.forProvider.rule[0].applyServerSideEncryptionByDefault).toEqual({ sseAlgorithm: 'aws:kms' });
    expect(composedBase(composition, 'versioning').base.spec.forProvider.versioningConfiguration).toEqual({ status: 'Enabled' });
    expect(composedBase(composition, 'bucket').base.spec.managementPolicies).toEqual(['Observe', 'Create', 'Update', 'LateInitialize']);
  });
});

describe('platform services', () => {
  const objects = services('prod');

  test("providers and functions pinned by version, bound to the environment's IAM role through a runtime config each", () => {
    expect(findObject(objects, 'Provider', 'provider-aws-rds').spec).toEqual({ package: 'xpkg.crossplane.io/crossplane-contrib/provider-aws-rds:v2.6.0', runtimeConfigRef: { name: 'aws-irsa-rds' } });
    expect(findObject(objects, 'Function', 'function-patch-and-transform').spec.package).toBe('xpkg.crossplane.io/crossplane-contrib/function-patch-and-transform:v0.10.8');
    expect(findObject(objects, 'DeploymentRuntimeConfig', 'aws-irsa-s3').spec.serviceAccountTemplate.metadata).toEqual({
      name: 'provider-aws-s3',
      annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::222222222222:role/test-prod-crossplane-aws' },
    });
  });

  test('the ClusterProviderConfig uses IRSA: no static credentials', () => {
    expect(findObject(objects, 'ClusterProviderConfig', 'default').spec.credentials).toEqual({ source: 'IRSA' });
  });

  test('the cluster metadata reaches the compositions through an ApplicationSet: literal project, missing keys fail, kept on deletion', () => {
    const set = findObject(objects, 'ApplicationSet', 'cluster-metadata');
    expect(set.spec.goTemplateOptions).toEqual(['missingkey=error']);
    expect(set.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: true });
    expect(set.spec.template.spec.project).toBe('platform');
    expect(set.spec.generators).toEqual([{ clusters: { selector: { matchLabels: { 'paved.dev/environment': 'prod' } } } }]);
    expect(set.spec.template.spec.source.helm.valuesObject.data.databaseSubnetGroupName).toBe('{{ index .metadata.annotations "paved.dev/database-subnet-group-name" }}');
  });
});

describe('team-side resources', () => {
  test("a database is a PostgreSQLInstance in the team's namespace, never pruned, with its cost", () => {
    const { scope } = teamScopes('prod');
    const db = new PostgreSQLInstance(scope('payments'), 'orders-db', { namespace: 'payments', team: scope('payments').team, size: 'medium', storageGB: 100, connectionSecretName: 'orders-db-conn' });
    const xr = findObject(objectsOf(db), 'PostgreSQLInstance', 'orders-db');
    expect(xr.metadata.namespace).toBe('payments');
    expect(xr.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    expect(xr.spec).toEqual({ parameters: { size: 'medium', storageGB: 100 }, writeConnectionSecretToRef: { name: 'orders-db-conn' } });
    expect(db.monthlyUsd).toBe(databaseMonthlyUsd('medium', 100, true));
    expect(db.monthlyUsd).toBe(Math.round((PRICES.database.medium.usdPerHour * 730 + 100 * PRICES.databaseStorageUsdPerGbMonth) * 2 * 100) / 100);
  });

  test('fails on out-of-range storage and a size the environment does not allow', () => {
    const { scope } = teamScopes('staging');
    const message = errorOf(() => new PostgreSQLInstance(scope('payments'), 'db', { namespace: 'payments', team: scope('payments').team, size: 'large', storageGB: 5000, connectionSecretName: 'c' }));
    expect(message).toContain('size = "large" is not allowed: one of the sizes environment staging allows: small, medium');
    expect(message).toContain('storageGB = 5000 is not allowed: an integer from 20 to 100 (environment staging)');
  });

  test("a bucket's S3 name is derived and must fit 63 characters", () => {
    const { scope } = teamScopes('prod');
    const bucket = new ObjectBucket(scope('search'), 'exports', { namespace: 'search', team: scope('search').team });
    expect(bucket.bucketName).toBe('test-prod-search-exports');
    expect(errorOf(() => new ObjectBucket(scope('search'), 'x'.repeat(50), { namespace: 'search', team: scope('search').team }))).toContain('fits 63 characters');
  });

  describe('AppConstruct', () => {
    const { scope, platform } = teamScopes('prod');
    const payments = scope('payments');
    const app = new AppConstruct(payments, 'orders', {
      team: payments.team,
      image: 'orders:1.0',
      port: 8080,
      database: { size: 'small', storageGB: 40 },
      buckets: [{ name: 'invoices', expectedSizeGB: 100 }],
    });
    const objects = objectsOf(app);
    const env = findObject(objects, 'Application', 'orders').spec.components[0].properties.env;

    test("creates the database and the bucket in the app's namespace and wires them into its env", () => {
      expect(findObject(objects, 'PostgreSQLInstance', 'orders-db').spec.writeConnectionSecretToRef).toEqual({ name: 'orders-db-conn' });
      expect(findObject(objects, 'ObjectBucket', 'orders-invoices').metadata.namespace).toBe('payments');
      expect(env).toEqual([
        { name: 'DB_HOST', valueFrom: { secretKeyRef: { name: 'orders-db-conn', key: 'address' } } },
        { name: 'DB_PORT', valueFrom: { secretKeyRef: { name: 'orders-db-conn', key: 'port' } } },
        { name: 'DB_USER', valueFrom: { secretKeyRef: { name: 'orders-db-conn', key: 'username' } } },
        { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-db-conn', key: 'password' } } },
        { name: 'BUCKET_INVOICES', value: 'test-prod-payments-orders-invoices' },
      ]);
    });

    test("counts them against the team's budget", () => {
      expect(payments.monthlyCosts.map((c) => c.resource)).toEqual(['payments/orders-db (PostgreSQLInstance)', 'payments/orders-invoices (ObjectBucket)']);
      expect(platform.node.findAll().flatMap((c) => c.node.validate())).toEqual([]);
    });
  });

  test("fails the synth when a team's resources exceed its budget", () => {
    const org = new Org({ ...ORG_PROPS, teams: [{ ...ORG_PROPS.teams[0], monthlyBudgetUsd: 100 }] });
    const big: AppDefinition = (s) => new AppConstruct(s, 'orders', { team: s.team, image: 'o:1', port: 80, database: { size: 'large', storageGB: 500 } });
    const build = buildGitOps({ org, apps: [{ team: 'payments', apps: [big] }], environments: ['prod'], platform: (env) => new PlatformServices(env, 'Services', VERSIONS) });
    expect(build.errors).toEqual([
      'prod/payments: monthlyBudgetUsd = 100 is not allowed: at least the estimated monthly cost of what team payments asks for in prod, 398.56 USD (payments/orders-db (PostgreSQLInstance) 398.56), or fewer or smaller resources',
    ]);
  });
});

describe('the validator learns the XRDs of the tree', () => {
  const { platform } = teamScopes('prod');
  new PlatformServices(platform, 'Services', VERSIONS);
  const tree: ManifestObject[] = [
    ...objectsOf(platform).map((object, i) => ({ file: `platform-${i}.yaml`, object })),
    { file: 'ns.yaml', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } } },
  ];
  const withSpec = (spec: Record<string, unknown>): ManifestObject => ({
    file: 'xr.yaml',
    object: { ...(parse('apiVersion: db.example.com/v1alpha1\nkind: PostgreSQLInstance\nmetadata: {name: my-db, namespace: team-a}\n') as Record<string, unknown>), spec },
  });
  const errors = (m: ManifestObject) =>
    validateObjects([...tree, m], { knownNamespaces: ['crossplane-system', 'argocd'] })
      .findings.filter((f) => f.severity === 'error' && f.file === 'xr.yaml')
      .map((f) => `${f.field}: ${f.message}`);

  test('the shape teams know passes', () => {
    expect(
      errors(withSpec({ parameters: { storageGB: 40, passwordSecretRef: { namespace: 'team-a', name: 'psqlsecret', key: 'password' } }, writeConnectionSecretToRef: { name: 'my-db-conn' } })),
    ).toEqual([]);
  });

  test('a region override, an unknown size and out-of-range storage are errors', () => {
    expect(errors(withSpec({ parameters: { storageGB: 5, size: 'huge', region: 'us-east-1' }, writeConnectionSecretToRef: { name: 'c' } }))).toEqual([
      'spec.parameters.region: unknown field "region" (the schema declares passwordSecretRef, size, storageGB)',
      'spec.parameters.size: must be one of "small", "medium", "large"',
      'spec.parameters.storageGB: must be >= 20',
    ]);
  });

  test("the compositions' bases and patch targets exist in the upstream managed-resource CRDs", () => {
    const findings = validateObjects(tree, { knownNamespaces: ['crossplane-system', 'argocd'] }).findings;
    // every composed kind, the S3 configuration kinds among them, has its provider release's schema: nothing unchecked
    expect(findings).toEqual([]);
  });

  test('the S3 configuration bases ObjectBucket composes are checked against provider-upjet-aws v2.6.0', () => {
    const composition = tree.find((m) => m.object.kind === 'Composition' && (m.object.metadata as { name: string }).name.startsWith('objectbucket'));
    const broken = JSON.parse(JSON.stringify(composition?.object)) as Record<string, any>;
    const resources = broken.spec.pipeline[1].input.resources as { base: Record<string, any> }[];
    const block = resources.find((r) => r.base.kind === 'BucketPublicAccessBlock');
    block!.base.spec.forProvider.blockPublicAcl = true; // the field is blockPublicAcls
    const findings = validateObjects([...tree.filter((m) => m !== composition), { file: 'c.yaml', object: broken }], { knownNamespaces: ['crossplane-system', 'argocd'] }).findings;
    expect(findings.map((f) => `${f.severity} ${f.field}: ${f.message}`)).toEqual([
      expect.stringMatching(
        new RegExp(`^error spec\\.pipeline\\[1\\]\\.input\\.resources\\[${resources.indexOf(block!)}\\]\\.base\\.spec\\.forProvider\\.blockPublicAcl: unknown field "blockPublicAcl"`),
      ),
    ]);
  });

  test('a base field the managed resource does not declare, or a patch to one, is an error', () => {
    const composition = tree.find((m) => m.object.kind === 'Composition' && (m.object.metadata as { name: string }).name.startsWith('postgresql'));
    const broken = JSON.parse(JSON.stringify(composition?.object)) as Record<string, any>;
    const instance = broken.spec.pipeline[1].input.resources[0];
    instance.base.spec.forProvider.encrypted = true;
    instance.patches.push({ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.parameters.tier', toFieldPath: 'spec.forProvider.storageTier' });
    const findings = validateObjects([...tree.filter((m) => m !== composition), { file: 'c.yaml', object: broken }], { knownNamespaces: ['crossplane-system', 'argocd'] })
      .findings.filter((f) => f.severity === 'error')
      .map((f) => `${f.field}: ${f.message}`);
    expect(findings).toEqual([
      expect.stringMatching(/^spec\.pipeline\[1\]\.input\.resources\[0\]\.base\.spec\.forProvider\.encrypted: unknown field "encrypted"/),
      expect.stringMatching(/patches\[\d+\]\.fromFieldPath: "spec\.parameters\.tier" is not a field of PostgreSQLInstance \(its XRD\)$/),
      expect.stringMatching(/patches\[\d+\]\.toFieldPath: "spec\.forProvider\.storageTier" is not a field of Instance \(rds\.aws\.m\.upbound\.io\/v1beta1\)$/),
    ]);
  });
});

describe("the platform's traffic plane costs", () => {
  test('one load balancer at its 1-LCU floor around the clock, and a hosted zone and free certificate per team, from the dated price table', () => {
    // (0.0252 + 0.008) USD/h × 730 h; 3 × 0.50 USD
    expect(trafficMonthlyUsd(3)).toEqual({ loadBalancer: 24.24, zones: 1.5, certificates: 0, total: 25.74 });
    expect(trafficMonthlyUsd(3, 5).loadBalancer).toBe(47.6);
  });

  test("the access report shows them per environment as the platform's share, not the teams'", () => {
    const org = new Org(ORG_PROPS);
    const report = accessReport(org, []);
    expect(report).toContain('## Platform costs');
    expect(report).toContain('| prod | 24.24 USD | 2 × 0.50 = 1.00 USD | 2 (ACM, free) | 25.24 USD |');
  });
});
