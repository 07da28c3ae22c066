/**
 * What a change is about, for "needs review": an app in an environment (its
 * folder, and the objects the platform writes for it elsewhere, such as its
 * NetworkPolicy), or else a namespace, or the cluster, of an environment.
 */
import type { DiffObject } from './types';

type Json = Record<string, unknown>;
export const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const metadataOf = (o: DiffObject): Json => (isObj(o.object.metadata) ? o.object.metadata : {});
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The label KubeVela puts on every object of an app, and paved on the app's NetworkPolicy. */
export const APP_NAME_LABEL = 'app.oam.dev/name';

/** One subject of the review. */
export interface Subject {
  /** `<env>\0app\0<team>\0<app>`, `<env>\0ns\0<namespace>`, `<env>\0cluster`. */
  readonly key: string;
  readonly environment?: string;
  /** For an app: its team and name, and its parent folder (`<env>/teams/<team>/apps`). */
  readonly app?: { readonly team: string; readonly name: string; readonly parent: string };
}

/** An app's folder in a file's path: `[<env>/]teams/<team>/apps/<app>/…` (rendered objects with their file). */
function appFolderOf(file: string): { parent: string; team: string; app: string } | undefined {
  const m = /^((?:[^/]+\/)?teams\/([^/]+)\/apps)\/([^/]+)\//.exec(file);
  return m ? { parent: m[1], team: m[2], app: m[3] } : undefined;
}

/** The team whose folder holds a file: `[<env>/]teams/<team>/…`. */
function teamOfFile(file: string): string | undefined {
  return /^(?:[^/]+\/)?teams\/([^/]+)\//.exec(file)?.[1];
}

/**
 * The subject of an object: the app whose folder holds it; an object of a
 * team's folder that selects one app's pods only (`app.oam.dev/name`), that
 * app; else its namespace, or the cluster.
 */
export function subjectOf(o: DiffObject): Subject {
  const env = o.environment ?? '';
  const at = o.environment !== undefined ? { environment: o.environment } : {};
  const folder = appFolderOf(o.file);
  if (folder) return { key: `${env}\0app\0${folder.team}\0${folder.app}`, ...at, app: { team: folder.team, name: folder.app, parent: folder.parent } };
  const team = teamOfFile(o.file);
  const selected = str((isObj(o.object.spec) && isObj(o.object.spec.podSelector) && isObj(o.object.spec.podSelector.matchLabels) ? o.object.spec.podSelector.matchLabels : {})[APP_NAME_LABEL]);
  if (team !== undefined && selected !== undefined) {
    const parent = `${o.environment !== undefined ? `${o.environment}/` : ''}teams/${team}/apps`;
    return { key: `${env}\0app\0${team}\0${selected}`, ...at, app: { team, name: selected, parent } };
  }
  const namespace = str(metadataOf(o).namespace);
  return namespace !== undefined ? { key: `${env}\0ns\0${namespace}`, ...at } : { key: `${env}\0cluster`, ...at };
}

/** The folder of a file (`a/b/c.yaml` → `a/b`), without the rendered suffix. */
export function folderOf(file: string): string {
  const path = file.includes(' → ') ? file.slice(0, file.indexOf(' → ')) : file;
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}
