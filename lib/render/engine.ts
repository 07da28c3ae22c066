/**
 * One component through KubeVela 1.10's definition engine
 * (pkg/cue/definition/template.go): the component's template gives the
 * workload (`output`) and its auxiliary objects (`outputs`); then each trait,
 * in order, sees them in `context.output` / `context.outputs`, adds its own
 * `outputs`, patches the workload (`patch`) and any auxiliary by name
 * (`patchOutputs`), and fails the component with its first non-empty `errs`
 * message.
 */
import { compatTemplate } from './cue-compat';
import { evaluateCue } from './cue';
import { type Json, PatchError, isJsonObject } from './json';
import { applyPatch } from './patch';
import { type PatchShape, templateShapes } from './patch-tags';

/** A definition's CUE template, and the properties the Application gives it. */
export interface DefinitionUse {
  /** The definition's name (`webservice`, `sidecar`). */
  readonly type: string;
  readonly template: string;
  /** The component's or trait's `properties`. */
  readonly properties?: Json;
}

/** An object a component's or trait's `outputs` made. */
export interface Auxiliary {
  /** The trait type that made it, or `AuxiliaryWorkload` for the component's own outputs (KubeVela's word). */
  readonly type: string;
  /** Its key in `outputs`. */
  readonly name: string;
  readonly object: Json;
}

/** Where a component failed to render, and KubeVela's reason. */
export interface EngineFailure {
  /** `component`, or the index of the trait in the component's traits. */
  readonly at: 'component' | number;
  readonly message: string;
}

/** What {@link renderComponent} produced: everything, or the first failure (KubeVela stops there). */
export interface ComponentRender {
  /** The workload after every trait. */
  readonly workload?: Json;
  /** The workload as the component's template gave it, before any trait. */
  readonly initialWorkload?: Json;
  readonly auxiliaries: readonly Auxiliary[];
  readonly failure?: EngineFailure;
}

/** KubeVela's type for a component's own auxiliary objects. */
export const AUXILIARY_WORKLOAD = 'AuxiliaryWorkload';

/** A CUE program that evaluates a definition template and exports only what rendering needs. */
export function renderProgram(template: string, context: { readonly [key: string]: Json }, parameter: Json | undefined, extra: readonly string[] = []): string {
  const m = /^\s*((?:(?:\/\/[^\n]*\n\s*)*import\s*(?:\([^)]*\)|"[^"]*")\s*)*)/.exec(template);
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
    'if _t.patchOutputs != _|_ { patchOutputs: _t.patchOutputs }',
    'if _t.errs != _|_ { errs: _t.errs }',
    ...extra,
    '',
  ].join('\n');
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** `a.b[].c` → its labels, or undefined when the path crosses a list or a pattern. */
function plainPath(key: string): string[] | undefined {
  if (key.includes('[]') || key.includes('*')) return undefined;
  const out: string[] = [];
  for (const m of key.matchAll(/"((?:[^"\\]|\\.)*)"|([^."]+)/g)) out.push(m[1] !== undefined ? (JSON.parse(`"${m[1]}"`) as string) : m[2]);
  return out;
}

/**
 * The element types T of the patch's `[...T]` lists: CUE's JSON of a list
 * `[...T]` is `[]`, so T is evaluated apart, as the list unified with a
 * one-element list.
 */
async function elementTypes(template: string, context: { readonly [key: string]: Json }, parameter: Json | undefined, root: string, shape: PatchShape): Promise<Map<string, Json>> {
  const out = new Map<string, Json>();
  const paths = [...shape.typedLists].map((k) => ({ k, p: plainPath(k) })).filter((x): x is { k: string; p: string[] } => x.p !== undefined);
  if (paths.length === 0) return out;
  const lines = paths.map(({ p }, i) => {
    const ref = `_t.${root}${p.map((s) => `[${JSON.stringify(s)}]`).join('')}`;
    return `if ${ref} != _|_ { paved_elements: "${i}": (${ref} & [_])[0] }`;
  });
  try {
    const r = await evaluateCue(renderProgram(template, context, parameter, lines));
    const got = isJsonObject(r.paved_elements) ? r.paved_elements : {};
    paths.forEach(({ k }, i) => {
      if (got[String(i)] !== undefined) out.set(k, got[String(i)]);
    });
  } catch {
    // T is not concrete: applying the patch to a non-empty list says so
  }
  return out;
}

/** The first non-empty message of a trait's `errs` (KubeVela's parseErrors). */
function firstError(errs: Json | undefined): string | undefined {
  if (!Array.isArray(errs)) return undefined;
  for (const e of errs) if (typeof e === 'string' && e !== '') return e;
  return undefined;
}

/**
 * Renders one component and its traits as KubeVela's engine does; stops at
 * the first failure, as KubeVela does (the component is then not applied).
 */
export async function renderComponent(component: DefinitionUse, traits: readonly DefinitionUse[], context: { readonly [key: string]: Json }): Promise<ComponentRender> {
  let rendered: { [key: string]: Json };
  try {
    rendered = (await evaluateCue(renderProgram(compatTemplate(component.template), context, component.properties))) as { [key: string]: Json };
  } catch (e) {
    return { auxiliaries: [], failure: { at: 'component', message: `component "${component.type}" does not evaluate: ${message(e)}` } };
  }
  if (!isJsonObject(rendered.output)) return { auxiliaries: [], failure: { at: 'component', message: `component "${component.type}" has no output` } };
  const initialWorkload: Json = rendered.output;
  let workload: Json = rendered.output;
  const auxiliaries: Auxiliary[] = Object.entries(isJsonObject(rendered.outputs) ? rendered.outputs : {}).map(([name, object]) => ({ type: AUXILIARY_WORKLOAD, name, object }));

  for (const [ti, trait] of traits.entries()) {
    const fail = (m: string): ComponentRender => ({ workload, initialWorkload, auxiliaries, failure: { at: ti, message: m } });
    const template = compatTemplate(trait.template);
    const outputs: { [key: string]: Json } = {};
    for (const a of auxiliaries) outputs[a.name] = a.object;
    const traitContext = { ...context, output: workload, ...(auxiliaries.length > 0 ? { outputs } : {}) };
    let result: { [key: string]: Json };
    try {
      result = (await evaluateCue(renderProgram(template, traitContext, trait.properties))) as { [key: string]: Json };
    } catch (e) {
      return fail(`trait "${trait.type}" does not evaluate: ${message(e)}`);
    }
    for (const [name, object] of Object.entries(isJsonObject(result.outputs) ? result.outputs : {})) auxiliaries.push({ type: trait.type, name, object });
    let shapes;
    try {
      shapes = templateShapes(trait.template);
    } catch (e) {
      return fail(`trait "${trait.type}": paved cannot read its template's patch tags: ${message(e)}`);
    }
    try {
      if (result.patch !== undefined) {
        const types = shapes.patch.typedLists.size > 0 ? await elementTypes(template, traitContext, trait.properties, 'patch', shapes.patch) : undefined;
        workload = applyPatch(workload, { value: result.patch, shape: shapes.patch, tags: shapes.patchTags, ...(types ? { elementTypes: types } : {}) });
      }
      if (isJsonObject(result.patchOutputs)) {
        const patchOutputs = result.patchOutputs;
        for (const [i, a] of auxiliaries.entries()) {
          if (patchOutputs[a.name] === undefined) continue;
          const shape = subShape(shapes.patchOutputs, a.name);
          auxiliaries[i] = { ...a, object: applyPatch(a.object, { value: patchOutputs[a.name], shape }) };
        }
      }
    } catch (e) {
      if (e instanceof PatchError) return fail(`trait "${trait.type}" cannot patch: ${e.message}`);
      throw e;
    }
    const err = firstError(result.errs);
    if (err !== undefined) return fail(`trait "${trait.type}" reports: ${err}`);
  }
  return { workload, initialWorkload, auxiliaries };
}

/** The part of a shape under one label, re-rooted. */
function subShape(shape: PatchShape, label: string): PatchShape {
  const prefix = /^[A-Za-z_$#][\w$#-]*$/.test(label) ? label : JSON.stringify(label);
  const strip = (k: string) => (k === prefix ? '' : k.startsWith(`${prefix}.`) ? k.slice(prefix.length + 1) : k.startsWith(`${prefix}[]`) ? k.slice(prefix.length) : undefined);
  const tags = new Map<string, { patchKey?: string; patchStrategy?: string }>();
  for (const [k, v] of shape.tags) {
    const s = strip(k);
    if (s !== undefined && s !== '') tags.set(s, v);
  }
  const pick = (set: ReadonlySet<string>) => new Set([...set].map(strip).filter((s): s is string => s !== undefined));
  return { tags, openLists: pick(shape.openLists), typedLists: pick(shape.typedLists) };
}
