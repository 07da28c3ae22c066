import { type KnownKind, SchemaCatalog } from './catalog';
import { checkApiNames, checkObjectMeta, isClusterScopedCoreKind, isCoreApiVersion, isKnownCoreKind } from './core-check';
import { type Finding, type FindingRule, type ManifestObject, type ValidationReport, describeObject } from './findings';
import { checkCatalog, isCatalogEntity } from './backstage-check';
import { loadManifests } from './manifests';
import { checkComposition, kindsFromXrds } from './crossplane-check';
import { checkSecretValues, checkTeamNamespace } from './policies';
import { coreObjectProblems, digestOnce, objectProblems } from './object-checks';
import { checkCustomResourceMemo } from './custom-resource';
import { type RoutingContext, checkRoutes } from './routes';
import { type TenantBoundary, checkTenantFiles } from './tenants';
import { type RuleContext, appliedByOfFile, checkTenantRules, tenantRules } from './tenant-rules';
import { checkDerivedNames } from './unique-names';
import { checkAppLeftovers } from './app-leftovers';
import { type TreeIndex, groupOf, indexTree } from './tree-index';
import { checkChartValues, checkArgoApplication } from './argo-application-check';
import { checkVelaApplication } from './vela-application-check';
import { compareStrings } from '../private/compare';
import { asObject, asArray, asString as str } from '../private/json-shape';

/** Options of {@link validateObjects} and {@link validateDirectory}. */
export interface ValidateOptions {
  /**
   * The schemas and KubeVela definitions to check against.
   * @default - the catalog committed under imports/
   */
  readonly catalog?: SchemaCatalog;

  /**
   * Namespaces that exist in the cluster without a Namespace object in the tree
   * (e.g. when validating one team's part of it).
   * @default []
   */
  readonly knownNamespaces?: readonly string[];

  /**
   * Treat each top-level folder of the tree as its own cluster (as in a GitOps
   * tree with one folder per environment): names must be unique and references
   * resolve only within a folder.
   * @default false
   */
  readonly clusterPerTopLevelFolder?: boolean;

  /**
   * What each cluster's routes are checked against when the tree does not
   * hold the platform's part (a team's tree): its IngressClasses and served
   * zones, by cluster (the top-level folder's name, or `""` for a tree that
   * is one cluster).
   * @default - only what the tree holds (IngressClasses, external-dns's domain filters)
   */
  readonly routing?: Readonly<Record<string, RoutingContext>>;

  /**
   * What each team's apps folder may hold (its namespaces and kinds), by team
   * name: from the org (see `tenantsOf`).
   * @default - as the teams' AppProjects in the tree state it
   */
  readonly tenants?: Readonly<Record<string, TenantBoundary>>;

  /**
   * The tenant rules' data of each cluster (see `ruleContextsOf`), by cluster
   * (the top-level folder's name, or `""` for a tree that is one cluster):
   * every object a team applies is checked by the rules its admission
   * policies enforce, with their words.
   * @default - none: the tenant rules are not checked
   */
  readonly tenantRules?: Readonly<Record<string, RuleContext>>;
}

// reading manifests lives in its own module (no schemas, no ajv), for commands that only read trees
export { loadManifests, manifestFiles, parseManifests } from './manifests';

/** Validates every object in a directory of YAML files (see {@link validateObjects}). */
export function validateDirectory(dir: string, options: ValidateOptions = {}): ValidationReport {
  const { objects, findings } = loadManifests(dir);
  const report = validateObjects(objects, options);
  return { ...report, findings: sortFindings([...findings, ...report.findings]) };
}

/**
 * Validates a set of objects as one tree:
 * - custom resources against the catalog's schemas, strictly (a field the
 *   schema does not declare is an error, as the API server would drop it);
 * - built-in kinds against the Kubernetes schema (kubernetes-models);
 * - references: every namespaced object to a Namespace, ExternalSecrets to their
 *   store, KubeVela components and traits to a definition the platform installs
 *   (and their properties to its parameters), secret env vars to the Secret an
 *   ExternalSecret writes;
 * - policies: Pod Security "restricted", no secret values;
 * - Backstage catalog entities (which are not Kubernetes objects): their
 *   relations resolve, Locations list them all, and every KubeVela Application
 *   has exactly one Component (see checkCatalog).
 * Kinds without a schema are reported as unchecked, never passed silently.
 */
export function validateObjects(objects: readonly ManifestObject[], options: ValidateOptions = {}): ValidationReport {
  const entities = objects.filter((m) => isCatalogEntity(m.object));
  if (entities.length > 0) {
    const manifests = objects.filter((m) => !isCatalogEntity(m.object));
    const report = validateObjects(manifests, options);
    const catalog = checkCatalog(entities, manifests, options.tenants);
    const secrets = entities.flatMap((m) =>
      checkSecretValues(m.object).map((p): Finding => ({ severity: 'error', rule: 'policy', file: m.file, object: describeObject(m.object), field: p.field, message: p.message })),
    );
    return {
      findings: sortFindings([...report.findings, ...catalog.findings, ...secrets]),
      objects: objects.length,
      checkedByKind: { ...report.checkedByKind, ...catalog.checkedByKind },
      uncheckedByKind: report.uncheckedByKind,
    };
  }
  const derived = checkDerivedNames(objects, (m) => (options.clusterPerTopLevelFolder && m.file.includes('/') ? m.file.split('/')[0] : ''));
  if (!options.clusterPerTopLevelFolder) {
    const report = validateCluster(objects, options, '');
    return { ...report, findings: sortFindings([...report.findings, ...derived]) };
  }
  const clusters = new Map<string, ManifestObject[]>();
  for (const m of objects) {
    const top = m.file.includes('/') ? m.file.split('/')[0] : '';
    const cluster = clusters.get(top);
    if (cluster) cluster.push(m);
    else clusters.set(top, [m]);
  }
  const reports = [...clusters.entries()].map(([cluster, group]) => validateCluster(group, options, cluster));
  const sum = (pick: (r: ValidationReport) => Readonly<Record<string, number>>) => {
    const out: Record<string, number> = {};
    for (const r of reports) for (const [k, n] of Object.entries(pick(r))) out[k] = (out[k] ?? 0) + n;
    return out;
  };
  return {
    findings: sortFindings([...reports.flatMap((r) => [...r.findings]), ...derived]),
    objects: objects.length,
    checkedByKind: sum((r) => r.checkedByKind),
    uncheckedByKind: sum((r) => r.uncheckedByKind),
  };
}

/** Where one cluster's checks report a finding on an object. */
type AddFinding = (m: ManifestObject, rule: FindingRule, field: string, message: string, severity?: Finding['severity']) => void;

/** What the checks of one cluster's objects share. */
interface ClusterContext {
  readonly options: ValidateOptions;
  readonly catalog: SchemaCatalog;
  readonly tree: TreeIndex;
  /** The namespaces of the cluster: the tree's and the known ones. */
  readonly namespaces: ReadonlySet<string>;
  /** The composite resource kinds this tree's XRDs define. */
  readonly xrdKinds: readonly KnownKind[];
  readonly add: AddFinding;
  readonly checkedByKind: Record<string, number>;
  readonly uncheckedByKind: Record<string, number>;
  /** CEL rules reported as not checked in this cluster: each once. */
  readonly uncheckedRules: Set<string>;
}

function validateCluster(objects: readonly ManifestObject[], options: ValidateOptions, cluster: string): ValidationReport {
  const catalog = options.catalog ?? SchemaCatalog.bundled();
  const findings: Finding[] = [];
  const add: AddFinding = (m, rule, field, message, severity = 'error') => findings.push({ severity, rule, file: m.file, object: describeObject(m.object), field, message });

  // --- identity and index of what the tree holds
  const tree = indexTree(objects, (m, rule, message) => add(m, rule, '', message));
  // the tenant boundary: a team's apps folder holds only its kinds, in its namespaces
  for (const p of checkTenantFiles(tree.all, cluster, options.tenants)) add(p.object, 'tenant', p.field, p.message, p.severity);
  // the tenant rules, as the cluster's admission policies enforce them on what each team applies
  const ruleContext = options.tenantRules?.[cluster];
  if (ruleContext) {
    const applied = tree.all.map((m) => ({ manifest: m, appliedBy: appliedByOfFile(m.file, cluster) }));
    for (const p of checkTenantRules(tenantRules(ruleContext), applied)) add(p.manifest, 'tenant', p.field, `${p.message} (admission policy ${p.rule})`);
  }
  const ctx: ClusterContext = {
    options,
    catalog,
    tree,
    namespaces: new Set([...tree.byKind('', 'Namespace').map(nameOf), ...(options.knownNamespaces ?? [])]),
    xrdKinds: kindsFromXrds(tree.all),
    add,
    checkedByKind: {},
    uncheckedByKind: {},
    uncheckedRules: new Set<string>(),
  };
  for (const m of tree.all) checkObject(m, ctx);

  for (const p of checkRoutes(tree.all, tree, options.routing?.[cluster])) add(p.object, p.rule, p.field, p.message, p.severity);
  // an app's NetworkPolicy left behind when the app went
  for (const p of checkAppLeftovers(tree.all, tree.byKind('core.oam.dev', 'Application'))) add(p.object, 'reference', 'metadata.labels', p.message);

  return { findings: sortFindings(findings), objects: objects.length, checkedByKind: ctx.checkedByKind, uncheckedByKind: ctx.uncheckedByKind };
}

const nameOf = (m: ManifestObject) => String(asObject(m.object.metadata)?.name);
const nsOf = (m: ManifestObject) => str(asObject(m.object.metadata)?.namespace);

/** Every check of one well-formed object of a cluster. */
function checkObject(m: ManifestObject, ctx: ClusterContext): void {
  const add = (rule: FindingRule, field: string, message: string, severity?: Finding['severity']) => ctx.add(m, rule, field, message, severity);
  const apiVersion = String(m.object.apiVersion);
  const kind = String(m.object.kind);

  // --- names and keys, as the API server checks them (before anything prints them raw)
  for (const p of checkApiNames(m.object)) add('schema', p.field, p.message);
  // --- schema, then namespaces
  const digest = digestOnce(m.object);
  checkNamespaceOf(m, checkSchemaOf(m, ctx, digest), ctx);

  // --- references and policies per kind
  if (groupOf(apiVersion) === 'external-secrets.io' && kind === 'ExternalSecret') checkSecretStoreRefs(m, ctx);
  for (const p of checkComposition(m, ctx.catalog, ctx.xrdKinds)) add(p.rule, p.field, p.message, p.severity);
  if (groupOf(apiVersion) === 'argoproj.io' && kind === 'Application') {
    checkArgoApplication(m, ctx.tree, (field, message) => add('reference', field, message));
    checkChartValues(m, ctx.catalog, (field, message) => add('schema', field, message));
  }
  if (groupOf(apiVersion) === 'core.oam.dev' && kind === 'Application') {
    checkVelaApplication(m, ctx.catalog, ctx.tree, (field, message, rule = 'reference') => add(rule, field, message));
  }

  // --- what the object alone decides (kept by a synth for the objects that did not change)
  for (const p of objectProblems(m.object, ctx.catalog.releases, ctx.options.catalog === undefined, digest)) add(p.rule, p.field, p.message, p.severity);
  if (kind === 'Namespace') {
    const inside = ctx.tree.inNamespace(nameOf(m)).map((o) => ({ kind: String(o.object.kind), name: nameOf(o), spec: o.object.spec }));
    for (const p of checkTeamNamespace(m.object, inside)) add('policy', p.field, p.message);
  }
}

/**
 * Checks an object against its schema: a custom resource's from the catalog
 * (or the tree's XRDs), a built-in kind's from Kubernetes; counts it as
 * checked or not; returns its scope when the kind is known.
 */
function checkSchemaOf(m: ManifestObject, ctx: ClusterContext, digest: () => string): 'Namespaced' | 'Cluster' | undefined {
  const { catalog, options } = ctx;
  const add = (rule: FindingRule, field: string, message: string, severity?: Finding['severity']) => ctx.add(m, rule, field, message, severity);
  const apiVersion = String(m.object.apiVersion);
  const kind = String(m.object.kind);
  const key = `${apiVersion}/${kind}`;
  const fromCatalog = catalog.kind(apiVersion, kind);
  const known = fromCatalog ?? ctx.xrdKinds.find((k) => `${k.group}/${k.version}` === apiVersion && k.kind === kind);
  if (known) {
    for (const p of checkObjectMeta(asObject(m.object.metadata) ?? {})) add('schema', p.field, p.message);
    const bundled = fromCatalog !== undefined && options.catalog === undefined;
    for (const p of checkCustomResourceMemo(known, bundled, m.object, ctx.uncheckedRules, digest)) add(p.rule, p.field, p.message, p.severity);
    ctx.checkedByKind[key] = (ctx.checkedByKind[key] ?? 0) + 1;
    return known.scope;
  }
  if (isCoreApiVersion(apiVersion) && isKnownCoreKind(apiVersion, kind)) {
    for (const p of coreObjectProblems(m.object, digest)) add(p.rule, p.field, p.message, p.severity);
    ctx.checkedByKind[key] = (ctx.checkedByKind[key] ?? 0) + 1;
    return isClusterScopedCoreKind(kind) ? 'Cluster' : 'Namespaced';
  }
  const served = catalog.versionsOf(groupOf(apiVersion), kind);
  if (served.length) {
    add('schema', 'apiVersion', `${apiVersion} is not a served version of ${kind} (served: ${served.map((v) => `${groupOf(apiVersion)}/${v}`).join(', ')})`);
  } else {
    add('unchecked', '', `kind ${key} has no schema in the catalog: not checked`, 'warning');
  }
  ctx.uncheckedByKind[key] = (ctx.uncheckedByKind[key] ?? 0) + 1;
  return undefined;
}

/** A namespaced object names a namespace of the cluster; a cluster-scoped one names none. */
function checkNamespaceOf(m: ManifestObject, scope: 'Namespaced' | 'Cluster' | undefined, ctx: ClusterContext): void {
  const kind = String(m.object.kind);
  const ns = nsOf(m);
  if (scope === 'Namespaced') {
    if (!ns) ctx.add(m, 'reference', 'metadata.namespace', `${kind} is namespaced: name its namespace`);
    else if (!ctx.namespaces.has(ns)) ctx.add(m, 'reference', 'metadata.namespace', `namespace "${ns}" does not exist in the tree`);
  } else if (scope === 'Cluster' && ns) {
    ctx.add(m, 'reference', 'metadata.namespace', `${kind} is cluster-scoped and must not set a namespace`);
  }
}

/** An ExternalSecret's stores (its own and its data's) exist: a SecretStore in its namespace, or a ClusterSecretStore. */
function checkSecretStoreRefs(m: ManifestObject, ctx: ClusterContext): void {
  const ns = nsOf(m);
  const spec = asObject(m.object.spec) ?? {};
  const refs: [string, unknown][] = [['spec.secretStoreRef', spec.secretStoreRef]];
  asArray(spec.data).forEach((d, i) => refs.push([`spec.data[${i}].sourceRef.storeRef`, asObject(asObject(d)?.sourceRef)?.storeRef]));
  asArray(spec.dataFrom).forEach((d, i) => refs.push([`spec.dataFrom[${i}].sourceRef.storeRef`, asObject(asObject(d)?.sourceRef)?.storeRef]));
  for (const [field, ref] of refs) {
    const r = asObject(ref);
    if (!r) continue;
    const storeKind = str(r.kind) ?? 'SecretStore';
    const storeName = str(r.name);
    const found = ctx.tree.byKind('external-secrets.io', storeKind).some((s) => nameOf(s) === storeName && (storeKind === 'ClusterSecretStore' || nsOf(s) === ns));
    if (!found) {
      ctx.add(
        m,
        'reference',
        `${field}.name`,
        storeKind === 'ClusterSecretStore' ? `ClusterSecretStore "${storeName}" does not exist in the tree` : `SecretStore "${storeName}" does not exist in namespace "${ns}"`,
      );
    }
  }
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.object, b.object) || compareStrings(a.field, b.field));
}
