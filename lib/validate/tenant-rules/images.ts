import { IMAGE_DIGEST_RE2, allowedImages, imageAllowed } from '../../org/image-policy';
import { POD_SPEC_PATHS } from '../policies';
import type { RuleContext } from './context';
import { VELA_APPLICATION } from './definitions';
import { CEL_COMPONENTS, JOIN, type RuleCheck, type RuleResource, type TenantRule, asArray, asObject, celString, celStrings, components, str } from './rule';

type Obj = Record<string, unknown>;

const WORKLOADS: readonly RuleResource[] = [
  { group: 'apps', version: '*', resource: 'deployments', kind: 'Deployment' },
  { group: 'apps', version: '*', resource: 'statefulsets', kind: 'StatefulSet' },
  { group: 'apps', version: '*', resource: 'daemonsets', kind: 'DaemonSet' },
  { group: 'apps', version: '*', resource: 'replicasets', kind: 'ReplicaSet' },
  { group: 'batch', version: '*', resource: 'jobs', kind: 'Job' },
  { group: 'batch', version: '*', resource: 'cronjobs', kind: 'CronJob' },
];
const POD: RuleResource = { group: '', version: '*', resource: 'pods', kind: 'Pod' };
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

/** The images an object runs: an Application's components', or a workload's containers' (init and ephemeral ones too). */
export function imagesOf(object: Obj): string[] {
  if (object.kind === 'Application') return components(object).flatMap((c) => str(asObject(c.properties)?.image) ?? []);
  const path = POD_SPEC_PATHS[String(object.kind)];
  if (!path) return [];
  let spec: Obj | undefined = object;
  for (const key of path) spec = asObject(spec?.[key]);
  return CONTAINER_LISTS.flatMap((list) => asArray(spec?.[list]).flatMap((c) => str(asObject(c)?.image) ?? []));
}

/** The CEL list of the images of `object`, by its kind (the same as {@link imagesOf}). */
function celImages(kinds: readonly string[]): string {
  const ofSpec = (spec: string) => CONTAINER_LISTS.map((l) => `(has(${spec}.${l}) ? ${spec}.${l}.map(c, c.image) : [])`).join(' + ');
  const branches = kinds.map((k) =>
    k === 'Application'
      ? { k, e: `${CEL_COMPONENTS}.filter(c, has(c.properties) && has(c.properties.image)).map(c, c.properties.image)` }
      : { k, e: `(${ofSpec(POD_SPEC_PATHS[k].reduce((acc, key) => `${acc}.${key}`, 'object'))})` },
  );
  return branches.reduceRight((acc, b) => `(object.kind == ${celString(b.k)} ? ${b.e} : ${acc})`, '[]');
}

function imageCheck(ctx: RuleContext, kinds: readonly string[]): RuleCheck {
  const policy = ctx.images;
  const tail = ` is not allowed in environment ${ctx.environment}: ${allowedImages(policy)}`;
  const registryOk = policy.registries ? `${celStrings(policy.registries)}.exists(r, i.startsWith(r + '/'))` : 'true';
  const digestOk = policy.requireDigest ? `i.matches('${IMAGE_DIGEST_RE2}')` : 'true';
  const ok = `(${registryOk} && ${digestOk})`;
  const images = celImages(kinds);
  return {
    field: 'image',
    expression: `${images}.all(i, ${ok})`,
    messageExpression: `${images}.filter(i, !${ok}).map(i, 'image "' + i + '"' + ${celString(tail)}).join('${JOIN}')`,
    check: (o) => {
      const bad = imagesOf(o).filter((i) => !imageAllowed(i, policy));
      return bad.length ? bad.map((i) => `image "${i}"${tail}`).join(JOIN) : undefined;
    },
  };
}

/**
 * The images of a team's workloads come from the registries the environment
 * allows, pinned by digest where it asks for that: checked on what the team
 * writes (its Applications) and on what they render (Deployments, Jobs,
 * CronJobs), as the team's deployer applies them.
 */
export function imagesRule(ctx: RuleContext): TenantRule {
  const resources = [VELA_APPLICATION, ...WORKLOADS];
  return {
    name: 'paved-team-images',
    summary: "A team's workloads run images only from the registries the environment allows (by digest where it asks for that).",
    namespaces: ctx.teams.flatMap((t) => t.namespaces),
    resources,
    operations: ['CREATE', 'UPDATE'],
    requesters: 'team',
    checks: [
      imageCheck(
        ctx,
        resources.map((r) => r.kind),
      ),
    ],
  };
}

/**
 * The same for every pod created in a team's namespace, whoever creates it
 * (the controllers create a team's pods from its workloads): the last guard.
 */
export function podImagesRule(ctx: RuleContext): TenantRule {
  return {
    name: 'paved-team-pod-images',
    summary: "Every pod in a team's namespaces runs images only from the registries the environment allows.",
    namespaces: ctx.teams.flatMap((t) => t.namespaces),
    resources: [POD],
    operations: ['CREATE'],
    requesters: 'any',
    checks: [imageCheck(ctx, ['Pod'])],
  };
}
