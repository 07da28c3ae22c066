import { AppConstruct, AppDefinition } from '../../lib';

/** The checkout service: public, autoscaled in prod, with a receipt mailer and a nightly settlement. */
export const checkout: AppDefinition = (scope) => {
  const prod = scope.environment.name === 'prod';
  new AppConstruct(scope, 'checkout', {
    team: scope.team,
    // no image here: each environment runs the build its release record names (releases/payments/checkout/<env>.yaml,
    // written by paved release, promote and rollback)
    port: 8443,
    domain: prod ? 'checkout.payments.example.com' : 'checkout.staging.payments.example.com',
    // between 3 and 10 pods in prod, at 60 % of their CPU request
    ...(prod ? { autoscaling: { minReplicas: 3, maxReplicas: 10, cpuPercent: 60 } } : { replicas: 1 }),
    resources: prod ? { cpu: '500m', memory: '512Mi', cpuLimit: '1' } : { cpu: '100m', memory: '256Mi' },
    health: { readiness: { path: '/healthz/ready' }, liveness: { path: '/healthz/live', periodSeconds: 20 } },
    // scraped on its port; its request counter and duration histogram give the error-rate and latency alerts
    metrics: { path: '/metrics', requestsTotal: 'http_requests_total', durationSeconds: 'http_request_duration_seconds' },
    alerts: {
      perEnvironment: { prod: { errorRatePercent: 2, latencyP99Seconds: 0.8 } },
      custom: [
        {
          name: 'CheckoutPaymentsDeclinedSpike',
          severity: 'warning',
          for: '15m',
          expr: 'sum(rate(checkout_payments_total{result="declined"}[10m])) / sum(rate(checkout_payments_total[10m])) > 0.3',
          summary: "More than 30% of payments are declined: check the payment service provider's status page.",
        },
      ],
    },
    // product lookups in search's API (SEARCH_API_URL), which lets team payments call it
    calls: [{ team: 'search', app: 'search-api' }],
    workers: [{ name: 'receipt-mailer', command: ['/app/checkout', 'mail-receipts'], resources: { cpu: '100m', memory: '256Mi' } }],
    cronJobs: [{ name: 'settle', schedule: '30 2 * * *', timeZone: 'Europe/Dublin', command: ['/app/checkout', 'settle', '--day=yesterday'] }],
    env: { PAYMENT_PROVIDER_URL: prod ? 'https://api.psp.example.net' : 'https://sandbox.psp.example.net' },
    secrets: [{ name: 'psp-api-key', key: 'teams/payments/checkout/psp', property: 'apiKey' }],
    runAsUser: 10001,
    buckets: [{ name: 'receipts', expectedSizeGB: prod ? 500 : 20 }],
    description: 'Takes payments for orders through the payment service provider, and keeps the receipts.',
    tags: ['payments', 'pci'],
    links: [{ url: 'https://runbooks.example.com/payments/checkout', title: 'Runbook', icon: 'docs' }],
  });
};
