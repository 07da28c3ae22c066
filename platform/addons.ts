/**
 * The example platform's add-ons: what every environment's cluster runs,
 * pinned by the version table (platform/versions.ts). Used by the example
 * platform's definition (platform/k8s.ts) and by the scale benchmark.
 */
import {
  addDeclaredAddOns,
  ArgoCdAddOn,
  AwsLoadBalancerControllerAddOn,
  CrossplaneAddOn,
  ExternalDnsAddOn,
  ExternalSecretsAddOn,
  KubeVelaAddOn,
  MetricsServerAddOn,
  MonitoringAddOn,
  PlatformDefinitions,
  type PlatformEnvironment,
  PlatformServices,
  PublicIngressClass,
} from '../lib';
import { type AddOnName, addOnVersion } from './versions';

/** The platform's own part of an environment: its add-ons, pinned by the version table. */
export function platform(env: PlatformEnvironment): void {
  const name = env.environment.name;
  new ArgoCdAddOn(env, 'ArgoCd', {
    version: addOnVersion('argocd', name),
    adminGroups: ['platform-admins'],
    // teams may keep Applications in their own namespaces; their projects' sourceNamespaces bind them
    applicationNamespaces: env.org.teams.flatMap((t) => t.namespaces),
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
  // monitoring: every app scraped, alerted on (routed to its team) and dashboarded
  new MonitoringAddOn(env, 'Monitoring', { version: addOnVersion('kube-prometheus-stack', name) });
  // every other registered add-on (lib/addons/registry.ts), from its declaration
  addDeclaredAddOns(env, (addOn) => addOnVersion(addOn as AddOnName, name));
  new PlatformServices(env, 'Services', {
    providerVersion: addOnVersion('provider-aws', name),
    patchAndTransformVersion: addOnVersion('function-patch-and-transform', name),
    environmentConfigsVersion: addOnVersion('function-environment-configs', name),
  });
}
