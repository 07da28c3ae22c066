import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { yaml } from '../../private/yaml';
import type { PlatformEnvironment } from '../../k8s/platform-environment';
import type { BoundaryWatch } from '../../k8s/team-boundary';
import { compareStrings } from '../../private/compare';
import { placementOf } from '../../private/placement';
import { StaticFile } from '../../private/static-file';
import type { RenderedFile } from '../secret-origins';
import { HEADER, YAML_OPTIONS } from '../tree-format';
import { blockYaml } from '../../private/yaml-block';
import { BoundaryCrossed, type Problems } from './state';

/** The tree as the render stage starts it; the later stages add their files to it. */
export interface TreeOutput {
  /** The files, by path relative to the tree's root. */
  readonly files: Map<string, string>;
  /** Objects per `apiVersion/kind`. */
  readonly objectsByKind: Record<string, number>;
  /**
   * The files (and folders, ending in `/`) of constructs a problem was already
   * found in: what the validator finds there is not reported again.
   */
  readonly flaggedFiles: Set<string>;
  /** Whether a problem was found in this construct or one of its scopes before rendering. */
  readonly isFlagged: (c: IConstruct) => boolean;
  /** The objects written, each in its own file (one refused for another's file is not), sorted by file. */
  readonly written: readonly RenderedFile[];
}

/**
 * The render stage: one YAML file per object at
 * `<env>/<placement>/<kind>-<name>.yaml`, and the files written as they are.
 * Every part that built is rendered, even when another part failed: the run
 * reports all its problems at once. Throws BoundaryCrossed when a boundary
 * watch sees an object changed by a definition that did not create it.
 */
export function render(environments: readonly PlatformEnvironment[], watches: readonly BoundaryWatch[], { errors, collect }: Problems): TreeOutput {
  // from here on every part that built is rendered and validated, even when another part failed:
  // the run reports all its problems at once (and writes nothing if there is any). What the validator
  // finds in the objects of a construct a problem was already found in is not reported again.
  const flagged = new Set(errors.map((e) => e.split(': ')[0]).filter((where) => !where.includes(' (')));
  const isFlagged = (c: IConstruct) => flagged.size > 0 && c.node.scopes.some((s) => flagged.has(s.node.path));
  const flaggedFiles = new Set<string>();

  // render, one file per object
  const rendered: RenderedFile[] = [];
  for (const platform of environments) {
    for (const c of platform.node.findAll()) {
      if (!ApiObject.isApiObject(c)) continue;
      let object: Record<string, unknown>;
      try {
        object = c.toJson() as Record<string, unknown>;
      } catch (e) {
        if (!isFlagged(c)) collect(c.node.path, e);
        continue;
      }
      const folder = placementOf(c);
      const file = [platform.environment.name, folder, `${c.kind.toLowerCase()}-${c.name}.yaml`].filter(Boolean).join('/');
      rendered.push({ file, source: c, object });
      if (isFlagged(c)) flaggedFiles.add(file);
    }
  }
  if (watches.length > 0) {
    const final = new Map<ApiObject, string>(rendered.map((r) => [r.source as ApiObject, JSON.stringify(r.object)]));
    if (watches.some((w) => w.changedIn(final))) throw new BoundaryCrossed();
  }
  const files = new Map<string, string>();
  const objectsByKind: Record<string, number> = {};
  const owners = new Map<string, IConstruct>();
  for (const r of rendered.sort((a, b) => compareStrings(a.file, b.file))) {
    const owner = owners.get(r.file);
    if (owner) {
      errors.push(
        `${r.source.node.path}: ${r.object.kind} "${String((r.object.metadata as { name?: string }).name)}" is also written by ${owner.node.path} (${r.file}): give one of them another name`,
      );
      continue;
    }
    owners.set(r.file, r.source);
    // most objects are maps, lists and plain scalars: written directly, the same bytes as yaml's (lib/private/yaml-block.ts)
    files.set(r.file, `${HEADER}${blockYaml(r.object) ?? yaml.stringify(r.object, YAML_OPTIONS)}`);
    const key = `${String(r.object.apiVersion)}/${String(r.object.kind)}`;
    objectsByKind[key] = (objectsByKind[key] ?? 0) + 1;
  }
  addStaticFiles(environments, files, errors);
  const written = rendered.filter((r) => owners.get(r.file) === r.source);
  return { files, objectsByKind, flaggedFiles, isFlagged, written };
}

/** Files written as they are (e.g. a chart Argo CD renders): the same path must have the same content. */
function addStaticFiles(environments: readonly PlatformEnvironment[], files: Map<string, string>, errors: string[]): void {
  for (const platform of environments) {
    for (const f of platform.node.findAll().filter(StaticFile.isStaticFile)) {
      const existing = files.get(f.path);
      if (existing !== undefined && existing !== f.content) errors.push(`${f.node.path}: ${f.path} is also written, with other content, by another construct`);
      files.set(f.path, f.content);
    }
  }
}
