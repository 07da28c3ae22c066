import { teamDefinitionNames } from '../../definitions/team-allowlist';
import type { RuleContext } from './context';
import { CEL_COMPONENTS, JOIN, type RuleCheck, type TenantRule, asArray, asObject, celString, celStrings, celTraits, components, str, traits } from './rule';

/** The KubeVela Application resource, as admission names it. */
export const VELA_APPLICATION = { group: 'core.oam.dev', version: '*', resource: 'applications', kind: 'Application' } as const;

/** Service types a team's component may ask for: none that opens a port on the nodes or a load balancer of its own. */
const EXPOSE_TYPES = ['ClusterIP'];

const quoted = (list: readonly string[]) => list.map((s) => `"${s}"`).join(', ');

/**
 * A check that every type an Application names is one of `allowed`, naming the
 * ones that are not. `outer` is a CEL list, `inner(x)` the CEL list of types of
 * one of its items (so nested lists need no flattening: CEL in Kubernetes has none).
 */
function allowlistCheck(
  field: string,
  what: string,
  allowed: readonly string[],
  cel: { readonly outer: string; readonly inner: (x: string) => string },
  values: (object: Record<string, unknown>) => string[],
): RuleCheck {
  const tail = ` is not allowed: one of ${allowed.join(', ')} (the KubeVela definitions the platform allows teams)`;
  const list = celStrings(allowed);
  const badIn = (x: string) => `${cel.inner(x)}.filter(t, !(t in ${list}))`;
  return {
    field,
    expression: `${cel.outer}.all(x, ${cel.inner('x')}.all(t, t in ${list}))`,
    messageExpression: `'${what} ' + ${cel.outer}.filter(x, ${badIn('x')}.size() > 0).map(x, ${badIn('x')}.map(t, '"' + t + '"').join(', ')).join(', ') + ${celString(tail)}`,
    check: (object) => {
      const bad = values(object).filter((t) => !allowed.includes(t));
      return bad.length ? `${what} ${quoted(bad)}${tail}` : undefined;
    },
  };
}

const typeOf = (o: Record<string, unknown>) => String(o.type);

/** The workflow steps of an Application, sub-steps included. */
function workflowSteps(object: Record<string, unknown>): Record<string, unknown>[] {
  const steps = asArray(asObject(asObject(object.spec)?.workflow)?.steps).map((s) => asObject(s) ?? {});
  return steps.flatMap((s) => [s, ...asArray(s.subSteps).map((x) => asObject(x) ?? {})]);
}

const CEL_STEPS = '(has(object.spec.workflow) && has(object.spec.workflow.steps) ? object.spec.workflow.steps : [])';

/**
 * The definitions a team's Application may use, and their parameters that
 * reach past the team's apps: only the platform's allowlist of component,
 * trait and workflow-step types (`TEAM_DEFINITIONS`), no policies (they
 * deploy elsewhere or take over objects), no Service type that opens a node
 * port or a load balancer, no volume from the node's file system.
 */
export function definitionsRule(ctx: RuleContext): TenantRule {
  const componentTypes = teamDefinitionNames('ComponentDefinition');
  const traitTypes = teamDefinitionNames('TraitDefinition');
  const stepTypes = teamDefinitionNames('WorkflowStepDefinition');
  const componentChecks: RuleCheck[] = [
    allowlistCheck('spec.components[*].type', 'component type', componentTypes, { outer: CEL_COMPONENTS, inner: (x) => `[${x}.type]` }, (o) => components(o).map(typeOf)),
    allowlistCheck('spec.components[*].traits[*].type', 'trait type', traitTypes, { outer: CEL_COMPONENTS, inner: (x) => `${celTraits(x)}.map(t, t.type)` }, (o) =>
      components(o).flatMap((c) => traits(c).map(typeOf)),
    ),
  ];
  return {
    name: 'paved-team-definitions',
    summary: "A team's Application uses only the KubeVela definitions the platform allows, with no parameter that reaches past the team's apps.",
    namespaces: ctx.teams.flatMap((t) => t.namespaces),
    resources: [VELA_APPLICATION],
    operations: ['CREATE', 'UPDATE'],
    requesters: 'team',
    checks: [
      ...componentChecks,
      allowlistCheck(
        'spec.workflow.steps[*].type',
        'workflow step type',
        stepTypes,
        { outer: CEL_STEPS, inner: (x) => `([${x}.type] + (has(${x}.subSteps) ? ${x}.subSteps.map(u, u.type) : []))` },
        (o) => workflowSteps(o).map(typeOf),
      ),
      {
        field: 'spec.policies',
        expression: '!has(object.spec.policies) || size(object.spec.policies) == 0',
        messageExpression: `'policies ' + object.spec.policies.map(p, '"' + p.type + '"').join(', ') + ' are not allowed: none (KubeVela policies deploy to other clusters and namespaces or take over objects: the platform decides where an app runs)'`,
        check: (o) => {
          const policies = asArray(asObject(o.spec)?.policies).map((p) => String(asObject(p)?.type));
          return policies.length
            ? `policies ${quoted(policies)} are not allowed: none (KubeVela policies deploy to other clusters and namespaces or take over objects: the platform decides where an app runs)`
            : undefined;
        },
      },
      exposeTypeCheck(),
      hostPathCheck(),
    ],
  };
}

/** A component's Service type: only one that stays inside the cluster. */
function exposeTypeCheck(): RuleCheck {
  const tail = ` is not allowed: ${EXPOSE_TYPES.join(', ')} (a team's app is reached through its route on the shared load balancer, never a node port or a load balancer of its own)`;
  const bad = `${CEL_COMPONENTS}.filter(c, has(c.properties) && has(c.properties.exposeType) && !(c.properties.exposeType in ${celStrings(EXPOSE_TYPES)}))`;
  return {
    field: 'spec.components[*].properties.exposeType',
    expression: `${bad}.size() == 0`,
    messageExpression: `${bad}.map(c, 'component "' + c.name + '": exposeType "' + c.properties.exposeType + '"' + ${celString(tail)}).join('${JOIN}')`,
    check: (o) => {
      const out = components(o)
        .filter((c) => {
          const t = asObject(c.properties)?.exposeType;
          return t !== undefined && !EXPOSE_TYPES.includes(String(t));
        })
        .map((c) => `component "${String(c.name)}": exposeType "${String(asObject(c.properties)?.exposeType)}"${tail}`);
      return out.length ? out.join(JOIN) : undefined;
    },
  };
}

/** A component's volumes: none from the node's file system (webservice's `volumeMounts.hostPath`, the older `volumes` of type hostPath). */
function hostPathCheck(): RuleCheck {
  const tail = " is not allowed: volumes that are pod-local (emptyDir), the team's ConfigMaps, Secrets or claims, never a path on the node";
  const hasHostPath =
    '(has(c.properties) && ((has(c.properties.volumeMounts) && has(c.properties.volumeMounts.hostPath) && size(c.properties.volumeMounts.hostPath) > 0) || (has(c.properties.volumes) && c.properties.volumes.exists(v, has(v.type) && v.type == "hostPath"))))';
  const usesHostPath = (c: Record<string, unknown>) => {
    const p = asObject(c.properties) ?? {};
    return asArray(asObject(p.volumeMounts)?.hostPath).length > 0 || asArray(p.volumes).some((v) => str(asObject(v)?.type) === 'hostPath');
  };
  return {
    field: 'spec.components[*].properties.volumeMounts',
    expression: `!${CEL_COMPONENTS}.exists(c, ${hasHostPath})`,
    messageExpression: `${CEL_COMPONENTS}.filter(c, ${hasHostPath}).map(c, 'component "' + c.name + '": a hostPath volume' + ${celString(tail)}).join('${JOIN}')`,
    check: (o) => {
      const out = components(o)
        .filter(usesHostPath)
        .map((c) => `component "${String(c.name)}": a hostPath volume${tail}`);
      return out.length ? out.join(JOIN) : undefined;
    },
  };
}
