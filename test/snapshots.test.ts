import * as fs from 'fs';
import * as path from 'path';

/** Snapshots are reviewed like code (STYLE.md): a file a reviewer can read, not one to update blindly with `-u`. */
const MAX_LINES = 500;

function snapshotFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return snapshotFiles(full);
    return e.name.endsWith('.snap') ? [full] : [];
  });
}

test(`no snapshot file is over ${MAX_LINES} lines`, () => {
  const files = snapshotFiles(__dirname);
  expect(files.length).toBeGreaterThan(0);
  const long = files
    .map((f) => ({ file: path.relative(__dirname, f), lines: fs.readFileSync(f, 'utf8').split('\n').length }))
    .filter((f) => f.lines > MAX_LINES)
    .map((f) => `${f.file}: ${f.lines} lines`);
  expect(long).toEqual([]);
});
