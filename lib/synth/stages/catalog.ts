import { yaml } from '../../private/yaml';
import { AppConstruct } from '../../app/app-construct';
import type { PlatformEnvironment } from '../../k8s/platform-environment';
import { CATALOG_FOLDER, type CatalogEntityFile, DEFAULT_PLATFORM_TEAM, appEntities, catalogLocation, platformTeamEntity, teamAppsLocation, teamEntities, teamLocation } from '../../portal/catalog';
import { serviceTemplate } from '../../portal/service-template';
import { show } from '../../private/problems';
import { blockYaml } from '../../private/yaml-block';
import { isCatalogEntity } from '../../validate/backstage-check';
import { HEADER, YAML_OPTIONS } from '../tree-format';
import type { TreeOutput } from './render';
import type { Problems, SynthInput } from './state';

/**
 * The catalog stage: the Backstage catalog (the teams' Groups and Systems, the
 * apps' entities, their Locations; in the platform's part its Group, the
 * new-service template and the catalog's Location), added to the tree. It is
 * environment-independent, so only built when every environment is.
 */
export function catalog(input: SynthInput, environments: readonly PlatformEnvironment[], out: TreeOutput, { errors }: Problems): CatalogEntityFile[] {
  const entityFiles: CatalogEntityFile[] = [];
  if (!input.everyEnvironment) return entityFiles;
  const { org, options, teams: teamFilter } = input;
  const entries = environments.flatMap((p) =>
    p.node
      .findAll()
      .filter((c): c is AppConstruct => c instanceof AppConstruct)
      .map((a) => a.catalog),
  );
  for (const p of environments) {
    for (const a of p.node.findAll().filter((c): c is AppConstruct => c instanceof AppConstruct && out.isFlagged(c))) out.flaggedFiles.add(`${CATALOG_FOLDER}/teams/${a.team.name}/apps/${a.name}/`);
  }
  entityFiles.push(...org.teams.filter((t) => teamFilter.includes(t.name)).flatMap(teamEntities));
  const apps = appEntities(org, entries, options.portal);
  errors.push(...apps.problems);
  entityFiles.push(...apps.files);
  // each team whose apps are defined here: its apps' entities under a Location of its own, as a team repository proposes it
  entityFiles.push(...org.teams.filter((t) => teamFilter.includes(t.name) && t.appsRepository === undefined).map((t) => teamAppsLocation(t.name)));
  if (input.platformPart) platformEntities(input, entityFiles, out, errors);
  else teamRepositoryLocations(input, entityFiles);
  for (const f of entityFiles) {
    // written as render writes objects (the direct writer, and yaml for what it does not write)
    out.files.set(f.file, `${HEADER}${blockYaml(f.entity) ?? yaml.stringify(f.entity, YAML_OPTIONS)}`);
    const key = `${f.entity.apiVersion}/${f.entity.kind}`;
    out.objectsByKind[key] = (out.objectsByKind[key] ?? 0) + 1;
  }
  return entityFiles;
}

/** The platform's part of the catalog: its Group, the new-service template (and its files), the catalog's Location. */
function platformEntities({ org, options, existing }: SynthInput, entityFiles: CatalogEntityFile[], out: TreeOutput, errors: string[]): void {
  const platformTeam = options.portal?.platformTeam ?? DEFAULT_PLATFORM_TEAM;
  if (org.teams.some((t) => t.name === platformTeam.name)) {
    errors.push(`portal: platformTeam.name = ${show(platformTeam.name)} is not allowed: a name no team of the org has (the catalog has one Group per team)`);
  } else {
    entityFiles.push(platformTeamEntity(platformTeam));
  }
  const template = serviceTemplate(org, options.portal);
  errors.push(...template.problems);
  entityFiles.push({ file: template.file, entity: template.entity });
  for (const [file, content] of template.files) out.files.set(file, content);
  const kept = existing.filter((m) => isCatalogEntity(m.object)).map((m) => m.file);
  entityFiles.push(catalogLocation(org, [...entityFiles.map((f) => f.file), ...kept]));
}

/** A team's own synth: its apps' entities under a Location of its own, which it proposes with them. */
function teamRepositoryLocations({ org, teams: teamFilter }: SynthInput, entityFiles: CatalogEntityFile[]): void {
  for (const team of teamFilter.filter((t) => org.team(t).appsRepository !== undefined)) {
    const apps = teamAppsLocation(team);
    entityFiles.push(apps);
    // and, for this tree only (the platform's Location lists them), the team's Group and System
    const own = entityFiles.filter((f) => f.file.startsWith(`${CATALOG_FOLDER}/teams/${team}/`) && !f.file.startsWith(`${CATALOG_FOLDER}/teams/${team}/apps/`)).map((f) => f.file);
    entityFiles.push(teamLocation(team, [...own, apps.file]));
  }
}
