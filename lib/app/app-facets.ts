import { bucketsFacet } from './facets/buckets';
import { catalogFacet } from './facets/catalog';
import { databaseFacet } from './facets/database';
import { dependenciesFacet } from './facets/dependencies';
import { envFacet } from './facets/env';
import type { Facet } from './facets/facet';
import { healthFacet } from './facets/health';
import { identityFacet } from './facets/identity';
import { imageFacet } from './facets/image';
import { monitoringFacet } from './facets/monitoring';
import { processesFacet } from './facets/processes';
import { resourcesFacet } from './facets/resources';
import { routeFacet } from './facets/route';
import { scalingFacet } from './facets/scaling';
import { securityFacet } from './facets/security';
import { secretsFacet } from './facets/secrets';
import { writablePathsFacet } from './facets/writable-paths';

/**
 * The facets of an app, in the order AppConstruct runs them: a facet's parts follow those of the facets before
 * it (its traits after theirs, its environment variables after theirs), and a facet reads what the facets before
 * it added (`ctx.parts`); problems are reported in this order too. A new facet is a file in `facets/` and a line
 * here.
 * @internal
 */
export const FACETS: readonly { readonly name: string; readonly facet: Facet }[] = [
  { name: 'identity', facet: identityFacet },
  { name: 'dependencies', facet: dependenciesFacet },
  { name: 'image', facet: imageFacet },
  { name: 'scaling', facet: scalingFacet },
  { name: 'resources', facet: resourcesFacet },
  { name: 'writable-paths', facet: writablePathsFacet },
  { name: 'security', facet: securityFacet },
  { name: 'health', facet: healthFacet },
  { name: 'route', facet: routeFacet },
  { name: 'env', facet: envFacet },
  { name: 'secrets', facet: secretsFacet },
  { name: 'catalog', facet: catalogFacet },
  { name: 'database', facet: databaseFacet },
  { name: 'buckets', facet: bucketsFacet },
  { name: 'monitoring', facet: monitoringFacet },
  // last: its processes share the environment every facet above set
  { name: 'processes', facet: processesFacet },
];
