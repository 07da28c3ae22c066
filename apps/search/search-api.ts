import { AppApiType, AppConstruct, AppDefinition } from '../../lib';

/** The public search API's contract. */
const OPENAPI = `openapi: 3.0.3
info:
  title: search-api
  version: 2.0.0
paths:
  /search:
    get:
      summary: Search the index
      parameters:
        - name: q
          in: query
          required: true
          schema:
            type: string
      responses:
        '200':
          description: The matching documents, best first
`;

/** The public search API. */
export const searchApi: AppDefinition = (scope) =>
  new AppConstruct(scope, 'search-api', {
    team: scope.team,
    image: 'registry.example.com/search/api@sha256:3b6f1ad0a5c0b7e4f9d2c8a1e5b7d3f0c2a4e6b8d0f2a4c6e8b0d2f4a6c8e0b2',
    port: 8080,
    domain: scope.environment.name === 'prod' ? 'api.search.example.com' : 'api.staging.search.example.com',
    replicas: scope.environment.name === 'prod' ? 2 : 1,
    metrics: { requestsTotal: 'http_server_requests_total', statusCodeLabel: 'status' },
    // the indexer answers its queries (INDEXER_URL); payments' checkout may call it too
    calls: [{ app: 'indexer' }],
    callableBy: ['payments'],
    description: 'The public search API: queries the index the indexer builds.',
    tags: ['search', 'http'],
    apis: [{ name: 'search', type: AppApiType.OPENAPI, definition: OPENAPI, description: 'Full-text search over the product catalogue.' }],
  });
