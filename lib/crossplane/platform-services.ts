import { Construct } from 'constructs';
import { CrossplaneAwsSetup, type CrossplaneAwsSetupProps } from './aws-provider';
import { ClusterMetadataConfig } from './cluster-metadata-config';
import { ObjectBucketAbstraction } from './object-bucket';
import { PostgreSQLInstanceAbstraction } from './postgresql';

/** Props of {@link PlatformServices}. */
export interface PlatformServicesProps extends CrossplaneAwsSetupProps {}

/**
 * The self-service infrastructure of one environment: Crossplane's AWS
 * providers and functions, the cluster metadata as an EnvironmentConfig, and
 * the platform's abstractions (PostgreSQLInstance, ObjectBucket).
 */
export class PlatformServices extends Construct {
  constructor(scope: Construct, id: string, props: PlatformServicesProps) {
    super(scope, id);
    new CrossplaneAwsSetup(this, 'Aws', props);
    new ClusterMetadataConfig(this, 'ClusterMetadata');
    new PostgreSQLInstanceAbstraction(this, 'PostgreSQL');
    new ObjectBucketAbstraction(this, 'ObjectBucket');
  }
}
