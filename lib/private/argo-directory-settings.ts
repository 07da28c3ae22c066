/**
 * How Argo CD reads the folders of a GitOps tree that paved writes: one
 * definition for the Applications paved generates (lib/k8s), the root
 * Application the cloud bootstrap creates (lib/infra) and the readers that
 * check a tree as Argo CD will read it (lib/validate).
 * @internal
 */

/** An Argo CD directory source's settings (`spec.source.directory`). */
export interface DirectorySettings {
  /** Read sub-folders too. */
  readonly recurse: boolean;
  /** Only files whose path (relative to the source's folder) matches this gobwas glob; `''`: every manifest file. */
  readonly include: string;
  /** No file whose path matches this gobwas glob; `''`: none. */
  readonly exclude: string;
}

/**
 * The files paved writes in a folder an Application reads: `.yaml` (a gobwas
 * glob without separators, so `*` matches across `/` too). A `.yml`, `.json`
 * or `.jsonnet` file, which Argo CD would otherwise apply, is then never
 * applied from the tree, and is not read by paved either.
 */
export const PAVED_MANIFEST_GLOB = '*.yaml';

/** How the Applications paved generates read their folder: every `.yaml` file below it. */
export const PAVED_DIRECTORY: DirectorySettings = { recurse: true, include: PAVED_MANIFEST_GLOB, exclude: '' };

/** How the root Application (created by the cloud bootstrap) reads `<gitops.path>/<env>`: its `.yaml` files, not its sub-folders. */
export const ROOT_DIRECTORY: DirectorySettings = { recurse: false, include: PAVED_MANIFEST_GLOB, exclude: '' };

/** The root Application's name (the cloud bootstrap creates it). */
export const ROOT_APPLICATION_NAME = 'root';
