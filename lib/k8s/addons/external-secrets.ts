import { type Construct } from 'constructs';
import { EXTERNAL_SECRETS } from '../../addons/external-secrets';
import { AddOn, type AddOnProps, addOnSpec } from './addon';

/** Props of {@link ExternalSecretsAddOn}. */
export interface ExternalSecretsAddOnProps extends AddOnProps {}

/**
 * External Secrets Operator. Its controller has no cloud identity of its own:
 * every team's SecretStore authenticates with that team's service account.
 * Its SecretStore CRDs are ~690 kB, so it syncs server-side; its cert
 * controller injects the webhook CA, which Argo CD must leave alone.
 */
export class ExternalSecretsAddOn extends AddOn {
  constructor(scope: Construct, id: string, props: ExternalSecretsAddOnProps) {
    super(scope, id, addOnSpec(scope, EXTERNAL_SECRETS, props.version));
  }
}
