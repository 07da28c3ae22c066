import { declareAddOn } from './declaration';

/**
 * External Secrets Operator. Its controller has no cloud identity of its own:
 * every team's SecretStore authenticates with that team's service account.
 * Its SecretStore CRDs are ~690 kB, so it syncs server-side; its cert
 * controller injects the webhook CA, which Argo CD must leave alone.
 */
export const EXTERNAL_SECRETS = declareAddOn({
  name: 'external-secrets',
  release: {
    project: 'external-secrets',
    repo: 'external-secrets/external-secrets',
    tag: 'v2.9.0',
    commit: '378bdb622ed9712ef4a58370f6a17af033b7d343',
    date: '2026-08-07',
    chart: {
      repoURL: 'https://charts.external-secrets.io',
      name: 'external-secrets',
      version: '2.9.0',
      appVersion: 'v2.9.0',
      // tag helm-chart-2.9.0
      valuesSchema: { commit: 'cc5bfbc2234ace9cb0caff4ea89c435cf517b27b', path: 'deploy/charts/external-secrets/values.schema.json' },
    },
    newestStableTag: 'v2.9.0',
    support: { policy: 'only the newest minor release gets patches', source: 'https://external-secrets.io/latest/introduction/stability-support/', newestMinors: 1 },
  },
  application: {
    namespace: 'external-secrets',
    apiGroups: ['external-secrets.io', 'generators.external-secrets.io'],
    serverSideApply: true,
    ignoreDifferences: [
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', jqPathExpressions: ['.spec.conversion.webhook.clientConfig.caBundle'] },
    ],
    values: () => ({
      installCRDs: true,
      serviceAccount: { create: true, automount: true },
      webhook: { create: true },
      certController: { create: true },
      processClusterExternalSecret: false,
      processClusterStore: false,
    }),
  },
});
