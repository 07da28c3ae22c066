import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { DatabaseSize, Environment } from '../org/environment';
import { KEEP_ON_DELETE } from '../k8s/argocd-application';
import { PlatformEnvironment } from '../k8s/platform-environment';
import { isDns1123Label, isConfigKey } from '../private/names';
import { PropChecker } from '../private/problems';
import { type ComposedResource, CompositeAbstraction, type Patch, type SchemaNode, fromClusterMetadata } from './abstraction';
import { CLUSTER_ENVIRONMENT_CONFIG } from './cluster-metadata-config';
import { PRICES, databaseMonthlyUsd, databaseMultiAz } from '../org/pricing';
import { MONTHLY_COST_ANNOTATION } from '../org/claim-price';

/** The API group of the platform's database abstraction. */
export const DATABASE_API_GROUP = 'db.example.com';
/** Its version. */
export const DATABASE_API_VERSION = 'v1alpha1';

/** Management policies of data-owning managed resources: never delete in production. */
export function dataManagementPolicies(env: Environment): string[] {
  return env.production ? ['Observe', 'Create', 'Update', 'LateInitialize'] : ['*'];
}

/** Tags every managed resource carries: owner team, cost centre, and the marker the provider's IAM role is scoped to. */
export function ownershipPatches(prefix = 'spec.forProvider.tags'): Patch[] {
  return [
    { type: 'FromCompositeFieldPath', fromFieldPath: 'metadata.namespace', toFieldPath: `${prefix}[paved.dev/namespace]` },
    { type: 'FromCompositeFieldPath', fromFieldPath: 'metadata.labels[paved.dev/team]', toFieldPath: `${prefix}[paved.dev/team]` },
    { type: 'FromCompositeFieldPath', fromFieldPath: 'metadata.labels[paved.dev/cost-centre]', toFieldPath: `${prefix}[paved.dev/cost-centre]` },
  ];
}

/**
 * The platform's PostgreSQL abstraction in one environment: an RDS instance in
 * the platform's private subnets and database security group, storage
 * encrypted, backups kept, never public, the engine version the platform pins,
 * an instance class from a small size enum, deletion protection, a final
 * snapshot and Multi-AZ in production, and management policies that never
 * delete in production. Sizes and storage ranges come from the environment's
 * governance (`services` in the org).
 */
export class PostgreSQLInstanceAbstraction extends CompositeAbstraction {
  constructor(scope: Construct, id: string) {
    const env = PlatformEnvironment.of(scope).environment;
    const svc = env.services;
    super(scope, id, {
      group: DATABASE_API_GROUP,
      kind: 'PostgreSQLInstance',
      plural: 'postgresqlinstances',
      version: DATABASE_API_VERSION,
      description: `A PostgreSQL ${svc.postgresVersion} database on Amazon RDS, governed by the platform.`,
      environmentConfig: CLUSTER_ENVIRONMENT_CONFIG,
      spec: postgresqlSpecSchema(env),
      resources: [postgresqlInstance(env)],
    });
  }
}

/** The schema of a PostgreSQLInstance's spec: a size from the environment's enum, storage in its range, the connection Secret. */
function postgresqlSpecSchema(env: Environment): SchemaNode {
  const svc = env.services;
  return {
    type: 'object',
    required: ['parameters', 'writeConnectionSecretToRef'],
    properties: {
      parameters: {
        type: 'object',
        required: ['storageGB'],
        properties: {
          size: { type: 'string', enum: [...svc.databaseSizes], default: svc.databaseSizes[0], description: 'The instance size.' },
          storageGB: { type: 'integer', minimum: svc.minStorageGB, maximum: svc.maxStorageGB, description: 'Allocated storage in GB.' },
          passwordSecretRef: {
            type: 'object',
            description: 'A Secret in the same namespace holding the master password; generated when absent.',
            required: ['name', 'key'],
            properties: { namespace: { type: 'string' }, name: { type: 'string' }, key: { type: 'string' } },
          },
        },
      },
      writeConnectionSecretToRef: {
        type: 'object',
        description: 'The Secret (in the same namespace) that receives the connection details.',
        required: ['name'],
        properties: { name: { type: 'string' } },
      },
    },
  };
}

/** The RDS instance a PostgreSQLInstance composes, with the patches from the claim and the cluster's metadata. */
function postgresqlInstance(env: Environment): ComposedResource {
  const svc = env.services;
  return {
    name: 'instance',
    base: {
      apiVersion: 'rds.aws.m.upbound.io/v1beta1',
      kind: 'Instance',
      metadata: { annotations: { ...KEEP_ON_DELETE } },
      spec: {
        forProvider: {
          region: env.awsRegion,
          engine: 'postgres',
          engineVersion: svc.postgresVersion,
          instanceClass: PRICES.database[svc.databaseSizes[0]].instanceClass,
          storageType: 'gp3',
          storageEncrypted: true,
          publiclyAccessible: false,
          backupRetentionPeriod: env.production ? 14 : 7,
          deletionProtection: env.production,
          skipFinalSnapshot: !env.production,
          multiAz: databaseMultiAz(env),
          copyTagsToSnapshot: true,
          autoMinorVersionUpgrade: true,
          autoGeneratePassword: true,
          username: 'app',
          passwordSecretRef: { name: 'generated', key: 'password' },
          tags: { 'paved.dev/managed-by': 'crossplane', 'paved.dev/environment': env.name },
        },
        managementPolicies: dataManagementPolicies(env),
        providerConfigRef: { kind: 'ClusterProviderConfig', name: 'default' },
        writeConnectionSecretToRef: { name: 'generated' },
      },
    },
    patches: [
      { type: 'FromCompositeFieldPath', fromFieldPath: 'spec.parameters.storageGB', toFieldPath: 'spec.forProvider.allocatedStorage' },
      {
        type: 'FromCompositeFieldPath',
        fromFieldPath: 'spec.parameters.size',
        toFieldPath: 'spec.forProvider.instanceClass',
        transforms: [{ type: 'map', map: Object.fromEntries(svc.databaseSizes.map((s) => [s, PRICES.database[s].instanceClass])) }],
      },
      { type: 'FromCompositeFieldPath', fromFieldPath: 'spec.writeConnectionSecretToRef.name', toFieldPath: 'spec.writeConnectionSecretToRef.name' },
      {
        type: 'FromCompositeFieldPath',
        fromFieldPath: 'metadata.name',
        toFieldPath: 'spec.forProvider.passwordSecretRef.name',
        transforms: [{ type: 'string', string: { type: 'Format', fmt: '%s-master-password' } }],
      },
      { type: 'FromCompositeFieldPath', fromFieldPath: 'spec.parameters.passwordSecretRef.name', toFieldPath: 'spec.forProvider.passwordSecretRef.name', policy: { fromFieldPath: 'Optional' } },
      { type: 'FromCompositeFieldPath', fromFieldPath: 'spec.parameters.passwordSecretRef.key', toFieldPath: 'spec.forProvider.passwordSecretRef.key', policy: { fromFieldPath: 'Optional' } },
      ...(env.production
        ? [
            {
              type: 'FromCompositeFieldPath' as const,
              fromFieldPath: 'metadata.name',
              toFieldPath: 'spec.forProvider.finalSnapshotIdentifier',
              transforms: [{ type: 'string', string: { type: 'Format', fmt: '%s-final' } }],
            },
          ]
        : []),
      fromClusterMetadata('databaseSubnetGroupName', 'spec.forProvider.dbSubnetGroupName'),
      fromClusterMetadata('databaseSecurityGroupId', 'spec.forProvider.vpcSecurityGroupIds[0]'),
      ...ownershipPatches(),
    ],
  };
}

/** Props of {@link PostgreSQLInstance}. */
export interface PostgreSQLInstanceProps {
  /** The namespace (a team's). */
  readonly namespace: string;
  /** The team that owns it (for tags and the budget). */
  readonly team: { readonly name: string; readonly costCentre: string };
  /**
   * The size.
   * @default - the smallest size the environment allows
   */
  readonly size?: DatabaseSize;
  /** Allocated storage, in GB, within the environment's range. */
  readonly storageGB: number;
  /** The Secret that receives the connection details (endpoint, address, port, username, password). */
  readonly connectionSecretName: string;
  /**
   * A Secret in the same namespace holding the master password.
   * @default - generated by the provider
   */
  readonly passwordSecretRef?: { readonly name: string; readonly key: string };
}

/**
 * A team's database: a PostgreSQLInstance composite resource in its namespace,
 * checked against the environment's governance at synth, never pruned or
 * deleted by Argo CD, and counted against the team's budget.
 */
export class PostgreSQLInstance extends Construct {
  /** The composite's name. */
  public readonly name: string;
  /** Its monthly cost estimate in USD. */
  public readonly monthlyUsd: number;
  /** Its size (the default resolved). */
  public readonly size: DatabaseSize;
  /** The composite's `apiVersion`. */
  public readonly apiVersion = `${DATABASE_API_GROUP}/${DATABASE_API_VERSION}`;
  /** The composite's kind. */
  public readonly kind = 'PostgreSQLInstance';

  constructor(scope: Construct, id: string, props: PostgreSQLInstanceProps) {
    super(scope, id);
    const env = PlatformEnvironment.of(this).environment;
    const check = new PropChecker(this.node.path);
    const svc = env.services;
    const size = props.size ?? svc.databaseSizes[0];
    check.check(isDns1123Label(id), 'id', id, 'an RFC 1123 label');
    check.check(svc.databaseSizes.includes(size), 'size', props.size, `one of the sizes environment ${env.name} allows: ${svc.databaseSizes.join(', ')}`);
    check.check(
      Number.isInteger(props.storageGB) && props.storageGB >= svc.minStorageGB && props.storageGB <= svc.maxStorageGB,
      'storageGB',
      props.storageGB,
      `an integer from ${svc.minStorageGB} to ${svc.maxStorageGB} (environment ${env.name})`,
    );
    check.check(isDns1123Label(props.connectionSecretName, 253), 'connectionSecretName', props.connectionSecretName, 'a Secret name');
    if (props.passwordSecretRef) {
      check.check(isDns1123Label(props.passwordSecretRef.name, 253), 'passwordSecretRef.name', props.passwordSecretRef.name, 'a Secret name in the same namespace');
      check.check(isConfigKey(props.passwordSecretRef.key), 'passwordSecretRef.key', props.passwordSecretRef.key, 'a Secret key');
    }
    check.throwIfAny();
    this.name = id;
    this.size = size;
    this.monthlyUsd = databaseMonthlyUsd(size, props.storageGB, databaseMultiAz(env));
    new ApiObject(this, 'Resource', {
      apiVersion: this.apiVersion,
      kind: this.kind,
      metadata: {
        name: id,
        namespace: props.namespace,
        labels: { 'app.kubernetes.io/managed-by': 'paved', 'paved.dev/team': props.team.name, 'paved.dev/cost-centre': props.team.costCentre },
        annotations: { ...KEEP_ON_DELETE, [MONTHLY_COST_ANNOTATION]: this.monthlyUsd.toFixed(2) },
      },
      spec: {
        parameters: {
          size,
          storageGB: props.storageGB,
          ...(props.passwordSecretRef ? { passwordSecretRef: { namespace: props.namespace, ...props.passwordSecretRef } } : {}),
        },
        writeConnectionSecretToRef: { name: props.connectionSecretName },
      },
    });
  }
}
