import { type Construct } from 'constructs';
import { AddOn, type AddOnProps } from './addon';

/** Props of {@link KubeVelaAddOn}. */
export interface KubeVelaAddOnProps extends AddOnProps {}

/**
 * KubeVela's core controller (vela-core), which installs the built-in
 * component and trait definitions the platform's apps use into `vela-system`.
 * Its certificate job patches the webhooks' CA, which Argo CD must leave alone.
 */
export class KubeVelaAddOn extends AddOn {
  constructor(scope: Construct, id: string, props: KubeVelaAddOnProps) {
    super(scope, id, {
      name: 'vela-core',
      namespace: 'vela-system',
      repoURL: 'https://kubevela.github.io/charts',
      chart: 'vela-core',
      version: props.version,
      values: {
        systemDefinitionNamespace: 'vela-system',
        applicationRevisionLimit: 5,
        admissionWebhooks: { enabled: true },
      },
      apiGroups: ['core.oam.dev', 'standard.oam.dev'],
      serverSideApply: false,
      ignoreDifferences: [
        { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
        { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
      ],
    });
  }
}
