/**
 * The `yaml` package, loaded once. cdk8s bundles its own copy of it
 * (`cdk8s/node_modules/yaml`), which every synth loads with cdk8s; when that
 * copy is the very version paved depends on, paved uses it rather than loading
 * a second one (some 70 modules, read and compiled again). Any other version
 * (a cdk8s release that bundles another one), or no bundled copy: paved's own.
 * The two copies' nodes are told apart by symbols both share (`isMap` and the
 * like), so documents of either are read alike.
 * @internal
 */
import * as fs from 'fs';
import * as path from 'path';

type Yaml = typeof import('yaml');

/** The version in the package.json of the package that holds `entry` (its `dist/index.js`). */
function versionOf(entry: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

function load(): Yaml {
  const own = require.resolve('yaml');
  try {
    const bundled = require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] });
    const version = versionOf(own);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (bundled !== own && version !== undefined && versionOf(bundled) === version) return require(bundled) as Yaml;
  } catch {
    // no cdk8s, or no copy of its own: paved's
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(own) as Yaml;
}

export const yaml: Yaml = load();
