import { ApiObject, type App } from 'cdk8s';
import { AppConstruct } from '../../app/app-construct';
import { BoundaryWatch, runTeamDefinitions } from '../../k8s/team-boundary';
import type { EnvironmentTree } from './construct';
import { type BoundaryCheck, BoundaryCrossed, type Problems, type SynthInput } from './state';

/**
 * The boundary stage (per environment): runs each team's app definitions in
 * its scope, checking what each added and changed against what the team owns.
 * A definition that threw leaves its apps in `failedApps` (`<team>/<app>`, and
 * `<team>/*`): problems that only follow from their absence are not reported.
 * With a `watched` check, the watch is returned, to be compared with the tree
 * as rendered; it throws BoundaryCrossed when it saw a definition change an
 * object it did not create (the build is done again, per definition, to say which).
 */
export function runDefinitions(
  input: SynthInput,
  app: App,
  { platform, scopes }: EnvironmentTree,
  boundary: BoundaryCheck,
  failedApps: Set<string>,
  { errors, collect }: Problems,
): BoundaryWatch | undefined {
  const watch = boundary === 'watched' && scopes.length > 0 ? new BoundaryWatch(app) : undefined;
  for (const scope of scopes) {
    const team = scope.team;
    const definitions = input.options.apps
      .filter((a) => a.team === team.name)
      .flatMap((entry) => entry.apps.map((define, i) => ({ name: `app definition ${define.name || i}`, define: () => define(scope) })));
    // the boundary: what each definition added and changed is checked against what the team owns
    runTeamDefinitions(scope, definitions, watch).forEach((run, i) => {
      errors.push(...run.problems);
      if (run.error !== undefined) {
        collect(`${scope.node.path} (${definitions[i].name})`, run.error);
        for (const c of run.removed) if (c instanceof AppConstruct) failedApps.add(`${team.name}/${c.node.id}`);
        // (its other apps may be missing too: their records are not called stray)
        failedApps.add(`${team.name}/*`);
      }
    });
  }
  if (watch) {
    // the apps' Applications get the URLs of the apps they call next: compared now; the rest when the tree is rendered
    const applications = platform.node
      .findAll()
      .filter((c): c is AppConstruct => c instanceof AppConstruct)
      .flatMap((a) => a.node.findAll().filter((o): o is ApiObject => ApiObject.isApiObject(o) && o.kind === 'Application' && o.apiVersion.startsWith('core.oam.dev/')));
    // a definition changed an object it did not create: built again, checking after each definition, to say which
    if (watch.settle(applications)) throw new BoundaryCrossed();
  }
  return watch;
}
