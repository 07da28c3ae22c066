import { EXTERNAL_DNS_IDENTITY } from '../org/identities';
import { declareAddOn } from './declaration';

/**
 * external-dns: writes a Route 53 alias record for every route's host, to the
 * shared load balancer, in the hosted zones the cloud stack creates for this
 * environment (one per team: `Environment.zoneFor`). It reads Ingresses only,
 * owns what it writes through TXT records marked with the cluster's name, and
 * deletes only records it owns (`sync` policy); its IAM role may change the
 * environment's zones and nothing else.
 */
export const EXTERNAL_DNS = declareAddOn({
  name: 'external-dns',
  release: {
    // installed by its chart only (no CRD is read): the newest chart, 1.21.1, deploys v0.21.0 (no chart deploys v0.22.0 yet)
    project: 'external-dns',
    repo: 'kubernetes-sigs/external-dns',
    tag: 'v0.21.0',
    date: '2026-04-06',
    chart: {
      repoURL: 'https://kubernetes-sigs.github.io/external-dns',
      name: 'external-dns',
      version: '1.21.1',
      appVersion: '0.21.0',
      // tag external-dns-helm-chart-1.21.1
      valuesSchema: { commit: '9f26451346774099a8b3e3e5cc46a53bf2fd1461', path: 'charts/external-dns/values.schema.json' },
    },
    newestStableTag: 'v0.22.0',
  },
  application: {
    namespace: EXTERNAL_DNS_IDENTITY.namespace,
    values: ({ org, environment: env }) => ({
      provider: { name: 'aws' },
      env: [{ name: 'AWS_DEFAULT_REGION', value: env.awsRegion }],
      serviceAccount: {
        create: true,
        name: EXTERNAL_DNS_IDENTITY.name,
        annotations: { 'eks.amazonaws.com/role-arn': env.externalDnsRoleArn() },
      },
      sources: ['ingress'],
      domainFilters: org.zonesServedBy(env),
      policy: 'sync',
      registry: 'txt',
      txtOwnerId: env.clusterName,
      extraArgs: ['--aws-zone-type=public'],
    }),
  },
});
