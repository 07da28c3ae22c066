/**
 * paved's own package: its name is what a team repository installs and its
 * app definitions import (`@acme/paved`, a scope the org controls), read from
 * the package.json it ships with.
 * @internal
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require('../../../package.json') as { readonly name: string; readonly version: string };

/** The package's name, as app definitions import it. */
export const PAVED_PACKAGE: string = pkg.name;

/** The package's version. */
export const PAVED_VERSION: string = pkg.version;
