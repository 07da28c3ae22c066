/**
 * A KubeVela Application's references in its tree: each component, trait,
 * policy and workflow step of a type the platform installs (the catalog's
 * definitions, or the tree's own), with properties its parameters allow; each
 * secret env var to a Secret the namespace's ExternalSecrets write, with the
 * key; each component applied once by the workflow, if it has one.
 */
import type { SchemaCatalog } from './catalog';
import type { FindingRule, ManifestObject } from './findings';
import { checkComponentSecurity } from './policies';
import { checkSchema, compile } from './schema-check';
import { CueParseError, parameterSchema } from './languages/cue-parameters';
import { type TreeIndex, groupOf } from './tree-index';
import { asObject, asArray, asString as str } from '../private/json-shape';

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

export function checkVelaApplication(m: ManifestObject, catalog: SchemaCatalog, tree: TreeIndex, add: (field: string, message: string, rule?: FindingRule) => void): void {
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
