import { AppConstruct, AppDefinition } from '../../lib';

/** The checkout service: public, scaled out in prod. */
export const checkout: AppDefinition = (scope) => {
  const prod = scope.environment.name === 'prod';
  new AppConstruct(scope, 'checkout', {
    team: scope.team,
    image: 'registry.example.com/payments/checkout:2.3.1',
    port: 8443,
    domain: prod ? 'checkout.payments.example.com' : 'checkout.staging.payments.example.com',
    replicas: prod ? 3 : 1,
    resources: prod ? { cpu: '500m', memory: '512Mi', cpuLimit: '1' } : { cpu: '100m', memory: '256Mi' },
    env: { PAYMENT_PROVIDER_URL: prod ? 'https://api.psp.example.net' : 'https://sandbox.psp.example.net' },
    secrets: [{ name: 'psp-api-key', key: 'teams/payments/checkout/psp', property: 'apiKey' }],
    runAsUser: 10001,
    buckets: [{ name: 'receipts', expectedSizeGB: prod ? 500 : 20 }],
    description: 'Takes payments for orders through the payment service provider, and keeps the receipts.',
    tags: ['payments', 'pci'],
    links: [{ url: 'https://runbooks.example.com/payments/checkout', title: 'Runbook', icon: 'docs' }],
  });
};
