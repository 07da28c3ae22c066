import * as fs from 'fs';
import * as path from 'path';
import { type NewAppAnswers, checkNewApp, newServiceValues, renderAppDefinition, renderServiceRepository } from '../portal/new-app';
import { EXIT, type Io } from './command';
import { describeDefinition } from './sandboxed-synth';
import type { Org } from '../org/org';

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

/** The org and the teams whose apps this repository defines, and why a team is not one of them. */
interface TeamScope {
  readonly org: Org;
  readonly ownTeams: readonly string[];
  readonly teamProblem: (team: string) => string | undefined;
}

/**
 * The teams whose apps this repository defines: a team repository (its org
 * read from the file the platform publishes) defines its own; the platform
 * repository every team without an appsRepository.
 */
function teamScope(definition: Awaited<ReturnType<typeof describeDefinition>>): TeamScope {
  const org = definition.org;
  const ownTeams = definition.orgFromFile ? [...new Set(definition.appTeams)] : org.teams.filter((t) => t.appsRepository === undefined).map((t) => t.name);
  const teamProblem = (team: string): string | undefined => {
    const known = org.teams.find((t) => t.name === team);
    if (!known) return `new app: team = ${JSON.stringify(team)} is not allowed: a team of the org (${org.teams.map((t) => t.name).join(', ')})`;
    if (ownTeams.includes(team)) return undefined;
    const where = known.appsRepository ?? 'the platform repository';
    return `new app: team = ${JSON.stringify(team)} is not allowed: a team whose apps this repository defines (${ownTeams.join(', ') || 'none'}); team ${team}'s apps are defined in ${where}: run paved new app there`;
  };
  return { org, ownTeams, teamProblem };
}

/** Asks for one answer (unless its flag gave it, or there is no terminal): the answer, or the fallback. */
type AskFor = (field: keyof NewAppAnswers, flag: string | undefined, question: string, fallback?: string, parse?: (v: string) => unknown) => Promise<string | undefined>;

/** Asks each answer not given as a flag; each answer is checked as it is given: on a terminal a bad one is asked again, the others are kept. */
function answerer(io: Io, scope: TeamScope): AskFor {
  const { org, ownTeams, teamProblem } = scope;
  const ask = io.ask;
  const fieldProblem = (field: keyof NewAppAnswers, answers: Partial<NewAppAnswers>): string | undefined => {
    if (field === 'team') return teamProblem(String(answers.team));
    const all = checkNewApp(org, { team: answers.team ?? ownTeams[0] ?? '', name: answers.name ?? 'app', description: answers.description ?? 'x', ...answers } as NewAppAnswers);
    return all.find((p) => p.startsWith(`new app: ${field} = `));
  };
  const given: Partial<Record<keyof NewAppAnswers, unknown>> = {};
  return async (field, flag, question, fallback, parse = (v) => v) => {
    if (flag !== undefined || !ask) {
      const value = flag ?? fallback;
      if (value !== undefined) given[field] = parse(value);
      return value;
    }
    for (;;) {
      const typed = (await ask(`${question}${fallback ? ` [${fallback}]` : ''}: `)).trim();
      const value = typed === '' ? fallback : typed;
      if (value === undefined) return undefined;
      const problem = fieldProblem(field, { ...given, [field]: parse(value) } as Partial<NewAppAnswers>);
      if (!problem) {
        given[field] = parse(value);
        return value;
      }
      io.err(`  ${problem.replace(/^new app: /, '')}\n`);
    }
  };
}

/** The template's answers, from the flags or the terminal; or the flags missing where there is no terminal to ask. */
async function answersOf(io: Io, scope: TeamScope, options: NewAppCliOptions): Promise<NewAppAnswers | { readonly missing: string[] }> {
  const { org, ownTeams } = scope;
  const ask = io.ask;
  const askFor = answerer(io, scope);
  const team = await askFor('team', options.team, `team (${ownTeams.join(', ')})`, ownTeams.length === 1 ? ownTeams[0] : undefined);
  const name = await askFor('name', options.name, 'name (lower-case letters, digits and "-")');
  const description = await askFor('description', options.description, 'description (what it does, in a sentence)');
  const port = await askFor('port', options.port, 'port', '8080', Number);
  const zone = org.teams.find((t) => t.name === team)?.zone;
  const domain = await askFor('domain', options.domain, `public domain in production${zone ? ` (inside ${zone})` : ''}, empty for none`, '', (v) => v || undefined);
  const database = options.database ?? (ask ? /^y(es)?$/i.test((await ask('PostgreSQL database? [y/N]: ')).trim()) : false);
  const missing: string[] = [
    ['--team', team],
    ['--name', name],
    ['--description', description],
  ]
    .filter(([, v]) => v === undefined)
    .map(([flag]) => String(flag));
  if (missing.length) return { missing };
  return { team: String(team), name: String(name), description: String(description), port: Number(port), domain: domain || undefined, database, importFrom: options.importFrom };
}

/**
 * `paved new app`: the new-service template's questions on the terminal (or as
 * flags), then the app definition written where the team's apps are defined
 * (`apps/<team>/<name>.ts` in the platform repository, `apps/<name>.ts` in a
 * team's own), from the same template file Backstage renders.
 */
export async function newAppCommand(io: Io, options: NewAppCliOptions): Promise<number> {
  // the org, from the definition loaded as paved synth loads it (no team module runs)
  const definition = await describeDefinition(io, io.cwd, options);
  const scope = teamScope(definition);
  const answers = await answersOf(io, scope, options);
  if ('missing' in answers) {
    io.err(`paved new app: ${answers.missing.join(', ')} missing (pass them as flags, or run in a terminal to be asked)\n`);
    return EXIT.FINDINGS;
  }
  const problems = checkNewApp(scope.org, answers);
  const wrongTeam = scope.teamProblem(answers.team);
  if (wrongTeam && !problems.some((p) => p.startsWith('new app: team = '))) problems.unshift(wrongTeam);
  const values = newServiceValues(scope.org, answers, definition.portal);
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
  io.out(`${nextSteps(io.cwd)}\n`);
  return EXIT.OK;
}

/**
 * What to run next, as this project runs it: its own npm scripts where it has
 * them (a team repository's `synth`, `validate` and `diff` know the org file and
 * the tree to compare with), else paved's commands.
 */
function nextSteps(cwd: string): string {
  let scripts: Record<string, unknown> = {};
  try {
    scripts = (JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8')) as { scripts?: Record<string, unknown> }).scripts ?? {};
  } catch {
    // no package.json: paved's own commands
  }
  const step = (script: string, fallback: string) => (typeof scripts[script] === 'string' ? `npm run ${script}` : fallback);
  const steps = [`synthesize (${step('synth', 'npx paved synth')})`, `validate (${step('validate', 'npx paved validate')})`, `review the diff (${step('diff', 'npx paved diff --base origin/main')})`];
  return `next: ${steps.join(', ')}, and open a pull request`;
}
