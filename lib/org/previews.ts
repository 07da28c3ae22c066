import type { Problem } from '../private/problems';
import { DEFAULT_PREVIEW_LABEL, MAX_PREVIEW_HOURS, type PreviewProps } from './environment';
import { PREVIEW_TEAM_NAME_MAX, previewTeamLabel } from './preview-names';

/** GitHub's limit on a label's name. */
const MAX_LABEL_LENGTH = 50;

/**
 * The problems of an environment's `previews`: only outside production, a
 * label GitHub accepts and a workflow can name without quoting (letters,
 * digits, `-`, `_`, `.`, `:`, `/`), and a lifetime of whole hours from 1 to a
 * week; with `teams`, those of {@link previewTeamProblems} too.
 */
export function previewProblems(
  previews: PreviewProps,
  production: boolean,
  at: string,
  path: string,
  teams: readonly { readonly name: string; readonly namespaces?: readonly string[] }[] = [],
): Problem[] {
  const problems: Problem[] = [];
  const fail = (prop: string, value: unknown, allowed: string) => problems.push({ path, prop, value, allowed });
  if (production) fail(at, previews, 'no previews in a production environment (previews run a pull request before review: only in an environment that is not production)');
  if (previews.label !== undefined && !(typeof previews.label === 'string' && /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/.test(previews.label) && previews.label.length <= MAX_LABEL_LENGTH)) {
    fail(`${at}.label`, previews.label, `a GitHub label of at most ${MAX_LABEL_LENGTH} characters: letters, digits, "-", "_", ".", ":" and "/", starting with a letter or digit, e.g. "preview"`);
  }
  if (previews.hours !== undefined && !(Number.isInteger(previews.hours) && previews.hours >= 1 && previews.hours <= MAX_PREVIEW_HOURS)) {
    fail(`${at}.hours`, previews.hours, `a whole number of hours from 1 to ${MAX_PREVIEW_HOURS} (a week)`);
  }
  problems.push(...previewTeamProblems(previews, at, path, teams));
  return problems;
}

/**
 * The problems of an environment's `previews` with the org's teams: every
 * team's label (`<label>:<team>`) a GitHub label, every team's name short
 * enough for a preview's host label, and no team's namespace inside another
 * team's previews (`<team>-pr-*`).
 */
export function previewTeamProblems(previews: PreviewProps, at: string, path: string, teams: readonly { readonly name: string; readonly namespaces?: readonly string[] }[]): Problem[] {
  const problems: Problem[] = [];
  const fail = (prop: string, value: unknown, allowed: string) => problems.push({ path, prop, value, allowed });
  // each team's label (<label>:<team>) is a GitHub label too
  const label = typeof previews.label === 'string' ? previews.label : DEFAULT_PREVIEW_LABEL;
  const names = teams.map((t) => t.name).filter((n): n is string => typeof n === 'string');
  const long = names.filter((t) => previewTeamLabel(label, t).length > MAX_LABEL_LENGTH);
  if (long.length > 0)
    fail(`${at}.label`, label, `a label short enough that "<label>:<team>" is a GitHub label of at most ${MAX_LABEL_LENGTH} characters for every team (too long for ${long.join(', ')})`);
  // a preview's host label (label, "-", <team>-pr-<number>) stays a DNS label
  const longNames = names.filter((t) => t.length > PREVIEW_TEAM_NAME_MAX);
  if (longNames.length > 0)
    fail(at, longNames, `team names of at most ${PREVIEW_TEAM_NAME_MAX} characters where previews are (a preview's host label holds the team's name and the pull request's number)`);
  // a team's preview namespaces (<team>-pr-<number>, and Argo CD's pattern <team>-pr-*) are no team's own namespace
  for (const t of teams) {
    for (const ns of [...new Set(Array.isArray(t.namespaces) ? t.namespaces : [t.name])]) {
      // (a team named <other>-pr has previews <other>-pr-pr-<n>, inside the other's pattern <other>-pr-*)
      const owner = names.find((o) => typeof ns === 'string' && (ns.startsWith(`${o}-pr-`) || (ns === t.name && ns === `${o}-pr`)));
      if (owner !== undefined) fail(at, ns, `team namespaces that do not start with a team's name and "-pr-": "${ns}" (team ${t.name}) would be one of team ${owner}'s previews (${owner}-pr-*)`);
    }
  }
  return problems;
}
