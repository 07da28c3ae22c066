import { isPreviewFile } from '../org/preview-names';
import * as fs from 'fs';
import * as path from 'path';
import type { Entity } from '@backstage/catalog-model';
import { type Finding, type FindingRule, type ManifestObject, describeObject } from './findings';
import { findImportsDir } from './catalog';
import { backstageProblem } from './backstage-errors';
import { readLocationTarget } from './location-targets';
import { type CatalogTeam, checkCatalogOwnership } from './catalog-ownership';

/**
 * Checks of Backstage catalog entities (`backstage.io/*`, `scaffolder.backstage.io/*`):
 * relations resolve, Locations list every entity, and every deployed KubeVela
 * Application has exactly one Component (and the reverse). The entities'
 * own schemas and Backstage's policies are checked by {@link checkEntitiesWithBackstage}.
 */

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The annotation by which a Component names the KubeVela Application that runs it (`namespace/name`). */
export const KUBEVELA_APPLICATION_ANNOTATION = 'paved.dev/kubevela-application';

/** Whether an object is a Backstage catalog entity rather than a Kubernetes object. */
export function isCatalogEntity(object: Obj): boolean {
  const v = object.apiVersion;
  return typeof v === 'string' && (v.startsWith('backstage.io/') || v.startsWith('scaffolder.backstage.io/'));
}

/** A relation field of a kind: where it is, and the kind a reference without one means. */
interface RelationField {
  readonly field: string;
  readonly defaultKind?: string;
  /** References to kinds an identity provider brings (users) are not expected in the tree. */
  readonly external?: boolean;
}

const RELATIONS: Record<string, readonly RelationField[]> = {
  component: [
    { field: 'owner', defaultKind: 'group' },
    { field: 'system', defaultKind: 'system' },
    { field: 'subcomponentOf', defaultKind: 'component' },
    { field: 'providesApis', defaultKind: 'api' },
    { field: 'consumesApis', defaultKind: 'api' },
    { field: 'dependsOn' },
    { field: 'dependencyOf' },
  ],
  api: [
    { field: 'owner', defaultKind: 'group' },
    { field: 'system', defaultKind: 'system' },
  ],
  resource: [{ field: 'owner', defaultKind: 'group' }, { field: 'system', defaultKind: 'system' }, { field: 'dependsOn' }, { field: 'dependencyOf' }],
  system: [
    { field: 'owner', defaultKind: 'group' },
    { field: 'domain', defaultKind: 'domain' },
  ],
  domain: [
    { field: 'owner', defaultKind: 'group' },
    { field: 'subdomainOf', defaultKind: 'domain' },
  ],
  group: [
    { field: 'parent', defaultKind: 'group' },
    { field: 'children', defaultKind: 'group' },
    { field: 'members', defaultKind: 'user', external: true },
  ],
  user: [{ field: 'memberOf', defaultKind: 'group', external: true }],
  template: [{ field: 'owner', defaultKind: 'group' }],
};

/** An entity reference `[kind:][namespace/]name`, with the defaults filled in (kinds compared in lower case). */
function parseRef(ref: string, defaultKind: string | undefined, defaultNamespace: string): { kind: string; namespace: string; name: string } | undefined {
  const m = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(ref);
  if (!m) return undefined;
  const kind = m[1] ?? defaultKind;
  if (!kind) return undefined;
  return { kind: kind.toLowerCase(), namespace: m[2] ?? defaultNamespace, name: m[3] };
}

const refKey = (kind: string, namespace: string, name: string) => `${kind.toLowerCase()}:${namespace}/${name}`;
const namespaceOf = (o: Obj) => str(asObject(o.metadata)?.namespace) ?? 'default';
const nameOf = (o: Obj) => String(asObject(o.metadata)?.name);

/** What {@link checkCatalog} found. */
export interface CatalogCheck {
  readonly findings: Finding[];
  readonly checkedByKind: Record<string, number>;
}

/**
 * Checks the catalog entities of a tree against each other and against the
 * tree's Kubernetes objects (`manifests`), and each team's entities against
 * the team (`teams`: from the org; see checkCatalogOwnership).
 */
export function checkCatalog(entities: readonly ManifestObject[], manifests: readonly ManifestObject[], teams?: Readonly<Record<string, CatalogTeam>>): CatalogCheck {
  const findings: Finding[] = [];
  const checkedByKind: Record<string, number> = {};
  const add: AddFinding = (m, rule, field, message) => findings.push({ severity: 'error', rule, file: m.file, object: describeObject(m.object), field, message });

  // --- identities
  const byRef = new Map<string, ManifestObject>();
  const wellFormed: ManifestObject[] = [];
  for (const m of entities) {
    const kind = str(m.object.kind);
    const name = str(asObject(m.object.metadata)?.name);
    if (!kind || !name) {
      add(m, 'schema', '', 'needs apiVersion, kind and metadata.name');
      continue;
    }
    const key = refKey(kind, namespaceOf(m.object), name);
    const first = byRef.get(key);
    if (first) {
      add(m, 'duplicate', 'metadata.name', `is defined twice (also in ${first.file}): Backstage keeps one entity per kind, namespace and name`);
      continue;
    }
    byRef.set(key, m);
    wellFormed.push(m);
    const k = `${String(m.object.apiVersion)}/${kind}`;
    checkedByKind[k] = (checkedByKind[k] ?? 0) + 1;
  }

  for (const m of wellFormed) checkRelations(m, byRef, add);
  checkLocations(entities, manifests, wellFormed, add);
  if (wellFormed.length > 0) checkComponents(manifests, wellFormed, add, findings);
  findings.push(...checkCatalogOwnership(wellFormed, manifests, teams));
  return { findings, checkedByKind };
}

/** Where the catalog checks report a finding on an entity. */
type AddFinding = (m: ManifestObject, rule: FindingRule, field: string, message: string) => void;

/** An entity's relations resolve to entities of the tree (`byRef`), users of the identity provider aside. */
function checkRelations(m: ManifestObject, byRef: ReadonlyMap<string, ManifestObject>, add: AddFinding): void {
  const spec = asObject(m.object.spec) ?? {};
  const ns = namespaceOf(m.object);
  for (const rel of RELATIONS[String(m.object.kind).toLowerCase()] ?? []) {
    const value = spec[rel.field];
    const refs = Array.isArray(value) ? value.map((v, i) => [`spec.${rel.field}[${i}]`, v] as const) : value === undefined ? [] : [[`spec.${rel.field}`, value] as const];
    for (const [field, ref] of refs) {
      if (typeof ref !== 'string') {
        add(m, 'schema', field, 'must be an entity reference ([kind:][namespace/]name)');
        continue;
      }
      const parsed = parseRef(ref, rel.defaultKind, ns);
      if (!parsed) {
        add(m, 'reference', field, `"${ref}" is not an entity reference${rel.defaultKind ? '' : ' with a kind (kind:[namespace/]name)'}`);
        continue;
      }
      if (rel.external && parsed.kind === 'user') continue;
      if (!byRef.has(refKey(parsed.kind, parsed.namespace, parsed.name))) {
        add(m, 'reference', field, `${parsed.kind}:${parsed.namespace}/${parsed.name} is not an entity of the tree`);
      }
    }
  }
}

/** Locations: their targets read files of the tree (as Backstage reads them, globs included), and every entity is reachable from one. */
function checkLocations(entities: readonly ManifestObject[], manifests: readonly ManifestObject[], wellFormed: readonly ManifestObject[], add: AddFinding): void {
  const files = new Set(entities.map((m) => m.file));
  const treeFiles = [...new Set([...files, ...manifests.map((m) => m.file)])];
  const locations = wellFormed.filter((m) => String(m.object.kind) === 'Location');
  const targetsOf = new Map<string, string[]>();
  for (const m of locations) targetsOf.set(m.file, [...(targetsOf.get(m.file) ?? []), ...readTargets(m, treeFiles, files, add)]);
  if (locations.length === 0) return;
  // a Location that only lists itself (a glob that matches its own file) is still one Backstage is pointed at
  const listed = new Set([...targetsOf].flatMap(([file, targets]) => targets.filter((t) => t !== file)));
  const reached = new Set<string>();
  const queue = locations.map((l) => l.file).filter((f) => !listed.has(f));
  while (queue.length) {
    const f = queue.pop() as string;
    if (reached.has(f)) continue;
    reached.add(f);
    queue.push(...(targetsOf.get(f) ?? []));
  }
  for (const m of wellFormed) {
    if (!reached.has(m.file)) add(m, 'reference', '', `no Location of the tree lists ${m.file}: Backstage would not find it`);
  }
}

/** Every deployed app (a KubeVela Application of `manifests`) has exactly one Component, and every Component an app. */
function checkComponents(manifests: readonly ManifestObject[], wellFormed: readonly ManifestObject[], add: AddFinding, findings: Finding[]): void {
  const apps = new Map<string, ManifestObject>();
  for (const o of manifests) {
    // a preview of a pull request is its app's, which the catalog describes: not an app of its own
    if (typeof o.object.apiVersion === 'string' && o.object.apiVersion.startsWith('core.oam.dev/') && o.object.kind === 'Application' && !isPreviewFile(o.file)) {
      const key = `${str(asObject(o.object.metadata)?.namespace) ?? 'default'}/${nameOf(o.object)}`;
      if (!apps.has(key)) apps.set(key, o);
    }
  }
  const components = new Map<string, ManifestObject[]>();
  for (const m of wellFormed) {
    if (m.object.kind !== 'Component') continue;
    const app = str(asObject(asObject(m.object.metadata)?.annotations)?.[KUBEVELA_APPLICATION_ANNOTATION]);
    if (app === undefined) continue;
    components.set(app, [...(components.get(app) ?? []), m]);
    if (!apps.has(app)) add(m, 'reference', `metadata.annotations.${KUBEVELA_APPLICATION_ANNOTATION}`, `KubeVela Application ${app} runs in no environment of the tree`);
  }
  for (const [key, app] of apps) {
    const list = components.get(key) ?? [];
    if (list.length === 0) {
      findings.push({
        severity: 'error',
        rule: 'reference',
        file: app.file,
        object: describeObject(app.object),
        field: '',
        message: `no catalog Component describes it (annotation ${KUBEVELA_APPLICATION_ANNOTATION}: ${key})`,
      });
    } else if (list.length > 1) {
      for (const m of list.slice(1)) add(m, 'duplicate', `metadata.annotations.${KUBEVELA_APPLICATION_ANNOTATION}`, `KubeVela Application ${key} is also described by ${list[0].file}`);
    }
  }
}

/**
 * The entity files of the tree a Location reads (see {@link readLocationTarget}),
 * with what is wrong with its targets added as findings: a target paved cannot
 * read as Backstage would, a file that is not in the tree (unless the
 * Location's `presence` is `optional`), a glob that matches nothing (the same),
 * a glob that matches a file without catalog entities.
 */
function readTargets(m: ManifestObject, treeFiles: readonly string[], entityFiles: ReadonlySet<string>, add: AddFinding): string[] {
  const spec = asObject(m.object.spec) ?? {};
  const optional = spec.presence === 'optional';
  const targets = [...(str(spec.target) ? [String(spec.target)] : []), ...(Array.isArray(spec.targets) ? spec.targets : [])];
  const read: string[] = [];
  targets.forEach((t, i) => {
    const field = str(spec.target) && i === 0 ? 'spec.target' : `spec.targets[${str(spec.target) ? i - 1 : i}]`;
    if (typeof t !== 'string') {
      add(m, 'schema', field, 'must be a string');
      return;
    }
    const reading = readLocationTarget(m.file, t, treeFiles);
    // an absolute URL points outside the tree
    if (reading.kind === 'outside') return;
    if (reading.kind === 'unreadable') {
      add(m, 'reference', field, `"${t}" ${reading.reason}`);
      return;
    }
    if (!reading.glob) {
      if (entityFiles.has(reading.path)) read.push(reading.path);
      else if (!optional) add(m, 'reference', field, `"${t}" is not an entity file of the tree (${reading.path})`);
      return;
    }
    if (reading.files.length === 0 && !optional) {
      add(m, 'reference', field, `"${t}" matches no file of the tree (${reading.path}): Backstage reports the target as not found (presence: optional allows none)`);
    }
    for (const f of reading.files) {
      if (entityFiles.has(f)) read.push(f);
      else add(m, 'reference', field, `"${t}" matches ${f}, which holds no catalog entity: Backstage would read it and refuse what it holds`);
    }
  });
  return read;
}

/**
 * Checks entities with Backstage's own libraries, as its catalog would on
 * ingestion: the default entity policies (`@backstage/catalog-model`), each
 * built-in kind's schema, and Templates against the scaffolder's v1beta3
 * schema (`@backstage/plugin-scaffolder-common`). Kinds neither knows are
 * reported as unchecked.
 */
export async function checkEntitiesWithBackstage(entities: readonly ManifestObject[]): Promise<Finding[]> {
  if (entities.length === 0) return [];
  // loaded only when there are entities to check (the packages take a while to load)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const model = require('@backstage/catalog-model') as typeof import('@backstage/catalog-model');
  // the scaffolder's Template schema, as `npm run import` copied it from @backstage/plugin-scaffolder-common,
  // checked with catalog-model's schema validator: what the scaffolder's own validator does
  const templateFile = path.join(findImportsDir(), 'backstage', 'Template.v1beta3.schema.json');
  const templateValidator = model.entityKindSchemaValidator((JSON.parse(fs.readFileSync(templateFile, 'utf8')) as { schema: Parameters<typeof model.entityKindSchemaValidator>[0] }).schema);
  const templateV1beta3 = { check: async (data: Entity) => templateValidator(data) === data };
  const policy = model.EntityPolicies.allOf([
    new model.DefaultNamespaceEntityPolicy(),
    new model.NoForeignRootFieldsEntityPolicy(),
    new model.FieldFormatEntityPolicy(),
    new model.SchemaValidEntityPolicy(),
  ]);
  const validators: Record<string, { check(data: Entity): Promise<boolean> }> = {
    'backstage.io/v1alpha1/Component': model.componentEntityV1alpha1Validator,
    'backstage.io/v1alpha1/API': model.apiEntityV1alpha1Validator,
    'backstage.io/v1alpha1/Resource': model.resourceEntityV1alpha1Validator,
    'backstage.io/v1alpha1/System': model.systemEntityV1alpha1Validator,
    'backstage.io/v1alpha1/Domain': model.domainEntityV1alpha1Validator,
    'backstage.io/v1alpha1/Group': model.groupEntityV1alpha1Validator,
    'backstage.io/v1alpha1/User': model.userEntityV1alpha1Validator,
    'backstage.io/v1alpha1/Location': model.locationEntityV1alpha1Validator,
    'scaffolder.backstage.io/v1beta3/Template': templateV1beta3,
  };
  const findings: Finding[] = [];
  for (const m of entities) {
    const entity = m.object as unknown as Entity;
    const add = (rule: FindingRule, message: string, severity: Finding['severity'] = 'error', field = '') =>
      findings.push({ severity, rule, file: m.file, object: describeObject(m.object), field, message });
    // Backstage's errors, said at the field they are about (see lib/validate/backstage-errors.ts)
    const refused = (e: unknown, by: string) => {
      const p = backstageProblem(e instanceof Error ? e.message : String(e), by);
      add('schema', p.message, 'error', p.field);
    };
    try {
      await policy.enforce(structuredClone(entity));
    } catch (e) {
      refused(e, "Backstage's entity policies");
      continue;
    }
    const key = `${String(entity.apiVersion)}/${String(entity.kind)}`;
    const validator = validators[key];
    if (!validator) {
      add('unchecked', `kind ${key} is not a built-in Backstage kind: not checked`, 'warning');
      continue;
    }
    try {
      if (!(await validator.check(entity))) add('schema', `is not a valid ${key}`);
    } catch (e) {
      refused(e, `Backstage's ${key} schema`);
    }
  }
  return findings;
}
