import { AppConstruct, type AppDefinition, Org, type PlatformEnvironment, PlatformServices, buildGitOps } from '../../../lib';
import { ORG_PROPS, errorOf, minimalPlatform, teamScopes } from '../../util';

const VERSIONS = { providerVersion: 'v2.6.0', patchAndTransformVersion: 'v0.10.8', environmentConfigsVersion: 'v0.7.1' };

describe('limits are checked where the cluster would check them', () => {
  test('a container above the namespace LimitRange maximum, or below its minimum, is refused at synth, not by the API server later', () => {
    const { scope } = teamScopes();
    const message = errorOf(
      () =>
        new AppConstruct(scope('payments'), 'web', {
          team: scope('payments').team,
          image: 'web:1',
          port: 8080,
          resources: { cpu: '6', memory: '12Gi' },
          workers: [{ name: 'tiny', command: ['/app', 'tick'], resources: { cpu: '5m', memory: '8Mi' } }],
        }),
    );
    expect(message.split('\n')).toEqual([
      'staging/payments/web: resources.cpu = "6" is not allowed: from 10m to 4 (the team namespace\'s LimitRange: a container outside it is refused by the API server)',
      'staging/payments/web: resources.cpuLimit = "6" is not allowed: from 10m to 4 (the team namespace\'s LimitRange: a container outside it is refused by the API server)',
      'staging/payments/web: resources.memory = "12Gi" is not allowed: from 16Mi to 8Gi (the team namespace\'s LimitRange: a container outside it is refused by the API server)',
      'staging/payments/web: resources.memoryLimit = "12Gi" is not allowed: from 16Mi to 8Gi (the team namespace\'s LimitRange: a container outside it is refused by the API server)',
      'staging/payments/web: workers[0].resources.cpu = "5m" is not allowed: from 10m to 4 (the team namespace\'s LimitRange: a container outside it is refused by the API server)',
      'staging/payments/web: workers[0].resources.cpuLimit = "5m" is not allowed: from 10m to 4 (the team namespace\'s LimitRange: a container outside it is refused by the API server)',
      'staging/payments/web: workers[0].resources.memory = "8Mi" is not allowed: from 16Mi to 8Gi (the team namespace\'s LimitRange: a container outside it is refused by the API server)',
      'staging/payments/web: workers[0].resources.memoryLimit = "8Mi" is not allowed: from 16Mi to 8Gi (the team namespace\'s LimitRange: a container outside it is refused by the API server)',
    ]);
  });

  test('the limits at the LimitRange bounds are accepted', () => {
    const { scope } = teamScopes();
    expect(
      () => new AppConstruct(scope('payments'), 'web', { team: scope('payments').team, image: 'web:1', port: 8080, resources: { cpu: '10m', memory: '16Mi', cpuLimit: '4', memoryLimit: '8Gi' } }),
    ).not.toThrow();
  });

  test('a team within its budget in each environment but over it in all of them together is refused', () => {
    const org = new Org({ ...ORG_PROPS, teams: [{ ...ORG_PROPS.teams[0], monthlyBudgetUsd: 30 }, ORG_PROPS.teams[1]] });
    const bucket: AppDefinition = (s) => new AppConstruct(s, 'orders', { team: s.team, image: 'o:1', port: 80, buckets: [{ name: 'invoices', expectedSizeGB: 1000 }] });
    const platform = (env: PlatformEnvironment) => {
      minimalPlatform(env);
      new PlatformServices(env, 'Services', VERSIONS);
    };
    const build = buildGitOps({ org, apps: [{ team: 'payments', apps: [bucket] }], platform });
    expect(build.errors).toEqual([
      'org: teams[0].monthlyBudgetUsd = 30 is not allowed: at least the estimated monthly cost of what team payments asks for across its environments, 46.00 USD (staging 23.00, prod 23.00; costliest: prod payments/orders-invoices (ObjectBucket) 23.00, staging payments/orders-invoices (ObjectBucket) 23.00), or fewer or smaller resources',
    ]);
    // one environment alone fits
    expect(buildGitOps({ org, apps: [{ team: 'payments', apps: [bucket] }], platform, environments: ['prod'] }).errors).toEqual([]);
  });
});
