/**
 * The AWS Regions of the commercial partition (`arn:aws:`), as AWS lists them
 * on 2026-12-01. paved derives ARNs in that partition, so GovCloud
 * (`arn:aws-us-gov:`), China (`arn:aws-cn:`) and the European Sovereign Cloud
 * are not offered. Add a Region here when AWS opens one.
 */
export const AWS_REGIONS: readonly string[] = Object.freeze([
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
]);

/** Whether a name is an AWS Region of the commercial partition. */
export function isAwsRegion(name: string): boolean {
  return AWS_REGIONS.includes(name);
}

/** Folder names paved itself uses at the top of the GitOps tree: no environment may take one. */
export const RESERVED_ENVIRONMENT_NAMES: readonly string[] = Object.freeze(['catalog', 'charts', 'platform', 'teams', 'templates']);
