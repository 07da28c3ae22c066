/**
 * The example platform's definition, read by `paved synth` (see "paved" in
 * package.json): the org, the platform's add-ons per environment, and every
 * team's apps. Run directly, it synthesizes `gitops/` like `paved synth`.
 */
import {
  ArgoCdAddOn, AwsLoadBalancerControllerAddOn, CrossplaneAddOn, ExternalDnsAddOn, ExternalSecretsAddOn, KubeVelaAddOn, PlatformDefinition,
  MetricsServerAddOn, PlatformDefinitions, PlatformEnvironment, PlatformServices, PublicIngressClass,
} from '../lib';
import { apps } from '../apps';
import { org } from './org';
import { addOnVersion } from './versions';

/** The platform's own part of an environment: its add-ons, pinned by the version table. */
function platform(env: PlatformEnvironment): void {
  const name = env.environment.name;
  new ArgoCdAddOn(env, 'ArgoCd', {
    version: addOnVersion('argocd', name),
    adminGroups: ['platform-admins'],
    // teams may keep Applications in their own namespaces; their projects' sourceNamespaces bind them
    applicationNamespaces: org.teams.flatMap((t) => t.namespaces),
  });
  new ExternalSecretsAddOn(env, 'ExternalSecrets', { version: addOnVersion('external-secrets', name) });
  new CrossplaneAddOn(env, 'Crossplane', { version: addOnVersion('crossplane', name) });
  new KubeVelaAddOn(env, 'KubeVela', { version: addOnVersion('vela-core', name) });
  // the platform's own KubeVela definitions (disruption budgets, graceful shutdown) and the autoscalers' metrics
  new PlatformDefinitions(env, 'Definitions');
  new MetricsServerAddOn(env, 'MetricsServer', { version: addOnVersion('metrics-server', name) });
  // traffic: the shared load balancer for every app's route, and DNS records for their hosts
  new AwsLoadBalancerControllerAddOn(env, 'LoadBalancerController', { version: addOnVersion('aws-load-balancer-controller', name) });
  new PublicIngressClass(env, 'PublicIngressClass');
  new ExternalDnsAddOn(env, 'ExternalDns', { version: addOnVersion('external-dns', name) });
  new PlatformServices(env, 'Services', {
    providerVersion: addOnVersion('provider-aws', name),
    patchAndTransformVersion: addOnVersion('function-patch-and-transform', name),
    environmentConfigsVersion: addOnVersion('function-environment-configs', name),
  });
}

/** The org, its platform, its apps, and how its Backstage catalog and templates are made. */
export const definition: PlatformDefinition = {
  org,
  apps,
  platform,
  // app definitions here import paved from this repository's lib/ (a platform repository that depends on the package imports 'paved')
  portal: { appsFolder: 'apps', appImport: '../../lib', platformTeam: { name: 'platform', ownerGroup: 'platform-admins' } },
};

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require('../lib/cli/main') as typeof import('../lib/cli/main');
  main(['synth', ...process.argv.slice(2)]).then((code) => {
    process.exitCode = code;
  });
}
