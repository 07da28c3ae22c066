/**
 * The example org's cloud stacks for the regression snapshots, cut into reviewable parts: the prod stack by construct
 * (the first segment or two of each Terraform address, which is the construct path), each part in a snapshot of its own
 * and the parts in several snapshot files (none over 500 lines); staging as its differences from prod, so a change to
 * both environments is read once. stacks.ts synthesizes them; infra.test.ts checks that every object is in one part.
 */
export type Json = Record<string, unknown>;

/** A part of a stack: its objects whose address starts with one of `prefixes`, and the stack's blocks in `blocks`. */
export interface StackPart {
  readonly name: string;
  readonly prefixes: readonly string[];
  readonly blocks?: readonly string[];
}

/** Every part, by the snapshot file it is in; each object of a stack is in exactly one part (infra.test.ts checks it). */
export const PARTS: Readonly<Record<string, readonly StackPart[]>> = {
  network: [
    { name: 'network: VPC, subnets, routes, NAT, flow logs, default security group', prefixes: ['network_'] },
    { name: 'databases: subnet group and security group', prefixes: ['databases_'] },
  ],
  cluster: [
    { name: 'cluster: EKS control plane, its role, key, logs, add-ons and access entries', prefixes: ['cluster_'] },
    { name: 'nodes: node groups, launch templates, node role', prefixes: ['nodes_'] },
    { name: 'argocd: the bootstrap release and the GitOps repository credentials', prefixes: ['argocd_'] },
  ],
  stack: [
    { name: 'the stack: backend, providers, outputs', prefixes: [], blocks: ['terraform', 'provider', 'output'] },
    { name: 'cross-stack references', prefixes: ['cross-stack-reference-'] },
    { name: 'dns: team zones, records, certificates, query logs', prefixes: ['dns_'] },
  ],
  'load-balancer-controller': [{ name: 'controllers: AWS Load Balancer Controller (IRSA role, trust, permissions)', prefixes: ['controllers_aws-load-balancer-controller_'] }],
  crossplane: [{ name: 'controllers: Crossplane AWS provider (IRSA role, trust, permissions)', prefixes: ['controllers_crossplane-aws_'] }],
  controllers: [
    { name: 'controllers: external-dns (IRSA role, trust, permissions)', prefixes: ['controllers_external-dns_'] },
    { name: "controllers: External Secrets, one role per team's store (IRSA role, trust, permissions)", prefixes: ['controllers_external-secrets-'] },
  ],
};

/** The objects (`data` and `resource`, by type and address) and blocks of one part of a stack. */
export function partOf(stack: Json, part: StackPart): Json {
  const out: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const section of ['data', 'resource']) {
    for (const [type, byId] of Object.entries((stack[section] ?? {}) as Record<string, Json>)) {
      for (const [id, value] of Object.entries(byId)) {
        if (!part.prefixes.some((p) => id.startsWith(p))) continue;
        ((out[section] ??= {})[type] ??= {})[id] = value;
      }
    }
  }
  return { ...out, ...Object.fromEntries((part.blocks ?? []).map((b) => [b, stack[b]])) };
}

/** Every leaf of a value, by its path (`resource.aws_vpc.network_vpc_X.cidr_block`, `...subnet_ids[1]`). */
function leaves(value: unknown, at = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) leaves(v, at ? `${at}.${k}` : k, out);
  else out.set(at, value);
  return out;
}

/** How `env`'s stack differs from `base`'s, one line per leaf that differs (in `base`'s order, then `env`'s new leaves). */
export function differences(base: Json, env: Json): string[] {
  const from = leaves(base);
  const to = leaves(env);
  const show = (v: unknown) => JSON.stringify(v);
  const lines: string[] = [];
  for (const [at, v] of from) {
    if (!to.has(at)) lines.push(`- ${at} = ${show(v)}`);
    else if (to.get(at) !== v) lines.push(`~ ${at} = ${show(to.get(at))} (was ${show(v)})`);
  }
  for (const [at, v] of to) if (!from.has(at)) lines.push(`+ ${at} = ${show(v)}`);
  return lines;
}
