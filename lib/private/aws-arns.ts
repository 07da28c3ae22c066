/**
 * AWS partitions and ARNs derived from an environment's region and account.
 * @internal
 */

/** The partition of a region: `aws`, `aws-us-gov`, `aws-cn` or `aws-iso*`. */
export function partitionOf(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

/** An ARN of a regional service in one account. */
export function regionalArn(region: string, account: string, service: string, resource: string): string {
  return `arn:${partitionOf(region)}:${service}:${region}:${account}:${resource}`;
}

/** The ARN of an AWS managed IAM policy, e.g. `AmazonEKSClusterPolicy`. */
export function managedPolicyArn(region: string, name: string): string {
  return `arn:${partitionOf(region)}:iam::aws:policy/${name}`;
}

/** The longest IAM role name AWS accepts. */
export const IAM_ROLE_NAME_MAX = 64;
