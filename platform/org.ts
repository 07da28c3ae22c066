import { Org } from '../lib';

/**
 * The example organisation: two environments, each its own EKS cluster, and
 * three teams: two define their apps in this repository (apps/), one in its own
 * (examples/team-repo). Onboarding a team or adding an environment is one entry here.
 */
export const org = new Org({
  name: 'acme',
  environments: [
    { name: 'staging', awsAccountId: '111111111111', awsRegion: 'eu-west-1' },
    { name: 'prod', awsAccountId: '222222222222', awsRegion: 'eu-west-1' },
  ],
  teams: [
    {
      name: 'payments',
      ownerGroup: 'payments-engineers',
      zone: 'payments.example.com',
      secretPrefix: 'teams/payments/',
      description: 'Takes the money: checkout, payment methods and refunds.',
    },
    {
      name: 'search',
      ownerGroup: 'search-engineers',
      zone: 'search.example.com',
      secretPrefix: 'teams/search/',
      description: 'Finds things: the search API and the indexer behind it.',
    },
    {
      name: 'mobile',
      ownerGroup: 'mobile-engineers',
      zone: 'mobile.example.com',
      secretPrefix: 'teams/mobile/',
      description: 'The backend of the mobile apps; its apps live in its own repository (examples/team-repo).',
      appsRepository: 'https://github.com/acme/mobile-apps.git',
    },
  ],
});
