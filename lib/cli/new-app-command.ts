import * as fs from 'fs';
import * as path from 'path';
import { NewAppAnswers, checkNewApp, newServiceValues, renderAppDefinition, renderServiceRepository } from '../portal/new-app';
import { EXIT, Io } from './commands';
import { loadDefinition } from './definition';

/** The flags of `paved new app`. */
export interface NewAppCliOptions {
  readonly team?: string;
  readonly name?: string;
  readonly description?: string;
  readonly port?: string;
  readonly domain?: string;
  readonly database?: boolean;
  readonly importFrom?: string;
  readonly out?: string;
  readonly serviceDir?: string;
  readonly definition?: string;
  readonly org?: string;
}

/**
 * `paved new app`: the new-service template's questions on the terminal (or as
 * flags), then the app definition written where the team's apps are defined
 * (`apps/<team>/<name>.ts` in the platform repository, `apps/<name>.ts` in a
 * team's own), from the same template file Backstage renders.
 */
export async function newAppCommand(io: Io, options: NewAppCliOptions): Promise<number> {
  const ask = io.ask;
  const definition = loadDefinition(io.cwd, options);
  const org = definition.org;
  const answer = async (value: string | undefined, question: string, fallback?: string): Promise<string | undefined> => {
    if (value !== undefined || !ask) return value ?? fallback;
    const given = (await ask(`${question}${fallback ? ` [${fallback}]` : ''}: `)).trim();
    return given === '' ? fallback : given;
  };
  const team = await answer(options.team, `team (${org.teams.map((t) => t.name).join(', ')})`);
  const name = await answer(options.name, 'name (lower-case letters, digits and "-")');
  const description = await answer(options.description, 'description (what it does, in a sentence)');
  const port = await answer(options.port, 'port', '8080');
  const zone = org.teams.find((t) => t.name === team)?.zone;
  const domain = await answer(options.domain, `public domain in production${zone ? ` (inside ${zone})` : ''}, empty for none`, '');
  const database = options.database ?? (ask ? /^y(es)?$/i.test((await ask('PostgreSQL database? [y/N]: ')).trim()) : false);

  const missing = [['--team', team], ['--name', name], ['--description', description]].filter(([, v]) => v === undefined).map(([flag]) => flag);
  if (missing.length) {
    io.err(`paved new app: ${missing.join(', ')} missing (pass them as flags, or run in a terminal to be asked)\n`);
    return EXIT.ERROR;
  }
  const answers: NewAppAnswers = {
    team: String(team), name: String(name), description: String(description),
    port: Number(port), domain: domain || undefined, database, importFrom: options.importFrom,
  };
  const problems = checkNewApp(org, answers);
  const values = newServiceValues(org, answers, definition.portal);
  const app = renderAppDefinition(values);
  const file = path.resolve(io.cwd, options.out ?? app.file);
  if (fs.existsSync(file)) problems.push(`new app: name = ${JSON.stringify(answers.name)} is not allowed: ${path.relative(io.cwd, file)} already exists`);
  if (problems.length) {
    io.err(`paved new app: ${problems.length} problem(s); nothing written:\n${problems.map((p) => `  - ${p}\n`).join('')}`);
    return EXIT.FINDINGS;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, app.content);
  io.out(`wrote ${path.relative(io.cwd, file)}: ${answers.team}/${answers.name}${answers.domain ? ` at ${answers.domain}` : ''}${answers.database ? ', with a database' : ''}\n`);
  if (options.serviceDir) {
    const dir = path.resolve(io.cwd, options.serviceDir);
    const files = renderServiceRepository(values);
    for (const [f, content] of files) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), content);
    }
    io.out(`wrote the service repository (${files.size} files) to ${path.relative(io.cwd, dir) || '.'}\n`);
  }
  io.out('next: build and synthesize (npm run synth), review the diff (npx paved diff), and open a pull request\n');
  return EXIT.OK;
}
