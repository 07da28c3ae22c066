/**
 * Jest resolver: a test's imports of the code under test (lib/, platform/,
 * apps/) load what `npm test` compiled into dist/ (tsc -b, which type-checked
 * it), instead of transpiling those sources again in every worker. Only
 * imports made by files under test/ are redirected; everything else resolves
 * as usual.
 */
const path = require('path');

const ROOT = path.join(__dirname, '..');
const TESTS = path.join(ROOT, 'test') + path.sep;
const CODE = /^(lib|platform|apps)(\/|\\|$)/;

module.exports = (request, options) => {
  if (request.startsWith('.') && (options.basedir + path.sep).startsWith(TESTS)) {
    const rel = path.relative(ROOT, path.resolve(options.basedir, request));
    if (CODE.test(rel)) return options.defaultResolver(path.join(ROOT, 'dist', rel), options);
  }
  return options.defaultResolver(request, options);
};
