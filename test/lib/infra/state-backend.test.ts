import { stateKey, useStateBackend } from '../../../lib/infra/state-backend';
import { INFRA_ORG_PROPS, orgAndEnv, testStack } from './infra-util';

describe('useStateBackend', () => {
  test("keeps each environment's state under its own key in the org's bucket, encrypted and locked", () => {
    const { org, env } = orgAndEnv('prod');
    const { stack, synth } = testStack();
    useStateBackend(stack, org.terraformState, env);
    expect(synth().terraform.backend).toEqual({
      s3: { bucket: 'test-tfstate', key: 'environments/prod/terraform.tfstate', region: 'eu-west-1', encrypt: true, dynamodb_table: 'test-tflock' },
    });
    expect(stateKey(org.environment('staging'))).not.toBe(stateKey(env));
  });

  test("encrypts the state with the org's KMS key when it names one", () => {
    const { org, env } = orgAndEnv('staging', { ...INFRA_ORG_PROPS, terraformState: { ...INFRA_ORG_PROPS.terraformState, kmsKeyId: 'alias/tfstate' } });
    const { stack, synth } = testStack();
    useStateBackend(stack, org.terraformState, env);
    expect(synth().terraform.backend.s3).toMatchObject({ encrypt: true, kms_key_id: 'alias/tfstate' });
  });
});
