import { VELA_SYSTEM_NAMESPACE } from '../definitions/namespace';
import { declareAddOn } from './declaration';

/**
 * The user KubeVela applies an Application as when it records none (one
 * created before authentication was on): a name nothing is bound to, so such
 * an Application applies nothing until its owner's deployer applies it again.
 */
export const KUBEVELA_DEFAULT_USER = 'kubevela:vela-core';

/**
 * KubeVela's values for authentication and authorization: every Application
 * is applied as the user who applied it (for a team's, the team's deployer),
 * and may use only the definitions that user may `get`.
 */
export const KUBEVELA_AUTH_VALUES = {
  // the controller impersonates, for everything an Application renders, the user its webhook recorded;
  // its chart then binds it to its own ClusterRole instead of cluster-admin
  authentication: { enabled: true, withUser: true, defaultUser: KUBEVELA_DEFAULT_USER, groupPattern: 'kubevela:*' },
  // the webhook refuses an Application that names a definition its user may not `get` (feature gate ValidateDefinitionPermissions)
  authorization: { definitionValidationEnabled: true },
} as const;

/**
 * KubeVela's core controller (vela-core), which installs the built-in
 * component and trait definitions the platform's apps use into `vela-system`.
 * Its certificate job patches the webhooks' CA, which Argo CD must leave
 * alone. It brings the team definitions' Role and the applying user's
 * admission policy: built by `KubeVelaAddOn` (lib/k8s/addons/kubevela.ts).
 */
export const KUBEVELA = declareAddOn({
  name: 'vela-core',
  release: {
    project: 'kubevela',
    repo: 'kubevela/kubevela',
    tag: 'v1.10.9',
    commit: '65dedda40a69cc1eccf4072a4c835e5b9f13334e',
    date: '2026-06-25',
    chart: { repoURL: 'https://kubevela.github.io/charts', name: 'vela-core', version: '1.10.9', appVersion: '1.10.9' },
    newestStableTag: 'v1.10.9',
  },
  application: {
    namespace: VELA_SYSTEM_NAMESPACE,
    apiGroups: ['core.oam.dev', 'standard.oam.dev'],
    ignoreDifferences: [
      { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
    ],
    values: () => ({
      systemDefinitionNamespace: VELA_SYSTEM_NAMESPACE,
      applicationRevisionLimit: 5,
      admissionWebhooks: { enabled: true },
      ...KUBEVELA_AUTH_VALUES,
      // no ComponentRevisions (the chart's default, pinned): the deployer is given no ControllerRevisions to write
      optimize: { disableComponentRevision: true },
    }),
  },
});
