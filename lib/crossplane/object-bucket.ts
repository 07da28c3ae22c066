import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { KEEP_ON_DELETE } from '../k8s/argocd-application';
import { PlatformEnvironment } from '../k8s/platform-environment';
import { isDns1123Label } from '../private/names';
import { PropChecker } from '../private/problems';
import { CompositeAbstraction } from './abstraction';
import { CLUSTER_ENVIRONMENT_CONFIG } from './cluster-metadata-config';
import { dataManagementPolicies, ownershipPatches } from './postgresql';
import { bucketMonthlyUsd } from '../org/pricing';
import { MONTHLY_COST_ANNOTATION } from '../org/claim-price';

/** The API group of the platform's storage abstraction. */
export const STORAGE_API_GROUP = 'storage.example.com';
/** Its version. */
export const STORAGE_API_VERSION = 'v1alpha1';

/** The S3 name of a team's bucket: globally unique, derived, at most 63 characters. */
export function bucketName(org: string, env: string, namespace: string, name: string): string {
  return `${org}-${env}-${namespace}-${name}`;
}

/**
 * The platform's object bucket abstraction in one environment: an S3 bucket
 * with every kind of public access blocked, default encryption (SSE-KMS) and
 * versioning on, tagged for its owner, never deleted by automation in production.
 */
export class ObjectBucketAbstraction extends CompositeAbstraction {
  constructor(scope: Construct, id: string) {
    const { environment: env, org } = PlatformEnvironment.of(scope);
    const bucketRef = { bucketSelector: { matchControllerRef: true } };
    const managed = (kind: string, forProvider: Record<string, unknown>) => ({
      apiVersion: 's3.aws.m.upbound.io/v1beta1',
      kind,
      spec: { forProvider: { region: env.awsRegion, ...bucketRef, ...forProvider }, providerConfigRef: { kind: 'ClusterProviderConfig', name: 'default' } },
    });
    super(scope, id, {
      group: STORAGE_API_GROUP,
      kind: 'ObjectBucket',
      plural: 'objectbuckets',
      version: STORAGE_API_VERSION,
      description: 'An S3 bucket: private, encrypted, versioned.',
      environmentConfig: CLUSTER_ENVIRONMENT_CONFIG,
      spec: {
        type: 'object',
        properties: {
          parameters: {
            type: 'object',
            properties: {
              expectedSizeGB: { type: 'integer', minimum: 1, maximum: 100000, default: 10, description: 'What the team expects to store: the budget estimate.' },
            },
          },
        },
      },
      resources: [
        {
          name: 'bucket',
          base: {
            apiVersion: 's3.aws.m.upbound.io/v1beta1',
            kind: 'Bucket',
            metadata: { annotations: { ...KEEP_ON_DELETE } },
            spec: {
              forProvider: { region: env.awsRegion, forceDestroy: false, tags: { 'paved.dev/managed-by': 'crossplane', 'paved.dev/environment': env.name } },
              managementPolicies: dataManagementPolicies(env),
              providerConfigRef: { kind: 'ClusterProviderConfig', name: 'default' },
            },
          },
          patches: [
            {
              type: 'CombineFromComposite',
              toFieldPath: 'metadata.annotations[crossplane.io/external-name]',
              combine: {
                variables: [{ fromFieldPath: 'metadata.namespace' }, { fromFieldPath: 'metadata.name' }],
                strategy: 'string',
                string: { fmt: `${bucketName(org.name, env.name, '%s', '%s')}` },
              },
            },
            ...ownershipPatches(),
          ],
        },
        { name: 'public-access-block', base: managed('BucketPublicAccessBlock', { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }), patches: [] },
        {
          name: 'encryption',
          base: managed('BucketServerSideEncryptionConfiguration', { rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true }] }),
          patches: [],
        },
        { name: 'versioning', base: managed('BucketVersioning', { versioningConfiguration: { status: 'Enabled' } }), patches: [] },
      ],
    });
  }
}

/** Props of {@link ObjectBucket}. */
export interface ObjectBucketProps {
  /** The namespace (a team's). */
  readonly namespace: string;
  /** The team that owns it. */
  readonly team: { readonly name: string; readonly costCentre: string };
  /**
   * What the team expects to store, in GB (for the budget).
   * @default 10
   */
  readonly expectedSizeGB?: number;
}

/** A team's bucket: an ObjectBucket composite resource in its namespace, counted against its budget. */
export class ObjectBucket extends Construct {
  /** The bucket's S3 name. */
  public readonly bucketName: string;
  /** Its monthly cost estimate in USD. */
  public readonly monthlyUsd: number;
  /** The composite's `apiVersion`. */
  public readonly apiVersion = `${STORAGE_API_GROUP}/${STORAGE_API_VERSION}`;
  /** The composite's kind. */
  public readonly kind = 'ObjectBucket';

  constructor(scope: Construct, id: string, props: ObjectBucketProps) {
    super(scope, id);
    const { environment: env, org } = PlatformEnvironment.of(this);
    const check = new PropChecker(this.node.path);
    const expected = props.expectedSizeGB ?? 10;
    this.bucketName = bucketName(org.name, env.name, props.namespace, id);
    check.check(isDns1123Label(id), 'id', id, 'an RFC 1123 label');
    check.check(this.bucketName.length <= 63, 'id', id, `a name short enough that the S3 bucket name "${this.bucketName}" fits 63 characters`);
    check.check(Number.isInteger(expected) && expected >= 1 && expected <= 100000, 'expectedSizeGB', props.expectedSizeGB, 'an integer from 1 to 100000');
    check.throwIfAny();
    this.monthlyUsd = bucketMonthlyUsd(expected);
    new ApiObject(this, 'Resource', {
      apiVersion: this.apiVersion,
      kind: this.kind,
      metadata: {
        name: id,
        namespace: props.namespace,
        labels: { 'app.kubernetes.io/managed-by': 'paved', 'paved.dev/team': props.team.name, 'paved.dev/cost-centre': props.team.costCentre },
        annotations: { ...KEEP_ON_DELETE, [MONTHLY_COST_ANNOTATION]: this.monthlyUsd.toFixed(2) },
      },
      spec: { parameters: { expectedSizeGB: expected } },
    });
  }
}
