import { asTrackedByPreview, previewFolderOf } from '../../org/preview-names';
import { PLATFORM_DEPLOYER, serviceAccountUser } from '../../org/identities';
import { TEAM_CLAIM_KINDS } from '../../org/team-kinds';
import { compareStrings } from '../../private/compare';
import { admissionFindings, checkAdmissionPolicies, evaluateAdmission } from '../admission';
import type { AdmissionReport, AdmissionUserInfo, BindingResult } from '../admission';
import type { SchemaCatalog } from '../catalog';
import type { Finding, ManifestObject } from '../findings';
import { type AppliedObject, appliedByOfFile } from './check';
import type { RuleContext } from './context';
import { TENANT_RULE_LABEL, admissionPolicy } from './policy';
import { asObject } from './rule';
import { tenantRules } from './index';

/** What `paved validate` proves of one cluster: every object admitted (or the denials), per policy. */
export interface AdmissionProof {
  /** The cluster (environment) folder. */
  readonly cluster: string;
  /** Whether the policies came from the tree (the platform's) or were generated from the org (a team's proposal). */
  readonly policiesFrom: 'tree' | 'org';
  /** Per binding: matched, admitted, denied. */
  readonly bindings: readonly BindingResult[];
  /** Objects evaluated, and admitted by every policy. */
  readonly objects: number;
  readonly admitted: number;
  /** Denials, objects that could not be evaluated, and tenant policies of the tree that are not what the org's rules generate. */
  readonly findings: readonly Finding[];
}

const ADMISSION_GROUP = 'admissionregistration.k8s.io/v1';
const isKind = (m: ManifestObject, kind: string) => m.object.apiVersion === ADMISSION_GROUP && m.object.kind === kind;
const nameOf = (m: ManifestObject) => String(asObject(m.object.metadata)?.name);

/** The groups a service account's requests carry. */
function serviceAccountGroups(username: string): string[] {
  const namespace = username.split(':')[2];
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'];
}

/** Who applies an object: its team's deployer, or the platform's. */
function userOf(applied: AppliedObject, ctx: RuleContext): AdmissionUserInfo {
  const deployer = applied.appliedBy === undefined ? undefined : ctx.teams.find((t) => t.name === applied.appliedBy)?.deployer;
  const username = deployer ?? serviceAccountUser(PLATFORM_DEPLOYER);
  return { username, groups: serviceAccountGroups(username) };
}

/**
 * An object as the mutating webhooks leave it before the policies see it:
 * KubeVela's records the requesting user on an Application (its
 * authentication, with no group matching `kubevela:*`).
 */
function mutated(object: Record<string, unknown>, user: AdmissionUserInfo): Record<string, unknown> {
  if (object.kind !== 'Application' || !String(object.apiVersion).startsWith('core.oam.dev/')) return object;
  const metadata = asObject(object.metadata) ?? {};
  const annotations = { ...(asObject(metadata.annotations) ?? {}), 'app.oam.dev/username': user.username, 'app.oam.dev/group': '' };
  return { ...object, metadata: { ...metadata, annotations } };
}

/** The platform's claim kinds, in the versions the objects use, as the definitions Crossplane serves them by (for a proposal, which holds no XRD). */
function claimDefinitions(objects: readonly ManifestObject[]): Record<string, unknown>[] {
  return TEAM_CLAIM_KINDS.map((k) => {
    const versions = [...new Set(objects.filter((m) => m.object.kind === k.kind && String(m.object.apiVersion).startsWith(`${k.group}/`)).map((m) => String(m.object.apiVersion).split('/')[1]))];
    return {
      apiVersion: 'apiextensions.crossplane.io/v2',
      kind: 'CompositeResourceDefinition',
      metadata: { name: `${k.resource}.${k.group}` },
      spec: { group: k.group, scope: 'Namespaced', names: { kind: k.kind, plural: k.resource }, versions: versions.map((name) => ({ name, served: true })) },
    };
  });
}

/** The tenant policies of the tree that differ from (or lack) what the org's rules generate. */
function driftFindings(cluster: string, ctx: RuleContext, policies: readonly ManifestObject[], bindings: readonly ManifestObject[]): Finding[] {
  const findings: Finding[] = [];
  const inTree = new Map([...policies, ...bindings].map((m) => [`${String(m.object.kind)}/${nameOf(m)}`, m]));
  for (const rule of tenantRules(ctx)) {
    const generated = admissionPolicy(ctx, rule);
    for (const expected of [generated.policy, generated.binding]) {
      const key = `${expected.kind}/${expected.metadata?.name}`;
      const found = inTree.get(key);
      const where = found?.file ?? `${cluster}/platform/config/admission/`;
      const object = `${expected.kind} ${String(expected.metadata?.name)}`;
      if (!found)
        findings.push({
          severity: 'error',
          rule: 'tenant',
          file: where,
          object,
          field: '',
          message: `is missing: the tenant rule ${rule.name} of the org is enforced in the cluster by this ${expected.kind} (npm run synth writes it)`,
        });
      else if (JSON.stringify(canonical(found.object)) !== JSON.stringify(canonical(expected as unknown as Record<string, unknown>)))
        findings.push({
          severity: 'error',
          rule: 'tenant',
          file: found.file,
          object,
          field: 'spec',
          message: `is not what the org's tenant rule ${rule.name} generates: the cluster would enforce other rules than paved checks (npm run synth writes it)`,
        });
    }
  }
  return findings;
}

/** A value with its object keys sorted (files and generated objects compare by content, not key order). */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  const o = asObject(v);
  if (!o) return v;
  return Object.fromEntries(
    Object.keys(o)
      .sort(compareStrings)
      .map((k) => [k, canonical(o[k])]),
  );
}

/**
 * Proof before apply, for one cluster: the admission policies (the tree's,
 * or for a team's proposal those the org's rules generate) evaluated with the
 * Kubernetes CEL libraries on every object as it will be applied: by its
 * team's deployer (its apps folder, what its Applications render) or by the
 * platform's, after the mutating webhooks. The tree's tenant policies must be
 * exactly what the org's rules generate.
 */
export function proveAdmission(cluster: string, ctx: RuleContext, applied: readonly AppliedObject[], catalog?: SchemaCatalog): AdmissionProof {
  const all = applied.map((a) => a.manifest);
  const treePolicies = all.filter((m) => isKind(m, 'ValidatingAdmissionPolicy'));
  const treeBindings = all.filter((m) => isKind(m, 'ValidatingAdmissionPolicyBinding'));
  const fromTree = treePolicies.some((m) => asObject(asObject(m.object.metadata)?.labels)?.[TENANT_RULE_LABEL] !== undefined);
  const generated = tenantRules(ctx).map((rule) => admissionPolicy(ctx, rule));
  const asManifest = (object: object, i: number): ManifestObject => ({ file: `<generated from the org>/${i}`, object: object as Record<string, unknown> });
  const policies = fromTree ? treePolicies : generated.map((g, i) => asManifest(g.policy, i));
  const bindings = fromTree ? treeBindings : generated.map((g, i) => asManifest(g.binding, i));
  const namespaces = [
    ...all.filter((m) => m.object.apiVersion === 'v1' && m.object.kind === 'Namespace'),
    // a team's proposal holds no Namespace: its namespaces exist, made by the platform
    ...ctx.teams.flatMap((t) => t.namespaces.map((name) => asManifest({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'paved.dev/team': t.name } } }, 0))),
  ];
  // the custom resources the cluster serves: the tree's definitions, or (a team's proposal) the platform's claim kinds
  const definitions = [
    ...all.filter((m) => m.object.kind === 'CustomResourceDefinition' || m.object.kind === 'CompositeResourceDefinition'),
    ...(fromTree ? [] : claimDefinitions(all).map((d, i) => asManifest(d, i))),
  ];
  // one evaluation per identity: the API server sees each object's request as its applier's
  const byUser = new Map<string, { user: AdmissionUserInfo; objects: ManifestObject[] }>();
  for (const a of applied) {
    // a team's proposal is its apps folders: the rest of a team's tree is the platform's, which its own tree proves
    if (!fromTree && a.appliedBy === undefined) continue;
    const user = userOf(a, ctx);
    const group = byUser.get(user.username) ?? { user, objects: [] };
    // what Argo CD applies from a preview's apps folder carries its tracking annotation (Argo CD sets it)
    const applied = previewFolderOf(a.manifest.file)?.part === 'apps' && a.rendered !== true ? asTrackedByPreview(a.manifest.object) : a.manifest.object;
    group.objects.push({ file: a.manifest.file, object: mutated(applied, user) });
    byUser.set(user.username, group);
  }
  const reports: AdmissionReport[] = [...byUser.values()].map(({ user, objects }) =>
    evaluateAdmission({ policies, bindings, objects, namespaces, definitions, userInfo: user, ...(catalog ? { catalog } : {}) }),
  );
  const tally = new Map<string, BindingResult>();
  for (const r of reports)
    for (const b of r.bindings) {
      const key = `${b.policy}/${b.binding}`;
      const t = tally.get(key);
      tally.set(key, t ? { ...t, matched: t.matched + b.matched, admitted: t.admitted + b.admitted, denied: t.denied + b.denied, unevaluated: t.unevaluated + b.unevaluated } : b);
    }
  const findings = [
    // the policies as the API server validates them (schema, its rules, every expression compiled)
    ...checkAdmissionPolicies([...policies, ...bindings]),
    ...reports.flatMap(admissionFindings),
    ...(fromTree ? driftFindings(cluster, ctx, treePolicies, treeBindings) : []),
  ];
  return {
    cluster,
    policiesFrom: fromTree ? 'tree' : 'org',
    bindings: [...tally.values()].sort((a, b) => compareStrings(a.policy, b.policy)),
    objects: reports.reduce((n, r) => n + r.objects, 0),
    admitted: reports.reduce((n, r) => n + r.admitted, 0),
    findings,
  };
}

/** The proof in lines, as `paved validate` prints it: per cluster, each policy's matched and admitted objects. */
export function proofSummary(proofs: readonly AdmissionProof[]): string[] {
  return proofs.flatMap((p) => {
    const denied = p.bindings.reduce((n, b) => n + b.denied, 0);
    const head = `admission in ${p.cluster} (${p.bindings.length} policies ${p.policiesFrom === 'tree' ? 'of the tree' : "generated from the org's rules"}): ${p.admitted} of ${p.objects} objects admitted by every policy, ${denied} denied`;
    const policies = p.bindings.filter((b) => b.matched > 0).map((b) => `  ${b.policy}: ${b.admitted} of ${b.matched} admitted${b.unevaluated ? `, ${b.unevaluated} not evaluated` : ''}`);
    return [head, ...policies];
  });
}

/**
 * The proof for a whole tree: each cluster folder the org has an environment
 * for (or the tree itself, when it is one cluster named by `single`), its
 * objects and those its Applications render (applied by the Application's
 * team), as {@link proveAdmission} evaluates them.
 */
export function proveTree(
  contexts: Readonly<Record<string, RuleContext>>,
  objects: readonly ManifestObject[],
  rendered: readonly ManifestObject[],
  options: { readonly perTopLevelFolder: boolean; readonly catalog?: SchemaCatalog },
): AdmissionProof[] {
  const clusterOf = (file: string) => (options.perTopLevelFolder && file.includes('/') ? file.split('/')[0] : '');
  const clusters = [...new Set(objects.map((m) => clusterOf(m.file)))].filter((c) => contexts[c] !== undefined).sort(compareStrings);
  return clusters.map((cluster) => {
    const own = (m: ManifestObject) => clusterOf(m.file) === cluster;
    const applied: AppliedObject[] = [
      ...objects.filter(own).map((m) => ({ manifest: m, appliedBy: appliedByOfFile(m.file, cluster) })),
      ...rendered.filter(own).map((m) => ({ manifest: m, appliedBy: appliedByOfFile(m.file, cluster), rendered: true })),
    ];
    return proveAdmission(cluster, contexts[cluster], applied, options.catalog);
  });
}
