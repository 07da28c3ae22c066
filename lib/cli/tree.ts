import * as fs from 'fs';
import * as path from 'path';
import type { Io } from './command';
import { readConfig } from './definition';

/** The tree a command works on: `dir`, or the package's `paved.out`, or gitops, from the command's folder. */
export function defaultTree(io: Io, dir?: string): string {
  return path.resolve(io.cwd, dir ?? readConfig(io.cwd).out ?? 'gitops');
}

/** Whether a tree holds one folder per environment (cluster) at its top level. */
export function isEnvironmentTree(dir: string): boolean {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return false;
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  return entries.some((e) => e.isDirectory()) && entries.every((e) => e.isDirectory() || !/\.ya?ml$/.test(e.name));
}
