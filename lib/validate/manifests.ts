import { previewFindings, withPreviews } from './preview-render';
import type { Finding, ManifestObject } from './findings';
import { type AppliedFile, type TreeReadOptions, isEnvironmentTreeOf, readGitOpsTree } from './argo-tree';
import { type ReadContext, readManifest, readManifestContent } from './manifest-read';
import { type SourceTree, byTreePath, diskTree } from './source-tree';

/**
 * Every object of a tree as Argo CD will apply it (see readGitOpsTree), and
 * what is wrong with the tree's files: each applied file read once, in
 * bounded time and memory; the catalog's entities as Backstage reads them.
 */
export function readTreeManifests(
  tree: SourceTree,
  options: Pick<TreeReadOptions, 'generated' | 'strayFiles'> & { readonly environments?: boolean } = {},
): { objects: ManifestObject[]; findings: Finding[] } {
  const environments = options.environments ?? isEnvironmentTreeOf(tree);
  const read = new Map<string, { objects: ManifestObject[]; findings: Finding[] }>();
  const readFile = (file: string, context: ReadContext) => {
    let result = read.get(file);
    if (!result) {
      result = readManifestContent(file, tree.read(file), context);
      read.set(file, result);
    }
    return result;
  };
  const objectsOf = (a: AppliedFile) => readFile(a.file, { ...(a.clientSide ? { clientSideApplyBy: a.application } : {}), teamFolder: a.team !== undefined }).objects;
  const reading = readGitOpsTree(tree, { ...options, environments, objectsOf });
  const files = [...reading.applied.map((a) => a.file), ...reading.catalog].sort(byTreePath);
  const objects: ManifestObject[] = [];
  const findings: Finding[] = [...reading.findings];
  for (const file of files) {
    const result = readFile(file, {});
    objects.push(...result.objects);
    findings.push(...result.findings);
  }
  return { objects, findings };
}

/** Reads every object below a directory (or in one file) as Argo CD will apply it; unreadable files and documents become findings. */
export function loadManifests(root: string): { objects: ManifestObject[]; findings: Finding[] } {
  const read = readTreeManifests(diskTree(root));
  // the previews' folders as Argo CD reads them: through the preview ApplicationSets, for a sample pull request
  const sample = withPreviews(read.objects, []);
  return { objects: sample.objects, findings: [...read.findings, ...previewFindings(sample.problems)] };
}

/** The objects of one file's text (`rel` is its path in the tree); unreadable documents become findings. */
export function parseManifests(rel: string, text: string): { objects: ManifestObject[]; findings: Finding[] } {
  return readManifest(rel, text);
}

export { readManifestObjects } from './manifest-read';
export { manifestFiles } from './manifest-files';
