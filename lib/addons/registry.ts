/**
 * The registry of add-ons: every add-on the platform knows, each declared in a
 * file of its own in this folder, in the order their namespaces are listed
 * (the platform's namespaces and the platform project's destinations come
 * from it). From this one list come the platform's namespaces
 * (lib/k8s/platform-namespaces.ts), the release table of the schema catalog
 * (lib/import/sources.ts), an org's version table (platform/versions.ts) and
 * the add-ons built from their declaration alone (`DeclaredAddOn`).
 *
 * Adding an add-on: a new file here with its `declareAddOn({...})`, and its
 * line below.
 */
import type { Environment } from '../org/environment';
import { ARGOCD } from './argocd';
import { AWS_LOAD_BALANCER_CONTROLLER } from './aws-load-balancer-controller';
import { CROSSPLANE } from './crossplane';
import { CROSSPLANE_PROVIDER_AWS } from './crossplane-provider-aws';
import { type AddOnDeclaration, addOnNamespace } from './declaration';
import { EXTERNAL_DNS } from './external-dns';
import { EXTERNAL_SECRETS } from './external-secrets';
import { FUNCTION_ENVIRONMENT_CONFIGS } from './function-environment-configs';
import { FUNCTION_PATCH_AND_TRANSFORM } from './function-patch-and-transform';
import { KUBE_PROMETHEUS_STACK } from './kube-prometheus-stack';
import { KUBEVELA } from './kubevela';
import { METRICS_SERVER } from './metrics-server';

/** Every add-on, registered once. */
export const ADD_ONS = [
  ARGOCD,
  EXTERNAL_SECRETS,
  CROSSPLANE,
  CROSSPLANE_PROVIDER_AWS,
  KUBEVELA,
  FUNCTION_PATCH_AND_TRANSFORM,
  FUNCTION_ENVIRONMENT_CONFIGS,
  EXTERNAL_DNS,
  METRICS_SERVER,
  AWS_LOAD_BALANCER_CONTROLLER,
  KUBE_PROMETHEUS_STACK,
] as const;

/** The name of a registered add-on. */
export type AddOnName = (typeof ADD_ONS)[number]['name'];

/** The registered add-on of a name; fails for one the registry lacks. */
export function addOnNamed(name: string): AddOnDeclaration {
  const found = ADD_ONS.find((a) => a.name === name);
  if (!found) throw new Error(`no add-on named ${name} (registered: ${ADD_ONS.map((a) => a.name).join(', ')})`);
  return found;
}

/** The registered add-ons an environment runs. */
export function addOnsIn(env: Environment): AddOnDeclaration[] {
  return ADD_ONS.filter((a: AddOnDeclaration) => a.when?.(env) ?? true);
}

/** The namespaces of the add-ons an environment runs, in the registry's order. */
export function addOnNamespacesIn(env: Environment): string[] {
  return addOnsIn(env).flatMap((a) => addOnNamespace(a, env) ?? []);
}
