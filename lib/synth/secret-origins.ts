import { type IConstruct } from 'constructs';
import { TeamScope } from '../k8s/team-scope';
import type { PlatformEnvironment } from '../k8s/platform-environment';
import type { Org } from '../org/org';
import { CATALOG_FOLDER, type CatalogEntityFile } from '../portal/catalog';
import { formatProblem } from '../private/problems';
import { StaticFile } from '../private/static-file';
import { type FileOrigin, secretsInTree } from '../private/secret-values';

/** One object a build renders into a file. */
export interface RenderedFile {
  readonly file: string;
  readonly source: IConstruct;
  readonly object: Record<string, unknown>;
}

/**
 * Where each file of a GitOps build comes from, for the secret scan's
 * findings: the construct that wrote it (an object or a static file), its
 * object (an object's, a catalog entity's), and the secret prefix of the team
 * it belongs to (the construct's team scope, or the team folder of a catalog
 * entity).
 */
export function fileOrigins(
  org: Org,
  environments: readonly PlatformEnvironment[],
  rendered: readonly RenderedFile[],
  entities: readonly CatalogEntityFile[],
): (file: string) => FileOrigin | undefined {
  const prefixOf = (c: IConstruct) => c.node.scopes.find((s): s is TeamScope => s instanceof TeamScope)?.team.secretPrefix;
  const origins = new Map<string, FileOrigin>();
  for (const r of rendered) if (!origins.has(r.file)) origins.set(r.file, { construct: r.source.node.path, object: r.object, secretPrefix: prefixOf(r.source) });
  for (const e of environments) {
    for (const f of e.node.findAll().filter(StaticFile.isStaticFile)) if (!origins.has(f.path)) origins.set(f.path, { construct: f.node.path, secretPrefix: prefixOf(f) });
  }
  for (const f of entities) {
    const [folder, area, team] = f.file.split('/');
    const owner = folder === CATALOG_FOLDER && area === 'teams' ? org.teams.find((t) => t.name === team) : undefined;
    origins.set(f.file, { object: f.entity, ...(owner ? { secretPrefix: owner.secretPrefix } : {}) });
  }
  return (file) => origins.get(file);
}

/**
 * The secrets in the files a build is about to write (see `secretsInTree`):
 * the errors that name them, and the files that hold them (whose validator
 * findings the synth does not repeat).
 */
export function secretsInBuild(files: ReadonlyMap<string, string>, originOf: (file: string) => FileOrigin | undefined): { errors: string[]; files: string[] } {
  const leaks = secretsInTree(files, '', originOf);
  return { errors: [...leaks.values()].flatMap((problems) => problems.map(formatProblem)), files: [...leaks.keys()] };
}
