import { Construct } from 'constructs';
import { IntOrString, KubeNetworkPolicy, type NetworkPolicySpec } from 'cdk8s-plus-28/lib/imports/k8s';
import type { Org } from '../org/org';
import { placeIn } from '../private/placement';
import { CALL_LABELS } from '../validate/app-leftovers';
import { commonLabels } from './labels';

/** One side of a call: an app, its team and its namespace. */
export interface CallEnd {
  readonly team: string;
  readonly app: string;
  readonly namespace: string;
}

/** A consented call of one app to another, resolved: the callee listens on `port`. */
export interface CallEdge {
  readonly caller: CallEnd;
  readonly callee: CallEnd;
  readonly port: number;
}

/** The label KubeVela gives every pod of an application (its web process, workers and jobs). */
export const APP_LABEL = 'app.oam.dev/name';
/** The label KubeVela gives the pods of one component. */
export const COMPONENT_LABEL = 'app.oam.dev/component';

/**
 * The NetworkPolicy in the callee's namespace that lets the caller in:
 * `call-from.<caller team>.<caller app>.to.<callee app>`. Team and app names
 * are DNS labels (no dot), so the name is unambiguous, and it differs from
 * {@link callerPolicyName} when both apps share a namespace.
 */
export const calleePolicyName = (edge: CallEdge) => `call-from.${edge.caller.team}.${edge.caller.app}.to.${edge.callee.app}`;

/** The NetworkPolicy in the caller's namespace that lets it out: `call-to.<callee team>.<callee app>.from.<caller app>`. */
export const callerPolicyName = (edge: CallEdge) => `call-to.${edge.callee.team}.${edge.callee.app}.from.${edge.caller.app}`;

const peer = (end: CallEnd, label: string) => ({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': end.namespace } },
  podSelector: { matchLabels: { [label]: end.app } },
});

/**
 * The two NetworkPolicies of one consented call, each its own object (and
 * file), so that adding a caller adds files and changes none, and two pull
 * requests that each add a caller of one app never edit the same lines:
 * in the callee's namespace (its team's tenancy), the caller's pods may
 * reach the callee's pods on its port; in the caller's namespace, the
 * caller's pods may leave for the callee's web process on that port.
 * NetworkPolicies are additive: with the app's own policy and the team's
 * default-deny, exactly the declared paths are open. Each carries the labels
 * of {@link CALL_LABELS}, so `paved validate` refuses it once either app is
 * gone. A side whose team has no scope here (a team's part alone) is left out.
 */
export function addCallPolicies(org: Org, edge: CallEdge, scopeOf: (team: string) => Construct | undefined): void {
  const labels = (team: string, local: string) => ({
    ...(org.teams.some((t) => t.name === team) ? commonLabels(org.team(team)) : {}),
    [APP_LABEL]: local,
    [CALL_LABELS.callerNamespace]: edge.caller.namespace,
    [CALL_LABELS.caller]: edge.caller.app,
    [CALL_LABELS.calleeNamespace]: edge.callee.namespace,
    [CALL_LABELS.callee]: edge.callee.app,
  });
  const ports = [{ protocol: 'TCP', port: IntOrString.fromNumber(edge.port) }];
  // one policy in each end's namespace (when this synth builds that team's part), selecting the end's pods
  const policy = (end: CallEnd, name: string, rule: Omit<NetworkPolicySpec, 'podSelector'>) => {
    const scope = scopeOf(end.team);
    if (!scope) return;
    const holder = new Construct(scope, `network-${end.namespace}-${name}`);
    placeIn(holder, `teams/${end.team}/tenant/namespaces/${end.namespace}`);
    new KubeNetworkPolicy(holder, 'NetworkPolicy', {
      metadata: { name, namespace: end.namespace, labels: labels(end.team, end.app) },
      spec: { podSelector: { matchLabels: { [APP_LABEL]: end.app } }, ...rule },
    });
  };
  policy(edge.callee, calleePolicyName(edge), { policyTypes: ['Ingress'], ingress: [{ from: [peer(edge.caller, APP_LABEL)], ports }] });
  policy(edge.caller, callerPolicyName(edge), { policyTypes: ['Egress'], egress: [{ to: [peer(edge.callee, COMPONENT_LABEL)], ports }] });
}
