import { AppConstruct } from '../../app/app-construct';
import { isAddOn } from '../../k8s/addons/addon';
import { GitOpsRoot } from '../../k8s/gitops-root';
import type { PlatformEnvironment } from '../../k8s/platform-environment';
import { TeamPreviews } from '../../k8s/team-previews';
import type { Problems, SynthInput } from './state';

/**
 * The root stage (the platform's part only, once everything it points at
 * exists): each environment's entry point (the GitOps root: Argo CD's
 * projects and Applications for the add-ons' Helm repositories and the teams
 * with apps), and the previews of pull requests per team with apps there
 * (those of its own repository too).
 */
export function addEntryPoints(input: SynthInput, environments: readonly PlatformEnvironment[], { collect }: Problems): void {
  if (!input.platformPart) return;
  const { org, brokenTeams } = input;
  for (const platform of environments) {
    const addOns = platform.node.findAll().filter(isAddOn);
    const proposed = new Set(input.existing.filter((m) => m.file.startsWith(`${platform.environment.name}/teams/`) && m.file.split('/')[3] === 'apps').map((m) => m.file.split('/')[2]));
    const built = new Set(
      platform.node
        .findAll()
        .filter((c): c is AppConstruct => c instanceof AppConstruct)
        .map((a) => a.team.name),
    );
    try {
      new GitOpsRoot(platform, 'Root', {
        helmRepositories: [...new Set(addOns.map((a) => a.spec.repoURL))],
        teamsWithApps: org.teams.map((t) => t.name).filter((t) => built.has(t) || proposed.has(t)),
        leftOut: brokenTeams,
      });
    } catch (e) {
      collect(`${platform.node.path}/Root`, e);
    }
    // previews of pull requests, per team with apps here (those of its own repository too)
    if (platform.environment.previews) {
      for (const team of org.teams.filter((t) => !brokenTeams.includes(t.name) && (built.has(t.name) || proposed.has(t.name)))) {
        try {
          new TeamPreviews(platform, `Previews-${team.name}`, { team });
        } catch (e) {
          collect(`${platform.node.path}/Previews-${team.name}`, e);
        }
      }
    }
  }
}
