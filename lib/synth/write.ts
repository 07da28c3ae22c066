import * as fs from 'fs';
import * as path from 'path';

/**
 * Replaces the directory `outDir` with exactly `files` (paths relative to it),
 * atomically as far as the file system allows: everything is written to a
 * temporary sibling directory first, which is then renamed into place. A
 * failure before the swap leaves the previous tree untouched.
 */
export function writeTreeAtomically(outDir: string, files: ReadonlyMap<string, string>): void {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}-new-`));
  try {
    for (const [file, content] of files) {
      const full = path.join(staging, file);
      if (!full.startsWith(staging + path.sep)) throw new Error(`refusing to write outside the tree: ${file}`);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
    }
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (fs.existsSync(target)) {
    const previous = `${staging.replace(/-new-/, '-old-')}`;
    fs.renameSync(target, previous);
    try {
      fs.renameSync(staging, target);
    } catch (e) {
      fs.renameSync(previous, target);
      fs.rmSync(staging, { recursive: true, force: true });
      throw e;
    }
    fs.rmSync(previous, { recursive: true, force: true });
  } else {
    fs.renameSync(staging, target);
  }
}
