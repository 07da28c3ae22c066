/**
 * A diff scoped to teams: a team repository's tree holds only its own part of
 * the platform's tree, so only that part of both sides is compared.
 */
import { CATALOG_FOLDER } from '../validate/manifest-files';
import { compareStrings } from '../private/compare';
import { type Phrase, joined, phrase, plainText, words } from '../private/escape';
import type { DiffScope, TreeFiles } from './types';

/**
 * Whether a file of an environment tree is in a team scope: below
 * `<env>/teams/<team>/apps/` or `catalog/teams/<team>/apps/` for one of its teams.
 * (Rendered objects, `<file> → rendered …`, are in scope with their file.)
 */
export function inScope(file: string, scope: DiffScope): boolean {
  const [top, area, team, sub, rest] = file.split('/');
  if (area !== 'teams' || !scope.teams.includes(team)) return false;
  // what a team owns and proposes: its apps' folders, in each environment and in the catalog
  return top !== undefined && sub === 'apps' && rest !== undefined;
}

function only(files: ReadonlyMap<string, Buffer> | undefined, scope: DiffScope): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [file, bytes] of files ?? []) if (inScope(file, scope)) out.set(file, bytes);
  return out;
}

/** A tree's files in a scope. */
export function scopeTree(tree: TreeFiles, scope: DiffScope): TreeFiles {
  return {
    files: only(tree.files, scope),
    others: only(tree.others, scope),
    parse: tree.parse,
    ...(tree.parseShared ? { parseShared: tree.parseShared } : {}),
    ...(tree.read ? { read: tree.read } : {}),
    ...(tree.findings ? { findings: tree.findings.filter((f) => inScope(f.file, scope)) } : {}),
  };
}

/**
 * The teams of a team repository's tree: when every file of it is below
 * `<folder>/teams/<team>/` (no platform folder, no org.json, no file at an
 * environment's root), the teams found there; otherwise (a platform's tree,
 * an empty one) undefined.
 */
export function teamsOfTeamTree(tree: TreeFiles): string[] | undefined {
  const teams = new Set<string>();
  let files = 0;
  for (const map of [tree.files, tree.others ?? new Map<string, Buffer>()]) {
    for (const file of map.keys()) {
      const parts = file.split('/');
      if (parts.length < 4 || parts[1] !== 'teams') return undefined;
      teams.add(parts[2]);
      files++;
    }
  }
  return files > 0 ? [...teams].sort(compareStrings) : undefined;
}

/** How a scope is said: `team mobile only (<env>/teams/mobile/apps/ and catalog/teams/mobile/apps/, …)`, the teams' names quoted. */
export function scopePhrase(scope: DiffScope): Phrase {
  const teams = [...scope.teams].sort(compareStrings);
  const list = teams.length === 1 ? teams[0] : `{${teams.join(',')}}`;
  return phrase`${words(teams.length === 1 ? 'team' : 'teams')} ${joined(teams)} only (${`<env>/teams/${list}/apps/`} and ${`${CATALOG_FOLDER}/teams/${list}/apps/`}, on both sides)`;
}

/** A scope as plain text (see {@link scopePhrase}). */
export function describeScope(scope: DiffScope): string {
  return plainText(scopePhrase(scope));
}
