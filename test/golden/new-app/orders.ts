import { AppConstruct, AppDefinition } from '../../../lib';

/**
 * orders, an app of team payments: Keeps orders: what was bought, by whom, and where it ships.
 * Its code lives in https://github.com/acme/orders.
 */
const app: AppDefinition = (scope) => {
  // an environment that runs images by digest only (its image policy) runs orders once a build is pinned:
  // set image to 'registry.example.com/orders:<tag>@sha256:<the build's digest>' and remove this line
  if (scope.environment.images.requireDigest) return;
  const production = scope.environment.production;
  // production serves the domain itself; other environments insert their name after the first label
  const domain = 'orders.payments.example.com';
  new AppConstruct(scope, 'orders', {
    team: scope.team,
    image: 'registry.example.com/orders:0.1.0',
    port: 8080,
    domain: production ? domain : domain.replace('.', `.${scope.environment.name}.`),
    env: { PORT: '8080' },
    replicas: production ? 2 : 1,
    database: { storageGB: 20 },
    description: "Keeps orders: what was bought, by whom, and where it ships.",
    repository: 'https://github.com/acme/orders',
    tags: ['service'],
  });
};

export default app;
