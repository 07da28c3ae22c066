import type { Environment } from '../org/environment';
import type { Org } from '../org/org';
import { costAnnotationProblem, priceClaim } from '../org/claim-price';
import { show } from '../private/problems';
import { type Finding, type ManifestObject, describeObject } from '../validate/findings';
import { applicationFootprint } from './app-footprint';
import type { AppFootprint } from './team-quota';

/**
 * What the files of a tree ask for in one environment, per team (from the
 * files below `<env>/teams/<team>/apps/`, which the team's Argo CD project
 * applies): each claim priced from its parameters, each KubeVela Application's
 * pods counted from its components; and the fields that cannot be.
 */
export interface TreeUsage {
  /** Each claim's price, for its team's budget. */
  readonly costs: readonly (TeamCost & { readonly team: string; readonly file: string })[];
  /** Each Application's footprint, per team and namespace, for the quotas. */
  readonly footprints: ReadonlyMap<string, ReadonlyMap<string, readonly AppFootprint[]>>;
  /** Claims that cannot be priced, cost annotations that disagree with the price, quantities that cannot be counted. */
  readonly findings: readonly Finding[];
}

/** One cost counted against a team's budget: where, what (with its file, for a proposed claim), how much a month in USD. */
export interface TeamCost {
  readonly environment: string;
  readonly resource: string;
  readonly usd: number;
}

type Obj = Record<string, unknown>;
const metadataOf = (o: Obj) => (typeof o.metadata === 'object' && o.metadata !== null ? (o.metadata as { name?: unknown; namespace?: unknown }) : {});

/** Reads what the files of one environment ask for (see {@link TreeUsage}); never a cost annotation. */
export function treeUsage(org: Org, env: Environment, objects: readonly ManifestObject[]): TreeUsage {
  const costs: (TeamCost & { team: string; file: string })[] = [];
  const footprints = new Map<string, Map<string, AppFootprint[]>>();
  const findings: Finding[] = [];
  const refuse = (m: ManifestObject, p: { field: string; value: unknown; allowed: string }) =>
    findings.push({ severity: 'error', rule: 'tenant', file: m.file, object: describeObject(m.object), field: p.field, message: `${show(p.value)} is not allowed: ${p.allowed}` });
  for (const m of objects) {
    const [folder, area, owner, apps] = m.file.split('/');
    const team = org.teams.find((t) => t.name === owner);
    if (folder !== env.name || area !== 'teams' || apps !== 'apps' || !team) continue;
    const meta = metadataOf(m.object);
    const name = typeof meta.name === 'string' ? meta.name : '<unnamed>';
    // Argo CD puts an object without a namespace in the project's destination, the team's namespace
    const namespace = typeof meta.namespace === 'string' ? meta.namespace : team.namespace;
    const price = priceClaim(m.object, env);
    if (price) {
      price.problems.forEach((p) => refuse(m, p));
      const annotation = costAnnotationProblem(m.object, price);
      if (annotation) refuse(m, annotation);
      // a claim that cannot be priced is an error of its own, not a cost of 0
      if (price.problems.length === 0) costs.push({ team: team.name, environment: env.name, resource: `${namespace}/${name} (${price.kind}, ${m.file})`, usd: price.usd, file: m.file });
    } else if (m.object.kind === 'Application' && String(m.object.apiVersion).startsWith('core.oam.dev/')) {
      const counted = applicationFootprint(m.object);
      counted.problems.forEach((p) => refuse(m, p));
      // in a namespace of another team it is refused by the tenant boundary; here it counts for none
      if (!team.namespaces.includes(namespace)) continue;
      const perNamespace = footprints.get(team.name) ?? new Map<string, AppFootprint[]>();
      footprints.set(team.name, perNamespace);
      const list = perNamespace.get(namespace) ?? [];
      perNamespace.set(namespace, list);
      list.push({ app: `${name} (${m.file})`, ...counted.footprint });
    }
  }
  return { costs, footprints, findings };
}
