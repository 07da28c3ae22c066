import { AppConstruct, AppDefinition } from '../../lib';

/** The indexer: internal only, with credentials for the document store. */
export const indexer: AppDefinition = (scope) =>
  new AppConstruct(scope, 'indexer', {
    team: scope.team,
    image: 'registry.example.com/search/indexer:0.9.4@sha256:bd06afa3b6291da734f6e9689354f76bfe6d8396288b9238184fc8122d6604f1',
    port: 9090,
    resources: { cpu: '250m', memory: '1Gi' },
    writablePaths: ['/tmp', '/var/cache/indexer'],
    // the full rebuild, every night; the service itself applies changes as they come
    cronJobs: [{ name: 'rebuild', schedule: '@daily', command: ['/indexer', 'rebuild'], concurrencyPolicy: 'Forbid', timeoutSeconds: 7200 }],
    description: 'Builds the search index from the document store; internal only.',
    tags: ['search', 'batch'],
    secrets: [
      { name: 'store-username', key: 'teams/search/document-store', property: 'username' },
      { name: 'store-password', key: 'teams/search/document-store', property: 'password' },
    ],
  });
