import { type Construct } from 'constructs';
import { AddOn, type AddOnProps } from './addon';

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
    super(scope, id, {
      name: 'external-secrets',
      namespace: 'external-secrets',
      repoURL: 'https://charts.external-secrets.io',
      chart: 'external-secrets',
      version: props.version,
      values: {
        installCRDs: true,
        serviceAccount: { create: true, automount: true },
        webhook: { create: true },
        certController: { create: true },
        processClusterExternalSecret: false,
        processClusterStore: false,
      },
      apiGroups: ['external-secrets.io', 'generators.external-secrets.io'],
      serverSideApply: true,
      ignoreDifferences: [
        { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
        { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', jqPathExpressions: ['.spec.conversion.webhook.clientConfig.caBundle'] },
      ],
    });
  }
}
