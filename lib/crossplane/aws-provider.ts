import { Construct } from 'constructs';
import { ClusterProviderConfig, ClusterProviderConfigSpecCredentialsSource } from '../../imports/aws-clusterproviderconfig-aws.m.upbound.io';
import { Function as CrossplaneFunction } from '../../imports/crossplane-function-pkg.crossplane.io';
import { Provider } from '../../imports/crossplane-provider-pkg.crossplane.io';
import { DeploymentRuntimeConfig } from '../../imports/crossplane-runtimeconfig-pkg.crossplane.io';
import { PlatformEnvironment } from '../k8s/platform-environment';
import { CROSSPLANE_AWS_SERVICES, type CrossplaneAwsService, crossplaneProviderServiceAccount } from '../org/identities';
import { placeIn } from '../private/placement';
import { COMPOSITION_FUNCTIONS } from './abstraction';

/**
 * The registry and organisation of the Crossplane packages paved installs: the
 * community builds of crossplane-contrib, published for every release (the
 * commercial xpkg.upbound.io/upbound builds of the same providers keep only
 * their newest version pullable without a subscription).
 */
export const CROSSPLANE_CONTRIB_REGISTRY = 'xpkg.crossplane.io/crossplane-contrib';

/** The runtime config that binds a provider to the environment's IAM role. */
export function awsRuntimeConfigName(service: CrossplaneAwsService): string {
  return `aws-irsa-${service}`;
}

/** Props of {@link CrossplaneAwsSetup}. */
export interface CrossplaneAwsSetupProps {
  /** The AWS provider family's version (e.g. `v2.6.0`): the RDS and S3 providers. */
  readonly providerVersion: string;
  /** function-patch-and-transform's version. */
  readonly patchAndTransformVersion: string;
  /** function-environment-configs' version. */
  readonly environmentConfigsVersion: string;
}

const SKIP_DRY_RUN = { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' };
const wave = (n: number) => ({ 'argocd.argoproj.io/sync-wave': String(n) });

/**
 * Crossplane's AWS side in one environment: the RDS and S3 providers and the
 * composition functions, pinned by version; a DeploymentRuntimeConfig that runs
 * the providers as the service account the environment's IAM role trusts
 * (IRSA); and the `default` ClusterProviderConfig that uses it — no static
 * credentials anywhere.
 */
export class CrossplaneAwsSetup extends Construct {
  constructor(scope: Construct, id: string, props: CrossplaneAwsSetupProps) {
    super(scope, id);
    const env = PlatformEnvironment.of(this).environment;
    placeIn(this, 'platform/config/crossplane');
    const labels = { 'app.kubernetes.io/managed-by': 'paved' };

    for (const service of CROSSPLANE_AWS_SERVICES) {
      // one runtime config per provider: each runs as its own service account, named in the role's trust policy
      new DeploymentRuntimeConfig(this, `RuntimeConfig-${service}`, {
        metadata: { name: awsRuntimeConfigName(service), labels, annotations: wave(0) },
        spec: {
          serviceAccountTemplate: {
            metadata: { name: crossplaneProviderServiceAccount(service), annotations: { 'eks.amazonaws.com/role-arn': env.crossplaneRoleArn() } },
          },
        },
      });
      new Provider(this, `Provider-${service}`, {
        metadata: { name: `provider-aws-${service}`, labels, annotations: wave(0) },
        spec: {
          package: `${CROSSPLANE_CONTRIB_REGISTRY}/provider-aws-${service}:${props.providerVersion}`,
          runtimeConfigRef: { name: awsRuntimeConfigName(service) },
        },
      });
    }
    const functions: [string, string][] = [
      [COMPOSITION_FUNCTIONS.patchAndTransform, props.patchAndTransformVersion],
      [COMPOSITION_FUNCTIONS.environmentConfigs, props.environmentConfigsVersion],
    ];
    for (const [name, version] of functions) {
      new CrossplaneFunction(this, name, {
        metadata: { name, labels, annotations: wave(0) },
        spec: { package: `${CROSSPLANE_CONTRIB_REGISTRY}/${name}:${version}` },
      });
    }
    new ClusterProviderConfig(this, 'ProviderConfig', {
      metadata: { name: 'default', labels, annotations: { ...wave(1), ...SKIP_DRY_RUN } },
      spec: { credentials: { source: ClusterProviderConfigSpecCredentialsSource.IRSA } },
    });
  }
}
