import * as fs from 'fs';
import * as path from 'path';
import { CLUSTER_METADATA_CHART } from '../../crossplane/cluster-metadata-config';
import { writeTreeAtomically } from '../../private/atomic-tree';
import { formatProblem } from '../../private/problems';
import { secretsInObject, secretsInTree } from '../../private/secret-values';
import { SERVICE_TEMPLATE_FOLDER } from '../../portal/catalog';
import { PUBLISHED_ONLY_FILES } from '../../portal/service-index';
import { ACCESS_REPORT_FILE } from '../../report/access-report';
import type { ManifestObject } from '../../validate/findings';
import type { GitOpsBuild } from '../build-options';
import { HEADER, ORG_FILE } from '../tree-format';
import type { TreeBefore } from './read';

/** What the write stage did. */
export interface TreeWrite {
  /** The build's problems and the tree's (its entries, files it would write that it does not own, secrets in kept files). */
  readonly errors: readonly string[];
  /** Whether the tree was written, or already held exactly this (false when there were errors). */
  readonly written: boolean;
  /** Whether the tree already held exactly what this synth built, so nothing was written. */
  readonly unchanged: boolean;
  /** Files left as they were because this synth does not own them. */
  readonly kept: number;
  /** Files in the part of the tree this synth owns that paved did not write: kept, never deleted. */
  readonly foreign: readonly string[];
}

/**
 * The write stage (synthGitOps, holding the tree's lock): checks the
 * build against the tree as it was read (files it does not own, secret values
 * in the files kept) and, when nothing is wrong, writes the files it owns and
 * those it keeps atomically, unless the tree already holds exactly these bytes.
 */
export function writeTree(outDir: string, before: TreeBefore, build: GitOpsBuild): TreeWrite {
  const keptFiles = new Map(before.keptFiles);
  // files paved did not write are never deleted: kept, and named
  const foreign = [...before.ownedBefore].filter(([file, text]) => !build.files.has(file) && !writtenByPaved(file, text)).map(([file]) => file);
  for (const file of foreign) keptFiles.set(file, before.ownedBefore.get(file) as string);
  const clash = [...build.files.keys()].filter((f) => keptFiles.has(f) && !before.ownedBefore.has(f));
  const errors = [
    ...before.problems,
    ...build.errors,
    ...clash.map((f) => `${f}: is not owned by this synth but would be written by it`),
    // the files kept are written again too: the secrets the validator cannot name by an object's field (comments, files that are no manifests)
    ...keptSecrets(keptFiles, before.existing, path.basename(path.resolve(outDir))),
  ];
  const written = errors.length === 0;
  let unchanged = false;
  if (written) {
    const next = new Map([...keptFiles, ...build.files]);
    // the tree already holds exactly these bytes (the usual case after an edit that changes nothing here): no write
    const previous = new Map([...before.ownedBefore, ...before.keptFiles]);
    const same = fs.existsSync(outDir) && next.size === previous.size && [...next].every(([file, text]) => previous.get(file) === text);
    unchanged = same;
    if (!same) writeTreeAtomically(outDir, next, 'gitops');
  }
  return { errors, written, unchanged, kept: keptFiles.size, foreign };
}

/**
 * Whether a file of the tree is one paved writes: YAML it generated (its
 * header), or one of its reports, records and copied files. The files only the
 * published tree holds (CATALOG.md, catalog/last-changed.json) count too: a tree
 * synthesized before they left it loses them at the next synth.
 */
function writtenByPaved(file: string, text: string): boolean {
  if (text.startsWith(HEADER)) return true;
  return [ORG_FILE, ACCESS_REPORT_FILE, ...PUBLISHED_ONLY_FILES].includes(file) || file.startsWith(`${SERVICE_TEMPLATE_FOLDER}/`) || file.startsWith(`${CLUSTER_METADATA_CHART}/`);
}

/**
 * The secrets in the files a synth keeps (a team repository's proposal, files
 * paved did not write): the validator names those the kept manifests' objects
 * hold, by file and field; this names the rest (a comment, a file the
 * validator does not read), by file and line or field.
 */
function keptSecrets(kept: ReadonlyMap<string, string>, validated: readonly ManifestObject[], tree: string): string[] {
  const holding = new Set(validated.filter((m) => secretsInObject(m.object).length > 0).map((m) => m.file));
  return [...secretsInTree(kept, tree)].filter(([file]) => !holding.has(file)).flatMap(([, problems]) => problems.map(formatProblem));
}
