/**
 * The validators `npm run import` precompiled for the committed catalog, as
 * ajv standalone code (`imports/validators/`): loading one takes
 * milliseconds where compiling its schema takes up to a second. They are the
 * same validators the validator would compile (same ajv options, same
 * prepared schema), looked up by the key of the schema's content and
 * preparation (see `validatorKey`).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ValidateFunction } from 'ajv';
import { findImportsDir } from './catalog';

/** `imports/validators/index.json`. */
export interface PrecompiledIndex {
  /** The ajv version the code was generated with; other versions ignore it. */
  readonly ajv: string;
  /** Validator key → its module (in the same folder) and what it validates. */
  readonly validators: Readonly<Record<string, { readonly file: string; readonly schema: string }>>;
}

/** The folder of the precompiled validators, below `imports/`. */
export const VALIDATORS_FOLDER = 'validators';

let loaded: { readonly dir: string; readonly index: PrecompiledIndex } | null | undefined;

function load(): { readonly dir: string; readonly index: PrecompiledIndex } | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  let dir: string;
  try {
    dir = path.join(findImportsDir(), VALIDATORS_FOLDER);
  } catch {
    return loaded;
  }
  const file = path.join(dir, 'index.json');
  if (!fs.existsSync(file)) return loaded;
  const index = JSON.parse(fs.readFileSync(file, 'utf8')) as PrecompiledIndex;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const installed = (require('ajv/package.json') as { version: string }).version;
  if (index.ajv === installed) loaded = { dir, index };
  return loaded;
}

/** The precompiled validator of that key, if `npm run import` made one. */
export function precompiledValidator(key: string): ValidateFunction | undefined {
  const store = load();
  const entry = store?.index.validators[key];
  if (!store || !entry) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fn = require(path.join(store.dir, entry.file)) as unknown;
  if (typeof fn !== 'function') throw new Error(`${path.join(store.dir, entry.file)} does not export a validator: run npm run import`);
  return fn as ValidateFunction;
}
