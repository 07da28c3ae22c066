/**
 * Every command of `paved`, in the order `paved --help` lists them: a new
 * command is a file of its own in this folder (a {@link CommandSpec}) and one
 * line here.
 */
import type { CommandSpec } from '../command';
import { check } from './check';
import { diff } from './diff';
import { create } from './new';
import { promote } from './promote';
import { proposal } from './proposal';
import { publish } from './publish';
import { release } from './release';
import { releases } from './releases';
import { render } from './render';
import { rollback } from './rollback';
import { support } from './support';
import { synth } from './synth';
import { validate } from './validate';

export const COMMANDS: readonly CommandSpec[] = [synth, validate, render, diff, check, support, proposal, release, promote, rollback, releases, publish, create];
