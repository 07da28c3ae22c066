import * as path from 'path';
import { UPSTREAM_TAGS_AS_OF } from '../import/sources';
import { formatSupportReport, supportReport } from '../report/support-report';
import { SchemaCatalog } from '../validate/catalog';
import { loadManifests } from '../validate/manifests';
import type { Io } from './command';
import { readConfig } from './definition';
import { describeDefinition } from './sandboxed-synth';

/** Options of `paved support`. */
export interface SupportCliOptions {
  readonly on?: string;
  readonly within?: string;
  readonly strict?: boolean;
  readonly format?: string;
  readonly definition?: string;
  readonly org?: string;
}

/**
 * `paved support`: which environments run a Kubernetes version or an add-on
 * near or past its end of support, on a day (today in UTC, or `--on`). Exit 0
 * (a report; CI prints it), or 1 with `--strict` when something is past its
 * end of support; 1 for bad options, 2 when it could not run.
 */
export async function supportCommand(io: Io, dir: string | undefined, options: SupportCliOptions, today: () => Date = () => new Date()): Promise<number> {
  const on = options.on ?? today().toISOString().slice(0, 10);
  const within = options.within === undefined ? 90 : Number(options.within);
  if (!Number.isInteger(within) || within < 0) {
    io.err(`paved support: --within = ${JSON.stringify(options.within)} is not allowed: a whole number of days, 0 or more\n`);
    return 1;
  }
  // the org, from the definition loaded as paved synth loads it (no team module runs)
  const definition = await describeDefinition(io, io.cwd, options);
  const tree = path.resolve(io.cwd, dir ?? readConfig(io.cwd).out ?? 'gitops');
  let report;
  try {
    report = supportReport(definition.org, loadManifests(tree).objects, SchemaCatalog.bundled().releases, { on, withinDays: within, tagsAsOf: UPSTREAM_TAGS_AS_OF });
  } catch (e) {
    io.err(`paved support: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  io.out(options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatSupportReport(report));
  return options.strict && report.entries.some((e) => e.status === 'ended') ? 1 : 0;
}
