// the org module alone: the cloud side's entry point reads this file without loading the Kubernetes constructs
import { Org } from '../lib/org/org';

/**
 * The example organisation: two environments, each its own EKS cluster, and
 * three teams: two define their apps in this repository (apps/), one in its own
 * (examples/team-repo). Onboarding a team or adding an environment is one entry here.
 */
export const org = new Org({
  name: 'acme',
  // pull requests merge into main (the source); Argo CD follows only the branch paved publish writes there once every
  // check passed on main (docs/ci.md): nothing in a cluster follows main
  gitops: {
    repoURL: 'https://github.com/acme/platform.git',
    revision: 'main',
    path: 'gitops',
    credentialsSecret: 'platform/gitops-repository',
    publish: { branch: 'published' },
  },
  terraformState: { bucket: 'acme-platform-tfstate', lockTable: 'acme-platform-tflock', region: 'eu-west-1' },
  platformAdminRoleArns: ['arn:aws:iam::000000000000:role/platform-admins'],
  // every environment pulls from the org's own registry; production runs only what was built and reviewed (by digest)
  images: { registries: ['registry.example.com'] },
  // what CI may pass to app definitions (process.env.IMAGE_TAG): they run with these variables and no other (docs/ci.md)
  definitionEnvironment: ['IMAGE_TAG'],
  environments: [
    {
      name: 'staging',
      awsAccountId: '111111111111',
      awsRegion: 'eu-west-1',
      vpcCidr: '10.10.0.0/16',
      availabilityZones: 2,
      nodeGroups: [{ name: 'general', instanceTypes: ['m7i.large'], minSize: 2, maxSize: 4 }],
      // a pull request labelled "preview" runs, per team, in a namespace of its own here for 48 hours (README, Previews)
      previews: { label: 'preview', hours: 48 },
    },
    {
      name: 'prod',
      awsAccountId: '222222222222',
      awsRegion: 'eu-west-1',
      vpcCidr: '10.20.0.0/16',
      availabilityZones: 3,
      publicEndpointCidrs: ['203.0.113.0/24'],
      images: { requireDigest: true },
      // a build enters prod after a day in staging (paved promote), and its records need the release managers' review
      promotion: { soakHours: 24, approvers: ['@acme/release-managers'] },
      nodeGroups: [{ name: 'general', instanceTypes: ['m7i.xlarge', 'm6i.xlarge'], minSize: 3, maxSize: 9, desiredSize: 3, diskSizeGiB: 100 }],
    },
  ],
  teams: [
    {
      name: 'payments',
      ownerGroup: 'payments-engineers',
      zone: 'payments.example.com',
      secretPrefix: 'teams/payments/',
      description: 'Takes the money: checkout, payment methods and refunds.',
      namespaces: ['payments', 'payments-ledger'],
      quotas: { prod: { requestsCpu: '8', requestsMemory: '16Gi', limitsCpu: '16', limitsMemory: '32Gi', pods: 100 } },
      egress: [{ description: "the payment service provider's API", cidrs: ['198.51.100.0/24'], ports: [443] }],
      permissions: [
        { permission: 'port-forward', environments: ['staging'] },
        { permission: 'delete-pods', environments: ['staging', 'prod'] },
      ],
      monthlyBudgetUsd: 1500,
      // warnings (and anything outside prod) in Slack; critical alerts in prod page the on-call
      alerting: {
        receivers: [
          { name: 'slack', slack: { channel: '#payments-alerts', webhookSecret: 'teams/payments/alerting/slack-webhook' } },
          { name: 'oncall', pagerDuty: { routingKeySecret: 'teams/payments/alerting/pagerduty-routing-key' } },
        ],
      },
    },
    {
      name: 'search',
      ownerGroup: 'search-engineers',
      zone: 'search.example.com',
      secretPrefix: 'teams/search/',
      description: 'Finds things: the search API and the indexer behind it.',
      permissions: [{ permission: 'exec', environments: ['staging'] }],
      monthlyBudgetUsd: 800,
      alerting: { receivers: [{ name: 'slack', slack: { channel: '#search-alerts', webhookSecret: 'teams/search/alerting/slack-webhook' } }] },
    },
    {
      name: 'mobile',
      ownerGroup: 'mobile-engineers',
      zone: 'mobile.example.com',
      secretPrefix: 'teams/mobile/',
      description: 'The backend of the mobile apps; its apps live in its own repository (examples/team-repo).',
      appsRepository: 'https://github.com/acme/mobile-apps.git',
      egress: [{ description: 'push notification services and the public APIs it calls', cidrs: ['0.0.0.0/0'], ports: [443] }],
      monthlyBudgetUsd: 400,
    },
  ],
});
