/**
 * Jest transformer: a test file runs as `npm test` compiled it (tsc -b, which
 * type-checked it into dist/test/), instead of being compiled again in every
 * worker. The file keeps its place (test/…), so its paths, snapshots and
 * stack traces are as written. A test edited since that build (run with
 * `npx jest` alone) is transpiled on the spot, never run stale.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');

function compiledOf(filename) {
  return path.join(ROOT, 'dist', path.relative(ROOT, filename)).replace(/\.ts$/, '.js');
}

/** The JavaScript tsc wrote for this source, when it is current. */
function fromBuild(filename) {
  const compiled = compiledOf(filename);
  try {
    if (fs.statSync(compiled).mtimeMs >= fs.statSync(filename).mtimeMs) return fs.readFileSync(compiled, 'utf8');
  } catch {
    // not compiled
  }
  return undefined;
}

let ts;
function transpile(source, filename) {
  ts ??= require('typescript');
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  return ts.transpileModule(source, { compilerOptions: config?.options ?? {}, fileName: filename }).outputText;
}

module.exports = {
  process(source, filename) {
    return { code: fromBuild(filename) ?? transpile(source, filename) };
  },
  getCacheKey(source, filename) {
    const built = fromBuild(filename);
    return crypto
      .createHash('sha256')
      .update(filename)
      .update('\0')
      .update(built ?? `source\0${source}`)
      .digest('hex');
  },
};
