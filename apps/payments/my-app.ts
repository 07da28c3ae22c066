import { AppApiType, AppConstruct, AppDefinition, SecretMetadataPolicy } from '../../lib';

/** my-app's HTTP API, as its catalog entry publishes it. */
const OPENAPI = `openapi: 3.0.3
info:
  title: my-app
  version: 1.0.0
paths:
  /friends/me:
    get:
      summary: The caller's name and tags
      responses:
        '200':
          description: OK
`;

/** The platform's example app: a web service with a public route and three secrets. */
export const myApp: AppDefinition = (scope) =>
  new AppConstruct(scope, 'my-app', {
    team: scope.team,
    image: 'registry.example.com/payments/my-app:1.0.0@sha256:363211a2f6c801db191e06be52ef31bdba230d9ee99c6d08bf9666e7b317b3f4',
    port: 8080,
    domain: scope.environment.name === 'prod' ? 'my-app.payments.example.com' : `my-app.${scope.environment.name}.payments.example.com`,
    env: { LOG_LEVEL: scope.environment.name === 'prod' ? 'info' : 'debug' },
    secrets: [
      { name: 'my_name', key: 'teams/payments/friendslist', property: 'name.first' },
      // all tags of the source secret, as JSON
      { name: 'tags', key: 'teams/payments/database-credentials', metadataPolicy: SecretMetadataPolicy.FETCH },
      // one tag of the source secret
      { name: 'developer', key: 'teams/payments/database-credentials', property: 'dev', metadataPolicy: SecretMetadataPolicy.FETCH },
    ],
    secretRefreshInterval: '1m',
    database: { size: 'small', storageGB: scope.environment.production ? 50 : 20 },
    // the schema migrations run, and must succeed, before each new version rolls out
    release: { command: ['/app/my-app', 'migrate'] },
    description: "The platform's example app: says who you are, from a secret, with a database behind it.",
    tags: ['example', 'http'],
    links: [{ url: 'https://grafana.example.com/d/my-app', title: 'Dashboard', icon: 'dashboard' }],
    apis: [{ type: AppApiType.OPENAPI, definition: OPENAPI }],
  });
