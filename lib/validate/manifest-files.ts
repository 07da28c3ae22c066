import * as path from 'path';
import { isEnvironmentTreeOf, readGitOpsTree } from './argo-tree';
import { readManifestContent } from './manifest-read';
import { byTreePath, diskTree } from './source-tree';

/** The tree's folder of Backstage entities (environment-independent). */
export const CATALOG_FOLDER = 'catalog';

/**
 * The manifest files below a directory (or the one file), as path relative to
 * the directory ('/' separated) → full path: the files Argo CD applies (see
 * readGitOpsTree) and the catalog's entities, in the order of a walk of the tree.
 */
export function manifestFiles(root: string): Map<string, string> {
  const tree = diskTree(root);
  const reading = readGitOpsTree(tree, { environments: isEnvironmentTreeOf(tree), objectsOf: (a) => readManifestContent(a.file, tree.read(a.file)).objects });
  const base = tree.base ?? path.resolve(root);
  return new Map([...reading.applied.map((a) => a.file), ...reading.catalog].sort(byTreePath).map((f) => [f, path.join(base, ...f.split('/'))]));
}
