import { previewFolderOf } from '../../org/preview-names';
import { checkReleaseRecords } from '../../org/release-records';
import { formatProblem, show } from '../../private/problems';
import type { GitOpsBuildOptions } from '../build-options';
import { brokenEntries } from '../build-errors';
import type { Problems, SynthInput } from './state';

/**
 * The load stage: checks the input (the org's own problems, the environments,
 * teams and apps asked for, the release records) and says what to build. A
 * broken environment or team is left out and the rest is built.
 */
export function load(given: GitOpsBuildOptions, { errors }: Problems): SynthInput {
  // the previews' folders this build writes are never kept (a full synth writes them all, a team's part its apps' copies)
  const rewritten = (file: string) => {
    const at = previewFolderOf(file);
    return at !== undefined && (given.teams === undefined || (at.part === 'apps' && given.teams.includes(at.team)));
  };
  const options = given.existing ? { ...given, existing: given.existing.filter((m) => !rewritten(m.file)) } : given;
  const { org } = options;
  // the org's own problems (a definition loaded with Org.deferProblems), then those of every
  // environment and team they do not touch: a broken environment or team is left out, the rest is built
  errors.push(...org.problems.map(formatProblem));
  const brokenEnvironments = brokenEntries(org.problems, 'environments').map((i) => org.environments[i]?.name);
  const brokenTeams = brokenEntries(org.problems, 'teams').map((i) => org.teams[i]?.name);

  const envFilter = options.environments ?? org.environments.map((e) => e.name);
  const teamFilter = (options.teams ?? org.teams.map((t) => t.name)).filter((t) => !brokenTeams.includes(t));
  envFilter.forEach((name) => {
    if (!org.environments.some((e) => e.name === name)) errors.push(`synth: environment = ${show(name)} is not allowed: one of ${org.environments.map((e) => e.name).join(', ')}`);
  });
  teamFilter.forEach((name) => {
    if (!org.teams.some((t) => t.name === name)) errors.push(`synth: team = ${show(name)} is not allowed: one of ${org.teams.map((t) => t.name).join(', ')}`);
  });
  options.apps.forEach((entry, i) => {
    const team = org.teams.find((t) => t.name === entry.team);
    if (!team) {
      errors.push(`apps[${i}]: team = ${show(entry.team)} is not allowed: a team of the org (${org.teams.map((t) => t.name).join(', ')})`);
    } else if (team.appsRepository !== undefined && options.teams === undefined && entry.apps.length > 0) {
      errors.push(
        `apps[${i}]: team = ${show(entry.team)} is not allowed: a team whose apps are defined here (team ${team.name} defines them in ${team.appsRepository}; synthesize them there with --team ${team.name})`,
      );
    }
  });

  errors.push(...checkReleaseRecords(org, options.releases ?? []).map(formatProblem));
  return {
    options,
    org,
    existing: options.existing ?? [],
    releases: options.releases ?? [],
    platformPart: options.teams === undefined,
    everyEnvironment: options.environments === undefined,
    environments: org.environments.filter((e) => envFilter.includes(e.name) && !brokenEnvironments.includes(e.name)),
    teams: teamFilter,
    brokenTeams,
  };
}
