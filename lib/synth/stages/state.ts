import type { Environment } from '../../org/environment';
import type { Org } from '../../org/org';
import type { ReleaseRecord } from '../../org/release-records';
import { PavedValidationError, formatProblem } from '../../private/problems';
import type { ManifestObject } from '../../validate/findings';
import type { GitOpsBuildOptions } from '../build-options';
import { explainError } from '../build-errors';

/**
 * How the tenant boundary sees changes to objects a definition did not create:
 * `watched` compares every object once, after all the team definitions of an
 * environment (linear in the tree); `per definition` compares after each
 * definition (the tree times the definitions), which names the definition that
 * changed what: a build does that only when the watch saw a change.
 */
export type BoundaryCheck = 'watched' | 'per definition';

/** The watch saw a definition change an object it did not create. */
export class BoundaryCrossed extends Error {}

/** The problems a build found so far, shared by its stages: each adds what it finds. */
export interface Problems {
  /** One line each, in the order they were found. */
  readonly errors: string[];
  /** Adds what a part threw, named by where (a construct path): a PavedValidationError's problems, or the error explained. */
  readonly collect: (where: string, e: unknown) => void;
}

/** The problems of a build, added to `errors`. */
export function problemsIn(errors: string[]): Problems {
  return {
    errors,
    collect: (where, e) => {
      if (e instanceof PavedValidationError) errors.push(...e.problems.map(formatProblem));
      else errors.push(`${where}: ${explainError(e)}`);
    },
  };
}

/** What the load stage hands the others: the options checked, and what to build. */
export interface SynthInput {
  /** The options, without the kept objects of preview folders this build writes again. */
  readonly options: GitOpsBuildOptions;
  readonly org: Org;
  /** The objects already in the tree that this build keeps (`options.existing`). */
  readonly existing: readonly ManifestObject[];
  /** The apps' release records (`options.releases`). */
  readonly releases: readonly ReleaseRecord[];
  /** Whether the platform's own part is built (no `teams` given). */
  readonly platformPart: boolean;
  /** Whether every environment is built (no `environments` given). */
  readonly everyEnvironment: boolean;
  /** The environments to build: those asked for, but the broken ones. */
  readonly environments: readonly Environment[];
  /** The teams asked for (every team's name by default), but the broken ones. */
  readonly teams: readonly string[];
  /** The teams with a problem of the org's: left out. */
  readonly brokenTeams: readonly string[];
}
