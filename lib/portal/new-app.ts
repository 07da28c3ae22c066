import * as path from 'path';
import { APP_NAME_MAX_LENGTH } from '../app/app-construct';
import type { Org } from '../org/org';
import { isDns1035Label, isDnsName } from '../private/names';
import { show } from '../private/problems';
import { type PortalProps, appCatalogFolder } from './catalog';
import { fileUrl, parseRepository } from './repository';
import { type NewServiceValues, defaultImageRegistry, newServiceFolder, renderTemplateFolder } from './scaffold';
import { appDefinitionTarget } from './service-template';

/** The answers to the new-service questions (the Template asks the same). */
export interface NewAppAnswers {
  /** The owning team. */
  readonly team: string;
  /** The app's name (an RFC 1035 label). */
  readonly name: string;
  /** What it does, in a sentence. */
  readonly description: string;
  /**
   * The port it listens on.
   * @default 8080
   */
  readonly port?: number;
  /**
   * Its public host name in production, inside the team's zone.
   * @default - no public route
   */
  readonly domain?: string;
  /**
   * Whether it gets a PostgreSQL database.
   * @default false
   */
  readonly database?: boolean;
  /**
   * The module its definition imports paved from.
   * @default - as the platform's portal says for the team (`paved` in a team's own repository)
   */
  readonly importFrom?: string;
}

/** Checks the answers against the org; every problem, one line each. */
export function checkNewApp(org: Org, answers: NewAppAnswers): string[] {
  const problems: string[] = [];
  const bad = (prop: string, value: unknown, allowed: string) => problems.push(`new app: ${prop} = ${show(value)} is not allowed: ${allowed}`);
  const team = org.teams.find((t) => t.name === answers.team);
  if (!team) bad('team', answers.team, `a team of the org (${org.teams.map((t) => t.name).join(', ')})`);
  if (!isDns1035Label(answers.name ?? '', APP_NAME_MAX_LENGTH)) {
    bad('name', answers.name, `an RFC 1035 label of at most ${APP_NAME_MAX_LENGTH} characters: lower-case letters, digits and "-", starting with a letter`);
  }
  if (!answers.description || !answers.description.trim()) bad('description', answers.description, 'a sentence that says what the app does');
  const port = answers.port ?? 8080;
  if (!Number.isInteger(port) || port < 1 || port > 65535) bad('port', answers.port, 'an integer from 1 to 65535');
  if (answers.domain) {
    if (!isDnsName(answers.domain)) bad('domain', answers.domain, 'a lower-case DNS name such as "orders.payments.example.com"');
    else if (team && !team.ownsDomain(answers.domain)) bad('domain', answers.domain, `a name inside team ${team.name}'s zone "${team.zone}"`);
    else if (team && answers.domain === team.zone) bad('domain', answers.domain, `a name below team ${team.name}'s zone "${team.zone}" (other environments insert their name after its first label)`);
  }
  return problems;
}

/** The values the new-service files are rendered with, for these answers. */
export function newServiceValues(org: Org, answers: NewAppAnswers, portal: PortalProps = {}): NewServiceValues {
  const target = appDefinitionTarget(org, answers.team, portal);
  const owner = parseRepository(org.gitops.repoURL)?.owner ?? 'unknown';
  const repo = parseRepository(target.repoURL);
  return {
    name: answers.name,
    team: answers.team,
    description: answers.description,
    port: answers.port ?? 8080,
    domain: answers.domain ?? '',
    database: answers.database ?? false,
    importFrom: answers.importFrom ?? target.importFrom,
    image: `${portal.imageRegistry ?? defaultImageRegistry(org, owner)}/${answers.name}`,
    imageRegistryHost: (portal.imageRegistry ?? defaultImageRegistry(org, owner)).split('/')[0],
    repoUrl: `https://github.com/${owner}/${answers.name}`,
    componentUrl: fileUrl(org.gitops.repoURL, org.gitops.revision, `${org.gitops.path}/${appCatalogFolder(answers.team, answers.name)}/component-${answers.name}.yaml`),
    definitionPath: `${target.folder}/${answers.name}.ts`,
    platformRepo: repo ? `${repo.owner}/${repo.name}` : target.repoURL,
  };
}

/** The app definition file for these values: its path in the repository that deploys it, and its content. */
export function renderAppDefinition(values: NewServiceValues): { readonly file: string; readonly content: string } {
  const rendered = renderTemplateFolder(path.join(newServiceFolder(), 'app'), values);
  const [[, content]] = [...rendered];
  return { file: values.definitionPath, content };
}

/** The service repository's files for these values (the skeleton, and the app definition in `paved/`). */
export function renderServiceRepository(values: NewServiceValues): Map<string, string> {
  const files = renderTemplateFolder(path.join(newServiceFolder(), 'skeleton'), values);
  for (const [file, content] of renderTemplateFolder(path.join(newServiceFolder(), 'app'), values)) files.set(`paved/${file}`, content);
  return files;
}
