import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * One SHA-256 over the paths (relative to `base`) and contents of files, in code-point order of
 * their paths: what a synthesis read, so that a later run can tell whether
 * anything it depends on changed.
 * @internal
 */
export function inputsDigest(files: readonly string[], base: string): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    // relative and with '/', so that the digest is the same on any machine
    hash.update(`${path.relative(base, file).split(path.sep).join('/')}\n`);
    hash.update(fs.existsSync(file) ? fs.readFileSync(file) : Buffer.from('<missing>'));
    hash.update('\n');
  }
  return hash.digest('hex');
}
