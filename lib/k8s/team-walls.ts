import type { Construct } from 'constructs';
import { IntOrString, KubeLimitRange, KubeNetworkPolicy, KubeServiceAccount, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import { SecretStore, SecretStoreSpecProviderAwsService } from '../../imports/eso-secretstore-external-secrets.io';
import type { Environment } from '../org/environment';
import type { Team } from '../org/team';
import { cidrsOverlap, parseCidr } from '../private/cidr';
import { commonLabels } from './labels';
import { TEAM_CONTAINER_LIMITS } from './team-quota';

/**
 * The walls every namespace of a team gets, its own and its previews' (one
 * definition, so a preview is never walled less than the team's namespace).
 */

/** The metadata of one object of a namespace's walls, by name (namespace, labels and annotations as the caller places them). */
export type WallMeta = (name: string) => { name: string; namespace?: string; labels: Record<string, string>; annotations?: Record<string, string> };

/** The NetworkPolicy that lets the shared load balancer reach the namespace's pods. */
export const ALLOW_LOAD_BALANCER_POLICY = 'allow-load-balancer';

/** The SecretStore of a team's namespace. */
export const TEAM_SECRET_STORE_NAME = 'aws-secretsmanager';

/** The service account whose IRSA role reads the team's secrets. */
export const TEAM_SECRETS_SERVICE_ACCOUNT = 'external-secrets';

/** The labels of every namespace of a team, its own and its previews': the team's, Pod Security "restricted" enforced (audited, warned). */
export function teamNamespaceLabels(team: Team): Record<string, string> {
  return {
    ...commonLabels(team),
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/enforce-version': 'latest',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/warn': 'restricted',
    // the load balancer controller adds a readiness gate to the pods: a rollout waits until the load balancer sends to the new ones
    'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled',
  };
}

/** The team's LimitRange: each container's default requests and limits, and their bounds. */
export function addLimitRange(scope: Construct, meta: WallMeta): void {
  const q = (v: { cpu: string; memory: string }) => ({ cpu: Quantity.fromString(v.cpu), memory: Quantity.fromString(v.memory) });
  new KubeLimitRange(scope, 'LimitRange', {
    metadata: meta('team-limits'),
    spec: {
      limits: [
        {
          type: 'Container',
          defaultRequest: q(TEAM_CONTAINER_LIMITS.defaultRequest),
          default: q(TEAM_CONTAINER_LIMITS.default),
          min: q(TEAM_CONTAINER_LIMITS.min),
          max: q(TEAM_CONTAINER_LIMITS.max),
        },
      ],
    },
  });
}

/**
 * The network: deny by default, then what a tenant needs: the shared load
 * balancer in, DNS out, and the team's declared egress (never the cluster's
 * own VPC through a wider block).
 */
export function addNetworkWalls(scope: Construct, team: Team, env: Environment, meta: WallMeta): void {
  new KubeNetworkPolicy(scope, 'DefaultDeny', { metadata: meta('default-deny'), spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });
  // the shared load balancer sends to pod IPs (target type ip) from its nodes in the public subnets
  new KubeNetworkPolicy(scope, 'AllowLoadBalancer', {
    metadata: meta(ALLOW_LOAD_BALANCER_POLICY),
    spec: {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: env.loadBalancerCidrs().map((cidr) => ({ ipBlock: { cidr } })) }],
    },
  });
  new KubeNetworkPolicy(scope, 'AllowDns', {
    metadata: meta('allow-dns'),
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [
            { protocol: 'UDP', port: IntOrString.fromNumber(53) },
            { protocol: 'TCP', port: IntOrString.fromNumber(53) },
          ],
        },
      ],
    },
  });
  if (team.egress.length === 0) return;
  const vpc = parseCidr(env.vpcCidr);
  new KubeNetworkPolicy(scope, 'AllowDeclaredEgress', {
    metadata: meta('allow-declared-egress'),
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: team.egress.map((rule) => ({
        to: rule.cidrs.map((cidr) => {
          const block = parseCidr(cidr);
          const exceptVpc = vpc && block && cidrsOverlap(vpc, block) && block.prefix < vpc.prefix;
          return { ipBlock: { cidr, ...(exceptVpc ? { except: [env.vpcCidr] } : {}) } };
        }),
        ports: rule.ports.map((port) => ({ protocol: rule.protocol ?? 'TCP', port: IntOrString.fromNumber(port) })),
      })),
    },
  });
}

/** The team's secrets in a namespace: its own identity (the team's IRSA role) and store. */
export function addSecretStore(scope: Construct, team: Team, env: Environment, meta: WallMeta): void {
  const account = meta(TEAM_SECRETS_SERVICE_ACCOUNT);
  new KubeServiceAccount(scope, 'SecretsServiceAccount', {
    metadata: { ...account, annotations: { ...account.annotations, 'eks.amazonaws.com/role-arn': env.teamSecretsRoleArn(team) } },
    automountServiceAccountToken: false,
  });
  new SecretStore(scope, 'SecretStore', {
    metadata: meta(TEAM_SECRET_STORE_NAME),
    spec: {
      provider: {
        aws: {
          service: SecretStoreSpecProviderAwsService.SECRETS_MANAGER,
          region: env.awsRegion,
          auth: { jwt: { serviceAccountRef: { name: TEAM_SECRETS_SERVICE_ACCOUNT } } },
        },
      },
    },
  });
}
