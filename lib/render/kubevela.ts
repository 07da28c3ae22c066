import { SchemaCatalog } from '../validate/catalog';
import { type ManifestObject, describeObject } from '../validate/findings';
import { AUXILIARY_WORKLOAD, renderComponent } from './engine';
import { checkInvariants } from './invariants';
import { type Json, isJsonObject } from './json';
import { auxiliaryName } from './naming';

export { renderProgram } from './engine';

/** The Kubernetes version the renderer tells templates the cluster runs (`context.clusterVersion`). */
export const RENDER_CLUSTER_VERSION = { major: 1, minor: 32, gitVersion: 'v1.32.0' } as const;

/** One object KubeVela would create for an Application. */
export interface RenderedObject {
  /** The file of the Application it comes from. */
  readonly file: string;
  /** The Application, as `Application namespace/name`. */
  readonly application: string;
  /** The component it belongs to. */
  readonly component: string;
  /** `workload`, or the trait type or output name that made it. */
  readonly origin: string;
  readonly object: Record<string, unknown>;
}

/** Something the renderer could not render. */
export interface RenderProblem {
  readonly file: string;
  readonly application: string;
  readonly field: string;
  readonly message: string;
}

/** What {@link renderApplications} produced. */
export interface RenderResult {
  readonly objects: readonly RenderedObject[];
  readonly problems: readonly RenderProblem[];
  /** Applications rendered. */
  readonly applications: number;
}

/** Options of {@link renderApplications}. */
export interface RenderOptions {
  /**
   * Where the definitions' templates come from (plus definitions found in the tree).
   * @default - the bundled catalog
   */
  readonly catalog?: SchemaCatalog;
  /**
   * Render only the Applications of this name.
   * @default - every Application
   */
  readonly app?: string;
}

type Obj = Record<string, unknown>;

const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const isVelaApplication = (o: Obj) => typeof o.apiVersion === 'string' && o.apiVersion.startsWith('core.oam.dev/') && o.kind === 'Application';

/**
 * Renders KubeVela Applications offline into the objects KubeVela would
 * create: each component's workload, patched by its traits with KubeVela's
 * semantics (see lib/render/patch.ts), and the components' and traits'
 * auxiliary objects (Services, Ingresses…), through the vendored definitions.
 * A component whose definitions fail (no template, CUE errors, a patch
 * KubeVela would refuse, a trait's `errs`) renders nothing and is reported,
 * as are rendered objects that break an invariant (lib/render/invariants.ts).
 */
export async function renderApplications(manifests: readonly ManifestObject[], options: RenderOptions = {}): Promise<RenderResult> {
  const templateOf = definitionTemplates(manifests, options.catalog ?? SchemaCatalog.bundled());
  const objects: RenderedObject[] = [];
  const problems: RenderProblem[] = [];
  let applications = 0;
  for (const m of manifests) {
    if (!isVelaApplication(m.object)) continue;
    const appName = String(asObject(m.object.metadata)?.name);
    if (options.app !== undefined && appName !== options.app) continue;
    applications++;
    const described = describeObject(m.object);
    const application: ApplicationContext = {
      file: m.file,
      appName,
      namespace: String(asObject(m.object.metadata)?.namespace ?? 'default'),
      application: described,
      templateOf,
      problem: (field, message) => problems.push({ file: m.file, application: described, field, message }),
    };
    for (const [ci, c] of asArray(asObject(m.object.spec)?.components).entries()) {
      objects.push(...(await renderOneComponent(application, ci, asObject(c) ?? {})));
    }
  }
  return { objects, problems, applications };
}

/** A definition's CUE template by kind and type: from the tree's own definitions first, then the catalog's. */
type TemplateOf = (kind: 'ComponentDefinition' | 'TraitDefinition', type: string) => string | undefined;

/** The templates of the definitions in the tree, then those of the catalog. */
function definitionTemplates(manifests: readonly ManifestObject[], catalog: SchemaCatalog): TemplateOf {
  const inTree = new Map<string, string>();
  for (const m of manifests) {
    const o = m.object;
    if (typeof o.apiVersion === 'string' && o.apiVersion.startsWith('core.oam.dev/') && (o.kind === 'ComponentDefinition' || o.kind === 'TraitDefinition')) {
      const template = asObject(asObject(asObject(o.spec)?.schematic)?.cue)?.template;
      const name = asObject(o.metadata)?.name;
      if (typeof template === 'string' && typeof name === 'string') inTree.set(`${o.kind}/${name}`, template);
    }
  }
  return (kind, type) => inTree.get(`${kind}/${type}`) ?? (catalog.definition(type)?.kind === kind ? catalog.definition(type)?.template : undefined);
}

/** One Application being rendered: where it is, its names, the templates, and where its problems go. */
interface ApplicationContext {
  readonly file: string;
  readonly appName: string;
  readonly namespace: string;
  /** The Application, as `Application namespace/name`. */
  readonly application: string;
  readonly templateOf: TemplateOf;
  readonly problem: (field: string, message: string) => void;
}

/** The objects of one component (`spec.components[ci]`): none when a definition is missing or fails (reported). */
async function renderOneComponent(app: ApplicationContext, ci: number, component: Obj): Promise<RenderedObject[]> {
  const { file, appName, namespace, application, templateOf, problem } = app;
  const name = String(component.name);
  const at = `spec.components[${ci}]`;
  const type = String(component.type);
  const template = templateOf('ComponentDefinition', type);
  if (!template) {
    problem(`${at}.type`, `cannot render component type "${type}": no ComponentDefinition with a CUE template`);
    return [];
  }
  const traits = traitTemplates(component, at, templateOf, problem);
  if (!traits) return [];
  const context: { [key: string]: Json } = {
    name,
    appName,
    namespace,
    appRevision: `${appName}-v1`,
    appRevisionNum: 1,
    revision: '',
    components: [],
    appLabels: {},
    appAnnotations: {},
    workflowName: '',
    publishVersion: '',
    clusterVersion: RENDER_CLUSTER_VERSION,
  };
  const r = await renderComponent({ type, template, ...(component.properties !== undefined ? { properties: component.properties as Json } : {}) }, traits, context);
  if (r.failure) {
    const field = r.failure.at === 'component' ? `${at}.properties` : `${at}.traits[${r.failure.at}].properties`;
    problem(field, `${r.failure.message} (KubeVela would not render component "${name}": nothing of it is rendered)`);
    return [];
  }

  const labels = { 'app.oam.dev/name': appName, 'app.oam.dev/component': name };
  const finish = (o: Json, defaultName: string): Obj => {
    const object = isJsonObject(o) ? o : {};
    const metadata = isJsonObject(object.metadata) ? object.metadata : {};
    return {
      ...object,
      metadata: {
        ...metadata,
        name: metadata.name ?? defaultName,
        namespace: metadata.namespace ?? namespace,
        labels: { ...(isJsonObject(metadata.labels) ? metadata.labels : {}), ...labels },
      },
    };
  };
  const rendered: RenderedObject[] = [{ file, application, component: name, origin: 'workload', object: finish(r.workload ?? {}, name) }];
  for (const a of r.auxiliaries) {
    const origin = a.type === AUXILIARY_WORKLOAD ? a.name : `${a.type}/${a.name}`;
    rendered.push({ file, application, component: name, origin, object: finish(a.object, auxiliaryName(name, a.type, a.object)) });
  }
  for (const o of rendered) {
    const violations = checkInvariants(o.object as Json, o.origin === 'workload' ? r.initialWorkload : undefined);
    for (const v of violations) problem(at, `rendered ${describeObject(o.object)} (${o.origin}): ${v.field}: ${v.message}`);
  }
  return rendered;
}

/** The component's traits with their templates; undefined (each missing one reported) when a trait has none. */
function traitTemplates(component: Obj, at: string, templateOf: TemplateOf, problem: ApplicationContext['problem']): { type: string; template: string; properties?: Json }[] | undefined {
  const traits: { type: string; template: string; properties?: Json }[] = [];
  let missing = false;
  for (const [ti, t] of asArray(component.traits).entries()) {
    const trait = asObject(t) ?? {};
    const traitType = String(trait.type);
    const traitTemplate = templateOf('TraitDefinition', traitType);
    if (!traitTemplate) {
      problem(`${at}.traits[${ti}].type`, `cannot render trait type "${traitType}": no TraitDefinition with a CUE template`);
      missing = true;
      continue;
    }
    traits.push({ type: traitType, template: traitTemplate, ...(trait.properties !== undefined ? { properties: trait.properties as Json } : {}) });
  }
  return missing ? undefined : traits;
}
