import * as fs from 'fs';
import * as path from 'path';
import type * as Nunjucks from 'nunjucks';
import type { Org } from '../org/org';
import { listFiles } from '../private/files';

/** The values the new-service files are rendered with (the Template passes the same). */
export interface NewServiceValues {
  /** The app's name. */
  readonly name: string;
  /** The owning team. */
  readonly team: string;
  /** What it does, in a sentence. */
  readonly description: string;
  /** The port it listens on. */
  readonly port: number;
  /** Its public host name in production, or '' for none. */
  readonly domain: string;
  /** Whether it gets a PostgreSQL database. */
  readonly database: boolean;
  /** The module its app definition imports paved from. */
  readonly importFrom: string;
  /** Its image, without a tag. */
  readonly image: string;
  /** The registry host its image is pushed to (the image's first part). */
  readonly imageRegistryHost: string;
  /** Its source repository's web address. */
  readonly repoUrl: string;
  /** The web address of the Component file the platform generates for it. */
  readonly componentUrl: string;
  /** Where its app definition lives in the repository that deploys it (`apps/<team>/<name>.ts`). */
  readonly definitionPath: string;
  /** That repository, as `owner/name`. */
  readonly platformRepo: string;
}

/** The folder (in the package) of the new-service files: `skeleton/` (the service repository) and `app/` (its app definition). */
export function newServiceFolder(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'lib', 'portal', 'new-service');
    if (fs.existsSync(path.join(candidate, 'skeleton'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`no new-service templates (lib/portal/new-service) above ${__dirname}`);
  }
}

/** The files of a template folder as they are (for the tree the Template reads them from). */
export function readTemplateFolder(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/**
 * Renders a template folder as the Backstage scaffolder's `fetch:template`
 * does with `templateFileExtension: true`: Nunjucks with `${{ }}` variables,
 * no escaping; file names are templated; `.njk` files are rendered and lose
 * the extension; every other file is copied as it is.
 */
export function renderTemplateFolder(dir: string, values: object): Map<string, string> {
  // loaded here only: synthesis copies the templates without rendering them
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Environment } = require('nunjucks') as typeof Nunjucks;
  const env = new Environment(null, { autoescape: false, tags: { variableStart: '${{', variableEnd: '}}' } });
  const out = new Map<string, string>();
  for (const [file, content] of readTemplateFolder(dir)) {
    const name = env.renderString(file, { values });
    if (name.endsWith('.njk')) out.set(name.slice(0, -'.njk'.length), env.renderString(content, { values }));
    else out.set(name, content);
  }
  return out;
}

/**
 * Where new services' images go by default: the first registry every
 * environment's image policy allows, or GitHub's (`ghcr.io/<owner>`) when the
 * org allows any.
 */
export function defaultImageRegistry(org: Org, owner: string): string {
  const lists = org.environments.map((e) => e.images.registries);
  const first = lists.find((l) => l !== undefined)?.find((r) => lists.every((l) => l === undefined || l.includes(r)));
  return first ?? `ghcr.io/${owner}`;
}
