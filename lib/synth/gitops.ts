import { App } from 'cdk8s';
import type { BoundaryWatch } from '../k8s/team-boundary';
import type { PlatformEnvironment } from '../k8s/platform-environment';
import { PREVIEWS_FOLDER } from '../org/preview-names';
import { CATALOG_FOLDER } from '../portal/catalog';
import { listFiles } from '../private/files';
import type { GitOpsBuild, GitOpsBuildOptions } from './build-options';
import { runDefinitions } from './stages/boundary';
import { catalog } from './stages/catalog';
import { construct } from './stages/construct';
import { load } from './stages/load';
import { publish } from './stages/publish';
import { render } from './stages/render';
import { addEntryPoints } from './stages/root';
import { checkRules } from './stages/rules';
import { type BoundaryCheck, BoundaryCrossed, type SynthInput, problemsIn, type Problems } from './stages/state';
import { findSecrets } from './stages/secrets';
import { validate } from './stages/validate';
import { wire } from './stages/wire';

export { listFiles };
export * from './build-options';
export { HEADER, ORG_FILE } from './tree-format';
export { explainError } from './build-errors';

/**
 * Which files of the tree a build owns (writes and deletes); every other file
 * is left as it is. A full synth owns everything but the `apps/` folders (in
 * every environment and in the catalog) of teams that define their apps in
 * their own repository; `--env`/`--team` narrow it to those environments' and
 * teams' folders, and the catalog's team folders only when every environment
 * is synthesized (an app's catalog entry describes all of them).
 */
export function ownedBy(options: Pick<GitOpsBuildOptions, 'org' | 'environments' | 'teams'>): (file: string) => boolean {
  const envs = options.environments ?? options.org.environments.map((e) => e.name);
  const external = options.org.teams.filter((t) => t.appsRepository !== undefined).map((t) => t.name);
  const filtered = options.environments !== undefined || options.teams !== undefined;
  return (file: string) => {
    const [env, area, team, sub] = file.split('/');
    if (!filtered) return !((envs.includes(env) || env === CATALOG_FOLDER) && area === 'teams' && external.includes(team) && sub === 'apps');
    if (env === CATALOG_FOLDER) return options.environments === undefined && area === 'teams' && options.teams !== undefined && options.teams.includes(team);
    if (!envs.includes(env)) return false;
    // a team's part: its folders, and its apps' preview copies (previews/<team>/apps)
    return options.teams === undefined || ((area === 'teams' || (area === PREVIEWS_FOLDER && sub === 'apps')) && options.teams.includes(team));
  };
}

/**
 * Builds the GitOps tree in memory: instantiates every environment, team and
 * app, collects every problem (all of them, not just the first), renders one
 * YAML file per object at `<env>/<placement>/<kind>-<name>.yaml`, and runs the
 * validator on the result (with `existing` objects). Nothing is written.
 */
export function buildGitOps(options: GitOpsBuildOptions): GitOpsBuild {
  try {
    return buildChecked(options, 'watched');
  } catch (e) {
    if (!(e instanceof BoundaryCrossed)) throw e;
  }
  const checked = buildChecked(options, 'per definition');
  if (checked.errors.length > 0) return checked;
  return {
    errors: [
      'synth: a team definition changed an object it did not create, and a second build did not show which: the definitions built another tree the second time (a definition must depend on its scope only, not on a counter, the clock or another run)',
    ],
    files: new Map(),
    objectsByKind: {},
  };
}

function buildChecked(options: GitOpsBuildOptions, boundary: BoundaryCheck): GitOpsBuild {
  const errors: string[] = [];
  try {
    return buildStaged(options, errors, boundary);
  } catch (e) {
    if (e instanceof BoundaryCrossed) throw e;
    // a part that depends on a problem already found can fail in ways of its own: the problems found say what to fix
    if (errors.length === 0) throw e;
    return { errors, files: new Map(), objectsByKind: {} };
  }
}

/**
 * The build, stage by stage (each in lib/synth/stages/, named after its file).
 * Every stage adds the problems it finds to `errors`; a broken part is left
 * out and the rest is still built, rendered and validated, so a run reports
 * all its problems at once. synthGitOps (synth-gitops.ts) runs the read
 * stage before this and the write stage after it (stages/read.ts,
 * stages/write.ts), holding the tree's lock, and times the three.
 */
function buildStaged(given: GitOpsBuildOptions, errors: string[], boundary: BoundaryCheck): GitOpsBuild {
  const problems = problemsIn(errors);
  const input = load(given, problems);
  const { environments, watches } = constructAll(input, boundary, problems);
  addEntryPoints(input, environments, problems);
  checkRules(input, environments, problems);
  const out = render(environments, watches, problems);
  const entityFiles = catalog(input, environments, out, problems);
  const manifests = publish(input, environments, out, entityFiles);
  findSecrets(input, environments, out, entityFiles, problems);
  return validate(input, environments, manifests, out, problems);
}

/** What the per-environment stages built: each environment's chart, and the boundary watches to compare with the rendered tree. */
interface ConstructedTree {
  readonly environments: readonly PlatformEnvironment[];
  readonly watches: readonly BoundaryWatch[];
}

/**
 * The stages run per environment, one environment after the other: construct
 * (the chart, the platform's part, the team scopes), boundary (the team
 * definitions, checked against what each team owns), wire (the service graph).
 * Not each stage across all environments: an environment's boundary watch
 * starts from the whole tree as the environments before it left it, wired.
 */
function constructAll(input: SynthInput, boundary: BoundaryCheck, problems: Problems): ConstructedTree {
  const app = new App();
  const environments: PlatformEnvironment[] = [];
  // each environment's tenant boundary watch, compared with the objects as rendered for the tree
  const watches: BoundaryWatch[] = [];
  // apps whose definition failed: problems that only follow from their absence are not reported
  const failedApps = new Set<string>();
  for (const env of input.environments) {
    const tree = construct(input, app, env, problems);
    environments.push(tree.platform);
    const watch = runDefinitions(input, app, tree, boundary, failedApps, problems);
    if (watch) watches.push(watch);
    wire(input, tree, failedApps, problems);
  }
  return { environments, watches };
}
