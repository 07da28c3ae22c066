/**
 * `paved synth`: the definition run in a sandbox, the GitOps tree built,
 * validated and written atomically, and what was written counted.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EXIT, type Io, ms } from './command';
import { readConfig, releasesRoot } from './definition';
import { synthInSandbox } from './sandboxed-synth';
import { synthRecord } from './synth-record';
import { defaultTree } from './tree';
import { compareStrings } from '../private/compare';
import { terminalValue } from '../private/escape';

/** The portal's names (loaded when a synth has written: paved synth starts the process that runs the definition first). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const portal = () => require('../portal/catalog') as typeof import('../portal/catalog');

/** Options of `paved synth` (and of `paved check`, which synthesizes as it does). */
export interface SynthOptions {
  readonly env?: string[];
  readonly team?: string[];
  readonly out?: string;
  readonly definition?: string;
  readonly org?: string;
}

/**
 * `paved synth`: builds, validates and writes the GitOps tree atomically. The
 * definition runs in a sandbox (lib/cli/sandbox.ts): a process of its own,
 * with only the variables the org allows, that may not write, spawn or read
 * outside the project; this process writes the tree.
 */
export async function synthCommand(io: Io, options: SynthOptions): Promise<number> {
  const started = Date.now();
  const outDir = defaultTree(io, options.out);
  const shown = path.relative(io.cwd, outDir) || '.';
  // nothing it reads changed since the last synth into this tree, and the tree is as that synth left it
  const definitionFile = options.definition ?? readConfig(io.cwd).definition;
  const record = synthRecord(
    io.cwd,
    outDir,
    { env: options.env, team: options.team, definition: options.definition, org: options.org, out: shown },
    options.org ?? readConfig(io.cwd).org,
    releasesRoot(io.cwd, definitionFile),
  );
  if (record?.upToDate) {
    io.out(`paved synth: ${shown} is up to date (the compiled definitions, the dependencies and the tree are unchanged since the last synth) in ${ms(Date.now() - started)}\n`);
    return EXIT.OK;
  }
  const { result, checks } = await synthInSandbox(io, {
    cwd: io.cwd,
    definition: options.definition,
    org: options.org,
    env: options.env,
    team: options.team,
    outDir,
    ...(record ? { checks: () => record.keptChecks } : {}),
    onLoaded: ({ source, org, definitions }) => {
      io.out(`paved synth: ${source}${options.env ? ` --env ${options.env.join(',')}` : ''}${options.team ? ` --team ${options.team.join(',')}` : ''} → ${shown}\n`);
      io.out(`  loaded definition: ${org.environments.length} environment(s), ${org.teams.length} team(s), ${definitions} app definition(s) (${ms(Date.now() - started)})\n`);
    },
    onStage: (stage, t) => io.out(`  ${stage} (${ms(t)})\n`),
    onWaitForLock: (holder) => io.out(`  waiting: ${shown} is being written by another paved run (${holder})\n`),
    ...(io.whileBuilding ? { whileBuilding: io.whileBuilding } : {}),
  });
  for (const line of result.recovered) io.out(`  recovered: ${line}\n`);
  if (!result.written) {
    io.err(`synth failed with ${result.errors.length} problem(s); ${shown} is unchanged:\n`);
    for (const e of result.errors) io.err(`  - ${e.replace(/\n/g, '\n    ')}\n`);
    return EXIT.FINDINGS;
  }
  const files = [...result.files.keys()];
  io.out(
    `${result.unchanged ? `${shown} is up to date: ${files.length} files, the same bytes, nothing written` : `wrote ${files.length} files to ${shown}`}${result.kept ? ` (kept ${result.kept} files it does not own)` : ''} in ${ms(Date.now() - started)}:\n`,
  );
  for (const [kind, n] of Object.entries(result.objectsByKind).sort(([a], [b]) => compareStrings(a, b))) {
    io.out(`  ${String(n).padStart(6)}  ${kind}\n`);
  }
  // files that are not objects: reports, and the new-service template's files, counted by folder
  const other = files.filter((f) => !/\.ya?ml$/.test(f));
  const { SERVICE_TEMPLATE_FOLDER } = portal();
  const inTemplate = other.filter((f) => f.startsWith(`${SERVICE_TEMPLATE_FOLDER}/`)).length;
  // each team's preview apps folder holds a README.md (so the folder exists while no app of the team is previewed)
  const previewReadmes = other.filter((f) => f.split('/')[1] === 'previews' && f.endsWith('/README.md')).length;
  const named = [
    ...other.filter((f) => !f.startsWith(`${SERVICE_TEMPLATE_FOLDER}/`) && !(f.split('/')[1] === 'previews' && f.endsWith('/README.md'))),
    ...(inTemplate ? [`${inTemplate} in ${SERVICE_TEMPLATE_FOLDER}/`] : []),
    ...(previewReadmes ? [`${previewReadmes} README.md in <env>/previews/<team>/apps/`] : []),
  ];
  if (other.length) io.out(`  ${String(other.length).padStart(6)}  other (${named.join(', ')})\n`);
  if (result.foreign.length) {
    io.out(`kept ${result.foreign.length} file(s) paved did not write (they stay until you delete them, e.g. with git rm):\n`);
    for (const f of result.foreign) io.out(`  ${terminalValue(f)}\n`);
  }
  io.out(`validated ${result.validation?.objects ?? 0} objects: 0 errors, ${result.validation?.findings.length ?? 0} warnings\n`);
  // the schema checks the sandbox ran, kept for the next synth (only synths read them; paved validate checks anew)
  for (const [key, problems] of Object.entries(checks)) record?.checks.keep(key, problems);
  // (the files it wrote stand for reading them back)
  record?.record(result.files);
  // the cloud side is another program (cdktf): say so where there is one, so nobody takes this for both
  const cdktf = path.join(io.cwd, 'cdktf.json');
  if (fs.existsSync(cdktf) && !io.cloudSynthFollows) {
    const app = (JSON.parse(fs.readFileSync(cdktf, 'utf8')) as { app?: string }).app;
    io.out(`note: paved synth writes the GitOps tree only; the cloud stacks (cdktf.out/) are written by ${app ? `\`${app}\`` : 'the cdktf app'} (npm run synth runs both)\n`);
  }
  return EXIT.OK;
}
