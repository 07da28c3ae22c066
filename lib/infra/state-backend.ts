import type { TerraformStack } from 'cdktf';
import { S3Backend } from 'cdktf';
import type { Environment } from '../org/environment';
import type { TerraformStateProps } from '../org/org';

/** The state object of an environment in the org's state bucket. */
export function stateKey(environment: Environment): string {
  return `environments/${environment.name}/terraform.tfstate`;
}

/**
 * Keeps a stack's state in the org's S3 bucket under the environment's own key,
 * encrypted (with the org's KMS key when it names one) and locked with the
 * org's DynamoDB table, so two applies of one environment never overlap.
 */
export function useStateBackend(stack: TerraformStack, state: TerraformStateProps, environment: Environment): S3Backend {
  return new S3Backend(stack, {
    bucket: state.bucket,
    key: stateKey(environment),
    region: state.region,
    encrypt: true,
    dynamodbTable: state.lockTable,
    ...(state.kmsKeyId !== undefined ? { kmsKeyId: state.kmsKeyId } : {}),
  });
}
