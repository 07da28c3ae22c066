import { type CallEdge, calleePolicyName, callerPolicyName } from '../../../lib/k8s/service-calls';

const edge = (callerTeam: string, caller: string, calleeTeam: string, callee: string): CallEdge => ({
  caller: { team: callerTeam, app: caller, namespace: callerTeam },
  callee: { team: calleeTeam, app: callee, namespace: calleeTeam },
  port: 8080,
});

describe("the names of a call's NetworkPolicies", () => {
  test('read as the call: from the caller (team and app) to the called app, and to the called app (team and app) from the caller', () => {
    const call = edge('payments', 'checkout', 'search', 'search-api');
    expect(calleePolicyName(call)).toBe('call-from.payments.checkout.to.search-api');
    expect(callerPolicyName(call)).toBe('call-to.search.search-api.from.checkout');
  });

  test('differ for every two calls, whatever dashes and keywords the names hold, so no two calls share a file', () => {
    const calls = [
      edge('a-b', 'c', 'x', 'y'),
      edge('a', 'b-c', 'x', 'y'),
      edge('a', 'b', 'x', 'y-to-z'),
      edge('a', 'b-to-x', 'x', 'y'),
      edge('to', 'from', 'to', 'from'),
      edge('from', 'to', 'from', 'to'),
      edge('to', 'to', 'to', 'to2'),
      edge('t', 'a', 't', 'b'),
      edge('t', 'b', 't', 'a'),
    ];
    // the policies of one namespace: the callee's side and the caller's side of every call that lands there
    const names = calls.flatMap((c) => [`${c.callee.namespace} ${calleePolicyName(c)}`, `${c.caller.namespace} ${callerPolicyName(c)}`]);
    expect(new Set(names).size).toBe(names.length);
    // each a DNS subdomain, as the API server requires of a NetworkPolicy's name
    for (const c of calls) for (const n of [calleePolicyName(c), callerPolicyName(c)]) expect(n).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/);
  });
});
