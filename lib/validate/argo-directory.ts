import type { DirectorySettings } from '../private/argo-directory-settings';
import { globMatch } from './languages/go-glob';
import { manifestFormat } from './manifest-read';
import { type SourceTree, childrenOf } from './source-tree';

/**
 * Which files one Argo CD directory source applies, with Argo CD 3.4's own
 * rules (reposerver/repository: getPotentiallyValidManifests):
 * - the folder is walked in lexical order, its sub-folders only with `recurse`;
 * - a file is a manifest by name: `^.*\.(yaml|yml|json|jsonnet)$`;
 * - `exclude`, then `include`, are gobwas globs without separators, matched
 *   against the path relative to the source's folder (`*` crosses `/`); a
 *   pattern that does not compile matches nothing (include: no file at all);
 * - a file that contains `+argocd:skip-file-rendering` is skipped;
 * - the manifests' combined size (all but `.jsonnet`) is at most the repo
 *   server's `--max-combined-directory-manifests-size` (10M by default), or
 *   the whole source fails.
 * Links and special files are listed, never followed or opened: paved refuses
 * them (Argo CD would follow a link that stays in the repository).
 */

/** The repo server's default `--max-combined-directory-manifests-size` ("10M": decimal). */
export const MAX_COMBINED_MANIFEST_BYTES = 10_000_000;

/** The marker that makes Argo CD skip a file. */
export const SKIP_FILE_RENDERING = '+argocd:skip-file-rendering';

/** Argo CD's manifest file name pattern (Go's `.` does not match a newline). */
const MANIFEST_NAME = /^[^\n]*\.(yaml|yml|json|jsonnet)$/;

/** Whether Argo CD takes a file name for a manifest. */
export function isArgoManifestName(name: string): boolean {
  return MANIFEST_NAME.test(name);
}

/** What a directory source read. */
export interface DirectoryReading {
  /** The files it applies, in Argo CD's order (tree paths). */
  readonly files: readonly string[];
  /** Files it skips because they hold {@link SKIP_FILE_RENDERING}. */
  readonly skipped: readonly string[];
  /** Manifest-named links and special files it would have looked at (paved refuses them). */
  readonly unread: readonly string[];
  /** The applied files' combined size, in bytes (files over paved's limit count with their size). */
  readonly bytes: number;
}

/** The path of `file` relative to `folder` (both tree paths). */
function relativeTo(folder: string, file: string): string {
  return folder === '' ? file : file.slice(folder.length + 1);
}

/**
 * Lists what a directory source over `folder` (a tree path; `''` the root)
 * applies, with Argo CD's rules (see the module's comment).
 */
export function readDirectorySource(tree: SourceTree, folder: string, settings: DirectorySettings): DirectoryReading {
  const files: string[] = [];
  const skipped: string[] = [];
  const unread: string[] = [];
  let bytes = 0;
  const walk = (dir: string) => {
    for (const p of childrenOf(tree, dir)) {
      const entry = tree.entries.get(p);
      if (!entry) continue;
      if (entry.type === 'dir') {
        if (settings.recurse) walk(p);
        continue;
      }
      const name = p.slice(p.lastIndexOf('/') + 1);
      if (!isArgoManifestName(name)) continue;
      const rel = relativeTo(folder, p);
      if (settings.exclude !== '' && globMatch(settings.exclude, rel)) continue;
      if (settings.include !== '' && !globMatch(settings.include, rel)) continue;
      if (entry.type !== 'file') {
        unread.push(p);
        continue;
      }
      const content = tree.read(p);
      if ('bytes' in content) {
        if (content.bytes.includes(SKIP_FILE_RENDERING)) {
          skipped.push(p);
          continue;
        }
        if (manifestFormat(name) !== 'jsonnet') bytes += content.bytes.length;
      } else if ('tooLarge' in content) {
        bytes += content.tooLarge;
      }
      files.push(p);
    }
  };
  if (tree.entries.get(folder)?.type === 'dir' || folder === '') walk(folder);
  return { files, skipped, unread, bytes };
}
