import { SchemaCatalog } from './catalog';
import { checkApiNames, checkCoreObject, checkObjectMeta, isClusterScopedCoreKind, isCoreApiVersion, isKnownCoreKind } from './core-check';
import { type Finding, type FindingRule, type ManifestObject, type ValidationReport, describeObject } from './findings';
import { checkCatalog, isCatalogEntity } from './backstage-check';
import { loadManifests } from './manifests';
import { checkComposition, kindsFromXrds } from './crossplane-check';
import { checkAppProject, checkComponentSecurity, checkRbac, checkSecret, checkSecretValues, checkTeamNamespace, checkWorkload } from './policies';
import { checkSchema, compile } from './schema-check';
import { checkCustomResourceMemo } from './custom-resource';
import { applicationSources } from './argo-sources';
import { checkReleases } from './releases';
import { type RoutingContext, checkRoutes } from './routes';
import { type TenantBoundary, checkTenantFiles } from './tenants';
import { type RuleContext, appliedByOfFile, checkTenantRules, tenantRules } from './tenant-rules';
import { checkDerivedNames } from './unique-names';
import { checkAppLeftovers } from './app-leftovers';
import { checkPrometheusRule } from './rules-check';
import { CueParseError, parameterSchema } from './cue-parameters';
import { compareStrings } from '../private/compare';

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

type Obj = Record<string, unknown>;

function asObject(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
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

function validateCluster(objects: readonly ManifestObject[], options: ValidateOptions, cluster: string): ValidationReport {
  const catalog = options.catalog ?? SchemaCatalog.bundled();
  const findings: Finding[] = [];
  const checkedByKind: Record<string, number> = {};
  const uncheckedByKind: Record<string, number> = {};

  const add = (m: ManifestObject, rule: FindingRule, field: string, message: string, severity: Finding['severity'] = 'error') =>
    findings.push({ severity, rule, file: m.file, object: describeObject(m.object), field, message });
  // CEL rules reported as not checked in this cluster: each once
  const uncheckedRules = new Set<string>();

  // --- identity and index of what the tree holds
  const wellFormed: ManifestObject[] = [];
  const identities = new Map<string, ManifestObject>();
  for (const m of objects) {
    const { apiVersion, kind } = m.object;
    const name = str(asObject(m.object.metadata)?.name);
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !name) {
      add(m, 'schema', '', 'needs apiVersion, kind and metadata.name');
      continue;
    }
    const ns = str(asObject(m.object.metadata)?.namespace) ?? '';
    const id = `${groupOf(apiVersion)}/${kind}/${ns}/${name}`;
    const first = identities.get(id);
    if (first) {
      add(m, 'duplicate', '', `is defined twice (also in ${first.file})`);
      continue;
    }
    identities.set(id, m);
    wellFormed.push(m);
  }
  // the tenant boundary: a team's apps folder holds only its kinds, in its namespaces
  for (const p of checkTenantFiles(wellFormed, cluster, options.tenants)) add(p.object, 'tenant', p.field, p.message, p.severity);
  // the tenant rules, as the cluster's admission policies enforce them on what each team applies
  const ruleContext = options.tenantRules?.[cluster];
  if (ruleContext) {
    const applied = wellFormed.map((m) => ({ manifest: m, appliedBy: appliedByOfFile(m.file, cluster) }));
    for (const p of checkTenantRules(tenantRules(ruleContext), applied)) add(p.manifest, 'tenant', p.field, `${p.message} (admission policy ${p.rule})`);
  }
  // indexes of the tree, so that each check looks up what it needs instead of scanning every object
  const kindIndex = new Map<string, ManifestObject[]>();
  const namespaceIndex = new Map<string | undefined, ManifestObject[]>();
  const push = <K>(map: Map<K, ManifestObject[]>, key: K, m: ManifestObject) => {
    const list = map.get(key);
    if (list) list.push(m);
    else map.set(key, [m]);
  };
  for (const m of wellFormed) {
    push(kindIndex, `${groupOf(String(m.object.apiVersion))}/${String(m.object.kind)}`, m);
    push(namespaceIndex, str(asObject(m.object.metadata)?.namespace), m);
  }
  const byKind = (group: string, kind: string): readonly ManifestObject[] => kindIndex.get(`${group}/${kind}`) ?? [];
  const inNamespace = (ns: string | undefined): readonly ManifestObject[] => namespaceIndex.get(ns) ?? [];
  const nameOf = (m: ManifestObject) => String(asObject(m.object.metadata)?.name);
  const nsOf = (m: ManifestObject) => str(asObject(m.object.metadata)?.namespace);
  const tree: TreeIndex = { all: wellFormed, byKind, inNamespace };
  const namespaces = new Set([...byKind('', 'Namespace').map(nameOf), ...(options.knownNamespaces ?? [])]);
  // the composite resource kinds this tree's XRDs define
  const xrdKinds = kindsFromXrds(wellFormed);
  const xrdKind = (apiVersion: string, kind: string) => xrdKinds.find((k) => `${k.group}/${k.version}` === apiVersion && k.kind === kind);

  for (const m of wellFormed) {
    const apiVersion = String(m.object.apiVersion);
    const kind = String(m.object.kind);
    const key = `${apiVersion}/${kind}`;
    const metadata = asObject(m.object.metadata) ?? {};

    // --- names and keys, as the API server checks them (before anything prints them raw)
    for (const p of checkApiNames(m.object)) add(m, 'schema', p.field, p.message);

    // --- schema
    let scope: 'Namespaced' | 'Cluster' | undefined;
    const fromCatalog = catalog.kind(apiVersion, kind);
    const known = fromCatalog ?? xrdKind(apiVersion, kind);
    if (known) {
      scope = known.scope;
      for (const p of checkObjectMeta(metadata)) add(m, 'schema', p.field, p.message);
      const bundled = fromCatalog !== undefined && options.catalog === undefined;
      for (const p of checkCustomResourceMemo(known, bundled, m.object, uncheckedRules)) add(m, p.rule, p.field, p.message, p.severity);
      checkedByKind[key] = (checkedByKind[key] ?? 0) + 1;
    } else if (isCoreApiVersion(apiVersion) && isKnownCoreKind(apiVersion, kind)) {
      scope = isClusterScopedCoreKind(kind) ? 'Cluster' : 'Namespaced';
      for (const p of checkCoreObject(m.object)) add(m, 'schema', p.field, p.message);
      checkedByKind[key] = (checkedByKind[key] ?? 0) + 1;
    } else {
      const served = catalog.versionsOf(groupOf(apiVersion), kind);
      if (served.length) {
        add(m, 'schema', 'apiVersion', `${apiVersion} is not a served version of ${kind} (served: ${served.map((v) => `${groupOf(apiVersion)}/${v}`).join(', ')})`);
      } else {
        add(m, 'unchecked', '', `kind ${key} has no schema in the catalog: not checked`, 'warning');
      }
      uncheckedByKind[key] = (uncheckedByKind[key] ?? 0) + 1;
    }

    // --- namespaces
    const ns = str(metadata.namespace);
    if (scope === 'Namespaced') {
      if (!ns) add(m, 'reference', 'metadata.namespace', `${kind} is namespaced: name its namespace`);
      else if (!namespaces.has(ns)) add(m, 'reference', 'metadata.namespace', `namespace "${ns}" does not exist in the tree`);
    } else if (scope === 'Cluster' && ns) {
      add(m, 'reference', 'metadata.namespace', `${kind} is cluster-scoped and must not set a namespace`);
    }

    // --- references and policies per kind
    if (groupOf(apiVersion) === 'external-secrets.io' && kind === 'ExternalSecret') {
      const spec = asObject(m.object.spec) ?? {};
      const refs: [string, unknown][] = [['spec.secretStoreRef', spec.secretStoreRef]];
      asArray(spec.data).forEach((d, i) => refs.push([`spec.data[${i}].sourceRef.storeRef`, asObject(asObject(d)?.sourceRef)?.storeRef]));
      asArray(spec.dataFrom).forEach((d, i) => refs.push([`spec.dataFrom[${i}].sourceRef.storeRef`, asObject(asObject(d)?.sourceRef)?.storeRef]));
      for (const [field, ref] of refs) {
        const r = asObject(ref);
        if (!r) continue;
        const storeKind = str(r.kind) ?? 'SecretStore';
        const storeName = str(r.name);
        const found = byKind('external-secrets.io', storeKind).some((s) => nameOf(s) === storeName && (storeKind === 'ClusterSecretStore' || nsOf(s) === ns));
        if (!found) {
          add(
            m,
            'reference',
            `${field}.name`,
            storeKind === 'ClusterSecretStore' ? `ClusterSecretStore "${storeName}" does not exist in the tree` : `SecretStore "${storeName}" does not exist in namespace "${ns}"`,
          );
        }
      }
    }

    for (const p of checkComposition(m, catalog, xrdKinds)) add(m, p.rule, p.field, p.message, p.severity);

    if (groupOf(apiVersion) === 'argoproj.io' && kind === 'Application') {
      checkArgoApplication(m, tree, (field, message) => add(m, 'reference', field, message));
      // Helm refuses values its chart's schema does not allow
      const spec = asObject(m.object.spec) ?? {};
      for (const { field: at, source } of applicationSources(spec)) {
        const values = asObject(asObject(source.helm)?.valuesObject);
        const schema = values && str(source.chart) ? catalog.chartValuesSchema(String(source.repoURL), String(source.chart), String(source.targetRevision)) : undefined;
        if (schema)
          for (const p of checkSchema(compile(schema, 'asIs'), values, `${at}.helm.valuesObject`)) add(m, 'schema', p.field, `${p.message} (the ${String(source.chart)} chart's values.schema.json)`);
      }
    }

    if (groupOf(apiVersion) === 'core.oam.dev' && kind === 'Application') {
      checkVelaApplication(m, catalog, tree, (field, message, rule = 'reference') => add(m, rule, field, message));
    }

    for (const p of checkReleases(m.object, catalog.releases)) add(m, 'release', p.field, p.message, 'warning');
    for (const p of checkSecret(m.object)) add(m, 'policy', p.field, p.message);
    for (const p of checkSecretValues(m.object)) add(m, 'policy', p.field, p.message);
    for (const p of checkPrometheusRule(m.object)) add(m, 'schema', p.field, p.message);
    for (const p of checkWorkload(m.object)) add(m, 'policy', p.field, p.message);
    for (const p of checkRbac(m.object)) add(m, 'policy', p.field, p.message);
    for (const p of checkAppProject(m.object)) add(m, 'policy', p.field, p.message);
    if (kind === 'Namespace') {
      const name = nameOf(m);
      const inside = inNamespace(name).map((o) => ({ kind: String(o.object.kind), name: nameOf(o), spec: o.object.spec }));
      for (const p of checkTeamNamespace(m.object, inside)) add(m, 'policy', p.field, p.message);
    }
  }

  for (const p of checkRoutes(wellFormed, tree, options.routing?.[cluster])) add(p.object, p.rule, p.field, p.message, p.severity);
  // an app's NetworkPolicy left behind when the app went
  for (const p of checkAppLeftovers(wellFormed, byKind('core.oam.dev', 'Application'))) add(p.object, 'reference', 'metadata.labels', p.message);

  return { findings: sortFindings(findings), objects: objects.length, checkedByKind, uncheckedByKind };
}

/** What the checks of one object may look up in its tree (one cluster). */
interface TreeIndex {
  /** Every well-formed object, in order. */
  readonly all: readonly ManifestObject[];
  /** The objects of a kind (`group` is '' for the core group), in order. */
  readonly byKind: (group: string, kind: string) => readonly ManifestObject[];
  /** The objects in a namespace (undefined: the objects without one), in order. */
  readonly inNamespace: (ns: string | undefined) => readonly ManifestObject[];
}

/** The Secrets written in each namespace (by ExternalSecrets, Secrets, connection details), with their keys: computed once per tree. */
const secretKeysCache = new WeakMap<TreeIndex, Map<string | undefined, Map<string, Set<string> | 'any'>>>();

function secretKeysIn(tree: TreeIndex, ns: string | undefined): Map<string, Set<string> | 'any'> {
  let byNamespace = secretKeysCache.get(tree);
  if (!byNamespace) {
    byNamespace = new Map();
    secretKeysCache.set(tree, byNamespace);
  }
  let secretKeys = byNamespace.get(ns);
  if (secretKeys) return secretKeys;
  secretKeys = new Map<string, Set<string> | 'any'>();
  const inNamespace = tree.inNamespace(ns);
  for (const o of inNamespace) {
    if (groupOf(String(o.object.apiVersion)) !== 'external-secrets.io' || o.object.kind !== 'ExternalSecret') continue;
    const esSpec = asObject(o.object.spec) ?? {};
    const target = str(asObject(esSpec.target)?.name) ?? String(asObject(o.object.metadata)?.name);
    const keys = asArray(esSpec.data)
      .map((d) => str(asObject(d)?.secretKey))
      .filter((k): k is string => k !== undefined);
    secretKeys.set(target, asArray(esSpec.dataFrom).length > 0 || asObject(asObject(esSpec.target)?.template) ? 'any' : new Set(keys));
  }
  for (const o of inNamespace) {
    if (o.object.apiVersion === 'v1' && o.object.kind === 'Secret') secretKeys.set(String(asObject(o.object.metadata)?.name), 'any');
    // a composite or managed resource that writes its connection details
    const connection = str(asObject(asObject(o.object.spec)?.writeConnectionSecretToRef)?.name);
    if (connection) secretKeys.set(connection, 'any');
  }
  byNamespace.set(ns, secretKeys);
  return secretKeys;
}

/** The JSON Schema of a tree definition's `parameter` block, by template; null when it cannot be read. */
const treeParameterSchemas = new Map<string, Record<string, unknown> | null>();
function treeParameterSchema(template: string): Record<string, unknown> | null {
  if (!treeParameterSchemas.has(template)) {
    let schema: Record<string, unknown> | null;
    try {
      schema = parameterSchema(template) as Record<string, unknown>;
    } catch (e) {
      if (!(e instanceof CueParseError)) throw e;
      schema = null;
    }
    treeParameterSchemas.set(template, schema);
  }
  return treeParameterSchemas.get(template) ?? null;
}

function checkVelaApplication(m: ManifestObject, catalog: SchemaCatalog, tree: TreeIndex, add: (field: string, message: string, rule?: FindingRule) => void): void {
  const ns = str(asObject(m.object.metadata)?.namespace);
  const spec = asObject(m.object.spec) ?? {};
  const inTree = (kind: string) => new Set(tree.byKind('core.oam.dev', kind).map((o) => String(asObject(o.object.metadata)?.name)));
  const treeDefinition = (kind: string, name: string) => tree.byKind('core.oam.dev', kind).find((o) => asObject(o.object.metadata)?.name === name);
  const checkType = (field: string, type: unknown, properties: unknown, defKind: string) => {
    const name = str(type);
    const vendored = name ? catalog.definition(name) : undefined;
    if (vendored && vendored.kind === defKind) {
      if (vendored.parameterSchema === null) {
        add(`${field}.properties`, `the parameters of ${defKind} "${name}" could not be read: properties not checked`, 'unchecked');
      } else {
        for (const p of checkSchema(compile(vendored.parameterSchema, 'asIs'), properties ?? {}, `${field}.properties`)) add(p.field, p.message, 'schema');
      }
      return;
    }
    const own = name ? treeDefinition(defKind, name) : undefined;
    if (own) {
      // a definition of the tree (the platform's own): its parameter block, read as the import reads upstream ones
      const template = str(asObject(asObject(asObject(own.object.spec)?.schematic)?.cue)?.template);
      const schema = template === undefined ? null : treeParameterSchema(template);
      if (schema === null) add(`${field}.properties`, `the parameters of ${defKind} "${name}" (${own.file}) could not be read: properties not checked`, 'unchecked');
      else for (const p of checkSchema(compile(schema, 'asIs'), properties ?? {}, `${field}.properties`)) add(p.field, p.message, 'schema');
      return;
    }
    add(`${field}.type`, `${defKind} "${String(type)}" is not installed by the platform (available: ${[...catalog.definitionNames(defKind), ...inTree(defKind)].join(', ')})`);
  };

  // Secrets the tree's ExternalSecrets write in this namespace, with their keys
  const secretKeys = secretKeysIn(tree, ns);

  asArray(spec.components).forEach((c, i) => {
    const component = asObject(c) ?? {};
    const at = `spec.components[${i}]`;
    checkType(at, component.type, component.properties, 'ComponentDefinition');
    asArray(component.traits).forEach((t, j) => {
      const trait = asObject(t) ?? {};
      checkType(`${at}.traits[${j}]`, trait.type, trait.properties, 'TraitDefinition');
    });
    asArray(asObject(component.properties)?.env).forEach((e, j) => {
      const ref = asObject(asObject(asObject(e)?.valueFrom)?.secretKeyRef);
      if (!ref) return;
      const secretName = str(ref.name) ?? '';
      const key = str(ref.key) ?? '';
      const keys = secretKeys.get(secretName);
      const field = `${at}.properties.env[${j}].valueFrom.secretKeyRef`;
      if (!keys) add(`${field}.name`, `no ExternalSecret in namespace "${ns}" writes a Secret "${secretName}"`);
      else if (keys !== 'any' && !keys.has(key)) add(`${field}.key`, `the Secret "${secretName}" has no key "${key}" (its ExternalSecret writes ${[...keys].join(', ') || 'none'})`);
    });
    for (const p of checkComponentSecurity(component, at)) add(p.field, p.message, 'policy');
  });
  asArray(spec.policies).forEach((p, i) => {
    const policy = asObject(p) ?? {};
    checkType(`spec.policies[${i}]`, policy.type, policy.properties, 'PolicyDefinition');
  });
  // a workflow: its steps' types, and the components they apply (once each)
  const componentNames = asArray(spec.components).map((c) => str(asObject(c)?.name));
  const applied = new Map<string, number>();
  asArray(asObject(spec.workflow)?.steps).forEach((st, i) => {
    const step = asObject(st) ?? {};
    checkType(`spec.workflow.steps[${i}]`, step.type, step.properties, 'WorkflowStepDefinition');
    if (step.type !== 'apply-component') return;
    const component = str(asObject(step.properties)?.component);
    const field = `spec.workflow.steps[${i}].properties.component`;
    if (!component || !componentNames.includes(component)) add(field, `no component "${String(component)}" in the Application (components: ${componentNames.join(', ')})`);
    else if (applied.has(component)) add(field, `component "${component}" is already applied by step ${applied.get(component)}`);
    else applied.set(component, i);
  });
  if (applied.size > 0) {
    // with a workflow, KubeVela applies only what its steps apply
    for (const name of componentNames)
      if (name && !applied.has(name)) add('spec.workflow.steps', `component "${name}" is applied by no step: with a workflow, KubeVela deploys only what the steps apply`);
  }
}

const folderCache = new WeakMap<TreeIndex, Set<string>>();

/** Every folder that holds a file of the tree (computed once per tree). */
function foldersOf(tree: TreeIndex): Set<string> {
  let folders = folderCache.get(tree);
  if (!folders) {
    folders = new Set<string>();
    for (const o of tree.all) {
      const parts = o.file.split('/');
      for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
    }
    folderCache.set(tree, folders);
  }
  return folders;
}

/** Whether a value matches an Argo CD pattern (exact, or `*` globs). */
function globMatch(pattern: string, value: string): boolean {
  if (pattern === value) return true;
  if (!pattern.includes('*')) return false;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(value);
}

/**
 * An Argo CD Application's references: its project exists in the tree and
 * allows its destination namespace and its source repository, and a Git
 * source's path is a folder of the tree.
 */
function checkArgoApplication(m: ManifestObject, tree: TreeIndex, add: (field: string, message: string) => void): void {
  const spec = asObject(m.object.spec) ?? {};
  const projectName = str(spec.project) ?? 'default';
  const project = tree.byKind('argoproj.io', 'AppProject').find((o) => asObject(o.object.metadata)?.name === projectName);
  const destination = asObject(spec.destination) ?? {};
  const sources = applicationSources(spec);
  if (!project) {
    add('spec.project', `AppProject "${projectName}" does not exist in the tree`);
  } else {
    const pspec = asObject(project.object.spec) ?? {};
    const ns = str(destination.namespace) ?? '';
    const server = str(destination.server) ?? '';
    const allowed = asArray(pspec.destinations)
      .map(asObject)
      .some((d) => d && globMatch(str(d.namespace) ?? '', ns) && (d.server === undefined || globMatch(str(d.server) ?? '', server)));
    if (!allowed) add('spec.destination.namespace', `project "${projectName}" does not allow namespace "${ns}"`);
    for (const { field, source } of sources) {
      const repo = str(source.repoURL) ?? '';
      if (!asArray(pspec.sourceRepos).some((r) => globMatch(String(r), repo))) add(`${field}.repoURL`, `project "${projectName}" does not allow repository "${repo}"`);
    }
  }
  // a Git directory must exist in the tree (Helm charts are pinned by version instead)
  const folders = foldersOf(tree);
  for (const { field, source } of sources) {
    if (source.chart !== undefined) {
      if (!str(source.targetRevision) || /[*^~><]|latest/.test(String(source.targetRevision))) add(`${field}.targetRevision`, 'a Helm chart must be pinned to one version');
      continue;
    }
    const path = str(source.path);
    if (path === undefined) continue;
    const segments = path.split('/').filter(Boolean);
    const exists = segments.some((_, k) => folders.has(segments.slice(k).join('/')));
    if (!exists) add(`${field}.path`, `"${path}" is not a folder of the tree`);
  }
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.object, b.object) || compareStrings(a.field, b.field));
}
