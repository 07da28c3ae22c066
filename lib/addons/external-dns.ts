import type { Environment } from '../org/environment';
import { EXTERNAL_DNS_IDENTITY } from '../org/identities';
import { partitionOf } from '../private/aws-arns';
import type { PolicyStatement } from './cloud-rights';
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
  cloudRole: {
    id: 'external-dns',
    roleName: (env) => env.externalDnsRoleName(),
    serviceAccounts: [EXTERNAL_DNS_IDENTITY],
    statements: ({ environment, hostedZoneIds }) => externalDnsStatements(environment, hostedZoneIds),
    description: (env) => `external-dns of ${env.clusterName}: records of the environment's hosted zones`,
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

/** The ARN of a Route 53 hosted zone. */
export function hostedZoneArn(env: Environment, zoneId: string): string {
  return `arn:${partitionOf(env.awsRegion)}:route53:::hostedzone/${zoneId}`;
}

/**
 * What external-dns may do: change and list the records of the environment's
 * hosted zones, and list zones to find them; nothing else.
 */
export function externalDnsStatements(env: Environment, zoneIds: readonly string[]): PolicyStatement[] {
  const zones = zoneIds.map((id) => hostedZoneArn(env, id));
  return [
    { sid: 'ChangeRecordsOfTheEnvironmentsZones', actions: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources'], resources: zones },
    { sid: 'FindZones', actions: ['route53:ListHostedZones'], resources: ['*'] },
  ];
}
