import type { Entity } from '@backstage/catalog-model';
import type { Org } from '../org/org';
import { APP_NAME_MAX_LENGTH } from '../app/app-construct';
import { DEFAULT_PLATFORM_TEAM, type PortalProps, SERVICE_TEMPLATE_FOLDER, appCatalogFolder, groupRef } from './catalog';
import { fileUrl, parseRepository } from './repository';
import { PAVED_PACKAGE } from '../private/package';
import { defaultImageRegistry, newServiceFolder, readTemplateFolder } from './scaffold';

/** The pattern of an app name (an RFC 1035 label), as the Template and `paved new app` check it. */
export const APP_NAME_PATTERN = '^[a-z]([-a-z0-9]*[a-z0-9])?$';

/** Where a team's new app definitions go, and how they import paved. */
export interface AppDefinitionTarget {
  /** The repository that deploys the team's apps, e.g. `https://github.com/acme/platform.git`. */
  readonly repoURL: string;
  /** The folder of the team's app definitions in it. */
  readonly folder: string;
  /** The module an app definition there imports paved from. */
  readonly importFrom: string;
}

/** Where team `team` keeps its app definitions: the platform repository, or the team's own. */
export function appDefinitionTarget(org: Org, team: string, portal: PortalProps = {}): AppDefinitionTarget {
  const t = org.teams.find((x) => x.name === team);
  if (t?.appsRepository) return { repoURL: t.appsRepository, folder: 'apps', importFrom: PAVED_PACKAGE };
  return { repoURL: org.gitops.repoURL, folder: `${portal.appsFolder ?? 'apps'}/${team}`, importFrom: portal.appImport ?? PAVED_PACKAGE };
}

/** The files of the new-service Template: the entity, and the skeleton and app definition it renders. */
export interface ServiceTemplateFiles {
  /** The Template entity's file, relative to the tree's root. */
  readonly file: string;
  /** The Template entity. */
  readonly entity: Entity;
  /** The files it renders, by path relative to the tree's root, as they are. */
  readonly files: ReadonlyMap<string, string>;
  /** Problems that keep the Template from working. */
  readonly problems: readonly string[];
}

/** A value of an entity's spec (JSON). */
type SpecValue = NonNullable<Entity['spec']>[string];

/** A Nunjucks map literal from team name to a value, looked up by the chosen team. */
function byTeam(values: Record<string, string>): string {
  return `\${{ ${JSON.stringify(values)}[parameters.team] }}`;
}

/**
 * The Backstage software template (`scaffolder.backstage.io/v1beta3`) for a
 * new service: it asks for team, name, description, port, domain and
 * database; creates the service repository from the skeleton (a container
 * build, its `AppConstruct` definition and a `catalog-info.yaml`); and opens a
 * pull request that adds the app definition where the team's apps are
 * deployed from (the platform repository, or the team's own). Publishes to
 * GitHub, where the GitOps repository lives.
 */
export function serviceTemplate(org: Org, portal: PortalProps = {}): ServiceTemplateFiles {
  const problems: string[] = [];
  const gitops = parseRepository(org.gitops.repoURL);
  if (!gitops || gitops.host !== 'github.com') {
    problems.push(`portal: org.gitops.repoURL = ${JSON.stringify(org.gitops.repoURL)} is not allowed: a github.com repository, which the new-service template publishes to`);
  }
  const owner = gitops?.owner ?? 'unknown';
  const platformTeam = portal.platformTeam ?? DEFAULT_PLATFORM_TEAM;
  const targets = teamTargets(org, portal, problems);
  const values = templateValues(org, portal, owner, targets);

  const entity: Entity = {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: 'new-service',
      title: 'New service',
      description: `A new service on ${org.name}'s paved road: a repository with its container build, its AppConstruct definition and catalog entry, and a pull request that adds it to the platform.`,
      tags: ['paved', 'service', 'recommended'],
    },
    spec: {
      owner: groupRef(platformTeam.name),
      type: 'service',
      parameters: templateParameters(org),
      steps: templateSteps(owner, targets, values),
      output: {
        links: [
          { title: 'Repository', url: '${{ steps.publish.output.remoteUrl }}' },
          { title: 'Pull request to the platform', url: "${{ steps['pull-request'].output.remoteUrl }}" },
        ],
      },
    },
  };

  const files = new Map<string, string>();
  for (const [file, content] of readTemplateFolder(newServiceFolder())) files.set(`${SERVICE_TEMPLATE_FOLDER}/${file}`, content);
  return { file: `${SERVICE_TEMPLATE_FOLDER}/template.yaml`, entity, files, problems };
}

/** Where each team's app definitions go: its target, its GitHub repository, and a Nunjucks lookup by the chosen team. */
interface TeamTargets {
  readonly targets: Readonly<Record<string, AppDefinitionTarget>>;
  readonly repos: Readonly<Record<string, { readonly owner: string; readonly name: string }>>;
  /** A Nunjucks expression: `f(team)` of the team chosen in the form. */
  readonly map: (f: (team: string) => string) => string;
}

/** Each team's target; a team whose apps repository is not on GitHub is a problem (the template opens its pull request there). */
function teamTargets(org: Org, portal: PortalProps, problems: string[]): TeamTargets {
  const teams = org.teams.map((t) => t.name);
  const targets = Object.fromEntries(org.teams.map((t) => [t.name, appDefinitionTarget(org, t.name, portal)]));
  const repoOf = (team: string) => {
    const repo = parseRepository(targets[team].repoURL);
    if (!repo || repo.host !== 'github.com') {
      problems.push(
        `portal: team ${team}'s apps repository ${JSON.stringify(targets[team].repoURL)} is not allowed: a github.com repository, which the new-service template opens its pull request on`,
      );
      return { owner: 'unknown', name: 'unknown' };
    }
    return repo;
  };
  const repos = Object.fromEntries(teams.map((t) => [t, repoOf(t)]));
  const map = (f: (team: string) => string) => byTeam(Object.fromEntries(teams.map((t) => [t, f(t)])));
  return { targets, repos, map };
}

/** The values the template's files are rendered with. */
function templateValues(org: Org, portal: PortalProps, owner: string, { targets, repos, map }: TeamTargets): Record<string, string> {
  const registry = portal.imageRegistry ?? defaultImageRegistry(org, owner);
  const componentUrl = fileUrl(
    org.gitops.repoURL,
    org.gitops.revision,
    `${org.gitops.path}/${appCatalogFolder('${{ parameters.team }}', '${{ parameters.name }}')}/component-\${{ parameters.name }}.yaml`,
  );
  return {
    name: '${{ parameters.name }}',
    team: '${{ parameters.team }}',
    description: '${{ parameters.description }}',
    port: '${{ parameters.port }}',
    domain: '${{ parameters.domain }}',
    database: '${{ parameters.database }}',
    image: `${registry}/\${{ parameters.name }}`,
    imageRegistryHost: registry.split('/')[0],
    repoUrl: `https://github.com/${owner}/\${{ parameters.name }}`,
    componentUrl,
    importFrom: map((t) => targets[t].importFrom),
    definitionPath: `${map((t) => targets[t].folder)}/\${{ parameters.name }}.ts`,
    platformRepo: map((t) => `${repos[t].owner}/${repos[t].name}`),
  };
}

/** The form: the service (team, name, description), and how it runs (port, domain in the team's zone, database). */
function templateParameters(org: Org): SpecValue {
  const teams = org.teams.map((t) => t.name);
  const zoneRules = org.teams.map((t) => ({
    if: { properties: { team: { const: t.name } } },
    then: { properties: { domain: { pattern: `^(|([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)+${t.zone.replace(/\./g, '\\.')})$` } } },
  }));
  return [
    {
      title: 'The service',
      required: ['team', 'name', 'description'],
      properties: {
        team: {
          title: 'Team',
          type: 'string',
          description: 'The team that owns the service: its namespace, DNS zone, secrets and budget.',
          enum: teams,
        },
        name: {
          title: 'Name',
          type: 'string',
          description: 'The service\'s name, also its repository\'s: lower-case letters, digits and "-", unique within the team.',
          pattern: APP_NAME_PATTERN,
          maxLength: APP_NAME_MAX_LENGTH,
          'ui:autofocus': true,
        },
        description: { title: 'Description', type: 'string', description: 'What the service does, in a sentence.' },
      },
    },
    {
      title: 'How it runs',
      required: ['port'],
      properties: {
        port: { title: 'Port', type: 'integer', description: 'The port the service listens on.', minimum: 1, maximum: 65535, default: 8080 },
        domain: {
          title: 'Public domain',
          type: 'string',
          description: `A host name inside the team's DNS zone (${org.teams.map((t) => `${t.name}: ${t.zone}`).join(', ')}); empty for no public route.`,
          default: '',
        },
        database: { title: 'PostgreSQL database', type: 'boolean', description: "A database from the platform, in the service's namespace.", default: false },
      },
      allOf: zoneRules,
    },
  ];
}

/** The steps: the service repository from the skeleton, its app definition, the repository on GitHub, the pull request to the platform. */
function templateSteps(owner: string, { targets, repos, map }: TeamTargets, values: Record<string, string>): SpecValue {
  return [
    {
      id: 'skeleton',
      name: 'Write the service repository',
      action: 'fetch:template',
      input: { url: './skeleton', targetPath: './service', templateFileExtension: true, values },
    },
    {
      id: 'definition',
      name: 'Write its app definition',
      action: 'fetch:template',
      input: { url: './app', targetPath: './service/paved', templateFileExtension: true, values },
    },
    {
      id: 'publish',
      name: 'Create the repository',
      action: 'publish:github',
      input: {
        repoUrl: `github.com?owner=${owner}&repo=\${{ parameters.name }}`,
        description: '${{ parameters.description }}',
        defaultBranch: 'main',
        repoVisibility: 'private',
        sourcePath: './service',
      },
    },
    {
      id: 'proposal',
      name: 'Stage the app definition for the platform',
      action: 'fetch:template',
      input: { url: './app', targetPath: `./proposal/${map((t) => targets[t].folder)}`, templateFileExtension: true, values },
    },
    {
      id: 'pull-request',
      name: 'Propose it to the platform',
      action: 'publish:github:pull-request',
      input: {
        repoUrl: `github.com?owner=${map((t) => repos[t].owner)}&repo=${map((t) => repos[t].name)}`,
        branchName: 'new-service-${{ parameters.team }}-${{ parameters.name }}',
        title: 'New service ${{ parameters.team }}/${{ parameters.name }}',
        description:
          "Adds the app definition of ${{ parameters.name }} (${{ parameters.description }}), created from the new-service template. The platform's CI synthesizes, validates and diffs it; once merged, Argo CD deploys it.",
        sourcePath: './proposal',
      },
    },
  ];
}
