import { ApiObject } from 'cdk8s';
import { type IConstruct, Node } from 'constructs';
import { placementOf } from '../private/placement';
import { groupOf, kindListed, showKind } from '../org/team-kinds';
import type { TeamScope } from './team-scope';

/**
 * The construct-level half of the tenant boundary: runs one of a team's app
 * definitions and checks that it changed only what the team owns. A definition
 * receives its team's scope, but through it (`node.scope`, `node.root`) it could
 * reach every construct of the environment; so what it did is compared with
 * what was there before:
 *
 * - every construct it added lies inside its team's scope;
 * - every object it added goes to the team's apps folder, is of a kind the
 *   team may deploy (`Team.allowedKinds`) and sits in one of its namespaces;
 * - no object that existed before (the platform's, its tenancy's, another
 *   team's) renders differently afterwards (a JSON patch, a label, a changed prop).
 *
 * Returns the problems, each naming the definition, the construct and what it
 * may do instead; a definition that throws has what it added removed.
 */
export function runTeamDefinition(scope: TeamScope, definition: string, define: () => void): TeamDefinitionRun {
  return runTeamDefinitions(scope, [{ name: definition, define }])[0];
}

/** Each ApiObject of the tree as it renders now; undefined for one that cannot render (synthesis reports it). */
function renderAll(root: IConstruct, into = new Map<ApiObject, string | undefined>()): Map<ApiObject, string | undefined> {
  for (const c of root.node.findAll()) if (ApiObject.isApiObject(c) && !into.has(c)) into.set(c, render(c));
  return into;
}

function render(object: ApiObject): string | undefined {
  try {
    return JSON.stringify(object.toJson());
  } catch {
    return undefined;
  }
}

/** Whether a construct is still in its tree (a failed definition's constructs are taken out again). */
function attached(c: IConstruct): boolean {
  const scopes = c.node.scopes;
  return scopes.every((s, i) => i === 0 || scopes[i - 1].node.tryFindChild(s.node.id) === s);
}

interface Additions {
  /** The constructs added to the tree, each once (the parents before their children). */
  readonly added: readonly IConstruct[];
  readonly error?: unknown;
  readonly failed: boolean;
}

type AddChild = (this: Node, child: IConstruct, name: string) => void;

/**
 * The Node classes whose `addChild` is noted: paved's, and any other copy of
 * constructs a definition's constructs turn out to come from (then their
 * children are noted too from the next definition on).
 */
const nodePrototypes = new Set<{ addChild?: AddChild }>([Node.prototype as unknown as { addChild?: AddChild }]);

/**
 * What `run` adds to the tree of `root`, and what it threw. constructs attaches
 * every construct through its parent's `Node.addChild`: while `run` runs, that
 * method also notes the child, so finding the additions costs what was added,
 * not a walk of the whole tree (a tree of 1,000 apps has 10,000 constructs).
 * Each noted construct's own subtree is included, and what was taken out
 * again is not. Constructs of another copy of the library (paved has it as
 * a peer dependency, so there is one) are found below what was noted, and
 * their Node class is noted from then on. Without that method at all, the
 * tree is walked before and after.
 */
function additionsOf(root: IConstruct, run: () => void): Additions {
  const prototypes = [...nodePrototypes].filter((p) => typeof p.addChild === 'function');
  let error: unknown;
  let failed = false;
  if (prototypes.length === 0) {
    const before = new Set<IConstruct>(root.node.findAll());
    try {
      run();
    } catch (e) {
      [failed, error] = [true, e];
    }
    return { added: root.node.findAll().filter((c) => !before.has(c)), error, failed };
  }
  const noted: IConstruct[] = [];
  const originals = prototypes.map((p) => p.addChild as AddChild);
  prototypes.forEach((p, i) => {
    const original = originals[i];
    p.addChild = function (this: Node, child: IConstruct, name: string) {
      original.call(this, child, name);
      noted.push(child);
    };
  });
  try {
    run();
  } catch (e) {
    [failed, error] = [true, e];
  } finally {
    prototypes.forEach((p, i) => (p.addChild = originals[i]));
  }
  const added = new Set<IConstruct>();
  for (const c of noted) {
    if (added.has(c) || c.node.root !== root || !attached(c)) continue;
    for (const d of c.node.findAll()) {
      added.add(d);
      nodePrototypes.add(Object.getPrototypeOf(d.node) as { addChild?: AddChild });
    }
  }
  return { added: [...added], error, failed };
}

/**
 * The objects of a tree as they rendered when a run of team definitions
 * started, and each object a definition created as it rendered right after
 * that definition: compared once, with their renders for the tree
 * ({@link BoundaryWatch.changedIn}; what the platform changes afterwards, with
 * {@link BoundaryWatch.settle} before it does), instead of rendering the whole
 * tree after every definition. When something changed,
 * the run is done again with {@link runTeamDefinitions} without a watch, which
 * names the definition that changed what.
 * @internal
 */
export class BoundaryWatch {
  private readonly rendered: Map<ApiObject, string | undefined>;

  constructor(root: IConstruct) {
    this.rendered = renderAll(root);
  }

  /** @internal */
  created(objects: readonly IConstruct[]): void {
    for (const c of objects) if (ApiObject.isApiObject(c)) this.rendered.set(c, render(c));
  }

  /**
   * Whether one of these objects renders otherwise than it did; they are no
   * longer watched (what the platform changes after the team definitions, such
   * as the URLs of called apps in an app's Application, is compared here,
   * before it changes them).
   */
  settle(objects: Iterable<ApiObject>): boolean {
    let changed = false;
    for (const object of [...objects]) {
      if (!this.rendered.has(object)) continue;
      const json = this.rendered.get(object);
      this.rendered.delete(object);
      if (!changed && attached(object) && json !== undefined && (render(object) ?? '') !== json) changed = true;
    }
    return changed;
  }

  /**
   * Whether a watched object renders otherwise in the tree as written: the
   * objects' final renders (`final`, by object, as JSON) stand for rendering
   * each again; one without a final render is rendered now.
   */
  changedIn(final: ReadonlyMap<ApiObject, string>): boolean {
    for (const [object, json] of this.rendered) {
      if (json === undefined) continue;
      // a final render is the object's in the tree (the render stage walks the tree): attached, no need to ask
      const now = final.get(object);
      if (now !== undefined) {
        if (now !== json) return true;
        continue;
      }
      if (attached(object) && (render(object) ?? '') !== json) return true;
    }
    return false;
  }
}

/**
 * {@link runTeamDefinition} for definitions run one right after another, with
 * nothing else running between them: the tree as one definition left it is
 * what the next one found, so each object is rendered once per definition
 * rather than twice. With a `watch`, no object is rendered per definition:
 * the watch compares them once, after all of them (see BoundaryWatch).
 * @internal
 */
export function runTeamDefinitions(scope: TeamScope, definitions: readonly { readonly name: string; readonly define: () => void }[], watch?: BoundaryWatch): TeamDefinitionRun[] {
  if (definitions.length === 0) return [];
  const root = scope.node.root;
  let rendered = watch ? undefined : renderAll(root);
  return definitions.map(({ name, define }) => {
    const run = checkDefinition(scope, name, define, rendered);
    if (watch && run.error === undefined) watch.created(run.added);
    // a definition that threw may have changed objects before it did: what the next one finds is rendered again
    if (!watch) rendered = run.after ?? renderAll(root);
    return { problems: run.problems, removed: run.removed, ...(run.error !== undefined ? { error: run.error } : {}) };
  });
}

function checkDefinition(
  scope: TeamScope,
  definition: string,
  define: () => void,
  rendered: ReadonlyMap<ApiObject, string | undefined> | undefined,
): TeamDefinitionRun & { readonly added: readonly IConstruct[]; readonly after?: Map<ApiObject, string | undefined> } {
  const root = scope.node.root;
  const run = additionsOf(root, define);
  if (run.failed) {
    // what a failed definition half-built is taken out again: the rest of the tree is still rendered and validated
    const added = new Set(run.added);
    const tops = run.added.filter((c) => c.node.scope !== undefined && !added.has(c.node.scope));
    for (const c of tops) c.node.scope?.node.tryRemoveChild(c.node.id);
    return { problems: [], error: run.error, removed: tops, added: [] };
  }
  const problems: string[] = [];
  const team = scope.team;
  const who = `${definition} (team ${team.name})`;
  const appsFolder = `teams/${team.name}/apps`;
  const added = new Set(run.added);
  for (const c of run.added) {
    const inside = c.node.scopes.includes(scope);
    if (!inside) {
      problems.push(`${c.node.path}: ${who} created a construct outside its team's scope (${scope.node.path}): a team's definitions create only in the scope they receive`);
      continue;
    }
    if (!ApiObject.isApiObject(c)) continue;
    const object = { group: groupOf(c.apiVersion), kind: c.kind };
    const folder = placementOf(c);
    if (folder !== appsFolder && !folder.startsWith(`${appsFolder}/`)) {
      problems.push(`${c.node.path}: ${who} created ${showKind(object)} "${c.name}" in ${folder}/, which only the platform writes: a team's objects go to ${appsFolder}/`);
      continue;
    }
    if (!kindListed(team.allowedKinds, object)) {
      problems.push(
        `${c.node.path}: kind = ${showKind(object)} is not allowed in ${appsFolder}/: one of ${team.allowedKinds.map(showKind).join(', ')} (a platform engineer can add kinds to the team's extraKinds in the org)`,
      );
    }
    const namespace = c.metadata.namespace;
    if (namespace === undefined || !team.namespaces.includes(namespace)) {
      problems.push(
        `${c.node.path}: metadata.namespace = ${namespace === undefined ? 'none' : JSON.stringify(namespace)} is not allowed: one of team ${team.name}'s namespaces (${team.namespaces.join(', ')})`,
      );
    }
  }
  if (!rendered) return { problems, removed: [], added: run.added };
  const after = new Map<ApiObject, string | undefined>();
  for (const [object, json] of rendered) {
    if (added.has(object) || !attached(object)) continue; // taken out of the tree since it was rendered
    // an object that no longer renders (a patch that breaks it) is changed too
    const now = render(object) ?? '';
    after.set(object, now);
    if (json !== undefined && now !== json) {
      problems.push(
        `${object.node.path}: ${who} changed ${showKind({ group: groupOf(object.apiVersion), kind: object.kind })} "${object.name}", which it does not own (the platform's, its tenancy's or another team's): a team's definitions change only the objects they create`,
      );
    }
  }
  // the objects it added, as the next definition will find them
  return { problems, removed: [], added: run.added, after: renderAll(root, after) };
}

/** What {@link runTeamDefinition} found. */
export interface TeamDefinitionRun {
  /** Where the definition crossed the boundary, one message each. */
  readonly problems: readonly string[];
  /** What the definition threw, if it did (then nothing it added stays in the tree). */
  readonly error?: unknown;
  /** The constructs taken out of the tree because the definition threw. */
  readonly removed: readonly IConstruct[];
}
