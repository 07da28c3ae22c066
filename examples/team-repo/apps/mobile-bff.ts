import { AppConstruct, AppDefinition } from '@acme/paved';

/** The backend for the mobile apps: public, with its API key from Secrets Manager. */
export const mobileBff: AppDefinition = (scope) => {
  const prod = scope.environment.name === 'prod';
  new AppConstruct(scope, 'mobile-bff', {
    team: scope.team,
    image: 'registry.example.com/mobile/bff:3.2.0@sha256:527d210cc5ffc139ba4a34ff24489e996a5ea0439c3379919fbc963ed4a5ced0',
    port: 8080,
    domain: prod ? 'api.mobile.example.com' : 'api.staging.mobile.example.com',
    replicas: prod ? 2 : 1,
    resources: { cpu: '200m', memory: '256Mi' },
    description: 'The backend for the mobile apps: one API shaped for the phone, in front of search and payments.',
    tags: ['mobile', 'http'],
    env: { UPSTREAM_SEARCH_URL: prod ? 'https://api.search.example.com' : 'https://api.staging.search.example.com' },
    // hands notifications to the push worker, inside the cluster (PUSH_WORKER_URL)
    calls: [{ app: 'push-worker' }],
    secrets: [{ name: 'push-api-key', key: 'teams/mobile/push', property: 'apiKey', envVar: 'PUSH_API_KEY' }],
  });
};
