import { SchemaCatalog } from '../validate/catalog';
import { ManifestObject, describeObject } from '../validate/findings';
import { evaluateCue } from './cue';
import { applyPatch, patchDirectives } from './patch';

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

/** A CUE program that evaluates a definition template and exports only what rendering needs. */
export function renderProgram(template: string, context: Obj, parameter: unknown): string {
  const m = /^\s*((?:import\s*(?:\([^)]*\)|"[^"]*")\s*)*)/.exec(template);
  const imports = m ? m[1] : '';
  const body = template.slice(imports.length);
  return [
    imports,
    '_t: {',
    body,
    `context: ${JSON.stringify(context)}`,
    `parameter: ${JSON.stringify(parameter ?? {})}`,
    '}',
    'if _t.output != _|_ { output: _t.output }',
    'if _t.outputs != _|_ { outputs: _t.outputs }',
    'if _t.patch != _|_ { patch: _t.patch }',
    'if _t.errs != _|_ { errs: _t.errs }',
    '',
  ].join('\n');
}

/**
 * Renders KubeVela Applications offline into the objects KubeVela would
 * create: each component's workload (with its traits' patches merged by their
 * `+patchKey`/`+patchStrategy` directives) and the components' and traits'
 * extra outputs (Services, Ingresses…), through the vendored definitions.
 * Definitions it does not have, or cannot evaluate, are reported as problems.
 */
export async function renderApplications(manifests: readonly ManifestObject[], options: RenderOptions = {}): Promise<RenderResult> {
  const catalog = options.catalog ?? SchemaCatalog.bundled();
  const inTree = new Map<string, string>();
  for (const m of manifests) {
    const o = m.object;
    if (typeof o.apiVersion === 'string' && o.apiVersion.startsWith('core.oam.dev/') && (o.kind === 'ComponentDefinition' || o.kind === 'TraitDefinition')) {
      const template = asObject(asObject(asObject(o.spec)?.schematic)?.cue)?.template;
      const name = asObject(o.metadata)?.name;
      if (typeof template === 'string' && typeof name === 'string') inTree.set(`${o.kind}/${name}`, template);
    }
  }
  const templateOf = (kind: string, type: string) => inTree.get(`${kind}/${type}`) ?? (catalog.definition(type)?.kind === kind ? catalog.definition(type)?.template : undefined);

  const objects: RenderedObject[] = [];
  const problems: RenderProblem[] = [];
  let applications = 0;
  for (const m of manifests) {
    if (!isVelaApplication(m.object)) continue;
    const appName = String(asObject(m.object.metadata)?.name);
    if (options.app !== undefined && appName !== options.app) continue;
    applications++;
    const namespace = String(asObject(m.object.metadata)?.namespace ?? 'default');
    const application = describeObject(m.object);
    const problem = (field: string, message: string) => problems.push({ file: m.file, application, field, message });

    for (const [ci, c] of asArray(asObject(m.object.spec)?.components).entries()) {
      const component = asObject(c) ?? {};
      const name = String(component.name);
      const at = `spec.components[${ci}]`;
      const type = String(component.type);
      const template = templateOf('ComponentDefinition', type);
      if (!template) {
        problem(`${at}.type`, `cannot render component type "${type}": no ComponentDefinition with a CUE template`);
        continue;
      }
      const context: Obj = {
        name, appName, namespace, appRevision: `${appName}-v1`, appRevisionNum: 1, revision: '', components: [],
        appLabels: {}, appAnnotations: {}, workflowName: '', publishVersion: '', clusterVersion: RENDER_CLUSTER_VERSION,
      };
      let rendered: Obj;
      try {
        rendered = await evaluateCue(renderProgram(template, context, component.properties));
      } catch (e) {
        problem(`${at}.properties`, `component "${type}" does not evaluate: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      let workload = asObject(rendered.output) ?? {};
      const outputs: { origin: string; object: Obj }[] = Object.entries(asObject(rendered.outputs) ?? {}).map(([k, v]) => ({ origin: k, object: asObject(v) ?? {} }));

      for (const [ti, t] of asArray(component.traits).entries()) {
        const trait = asObject(t) ?? {};
        const traitType = String(trait.type);
        const traitTemplate = templateOf('TraitDefinition', traitType);
        const tat = `${at}.traits[${ti}]`;
        if (!traitTemplate) {
          problem(`${tat}.type`, `cannot render trait type "${traitType}": no TraitDefinition with a CUE template`);
          continue;
        }
        let result: Obj;
        try {
          result = await evaluateCue(renderProgram(traitTemplate, { ...context, output: workload, outputs: Object.fromEntries(outputs.map((o) => [o.origin, o.object])) }, trait.properties));
        } catch (e) {
          problem(`${tat}.properties`, `trait "${traitType}" does not evaluate: ${e instanceof Error ? e.message : String(e)}`);
          continue;
        }
        const errs = asArray(result.errs);
        if (errs.length > 0) problem(`${tat}.properties`, `trait "${traitType}" reports: ${errs.map(String).join('; ')}`);
        if (result.patch !== undefined) workload = asObject(applyPatch(workload, result.patch, patchDirectives(traitTemplate))) ?? workload;
        for (const [k, v] of Object.entries(asObject(result.outputs) ?? {})) outputs.push({ origin: `${traitType}/${k}`, object: asObject(v) ?? {} });
      }

      const labels = { 'app.oam.dev/name': appName, 'app.oam.dev/component': name };
      const finish = (o: Obj, defaultName: string): Obj => {
        const metadata = asObject(o.metadata) ?? {};
        return {
          ...o,
          metadata: {
            ...metadata,
            name: metadata.name ?? defaultName,
            namespace: metadata.namespace ?? namespace,
            labels: { ...(asObject(metadata.labels) ?? {}), ...labels },
          },
        };
      };
      objects.push({ file: m.file, application, component: name, origin: 'workload', object: finish(workload, name) });
      for (const o of outputs) objects.push({ file: m.file, application, component: name, origin: o.origin, object: finish(o.object, `${name}-${o.origin}`) });
    }
  }
  return { objects, problems, applications };
}
