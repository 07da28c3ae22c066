import * as fs from 'fs';
import * as path from 'path';
import { yaml } from '../../../lib/private/yaml';

const versionAt = (entry: string) => (JSON.parse(fs.readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;

describe('the yaml package paved uses', () => {
  test("is cdk8s's bundled copy when that is the version paved depends on, else paved's own: one copy is loaded", () => {
    const own = require.resolve('yaml');
    const bundled = require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const expected = bundled !== own && versionAt(bundled) === versionAt(own) ? require(bundled) : require(own);
    expect(yaml).toBe(expected);
  });

  test("reads the other copy's nodes alike", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const other = require(require.resolve('yaml')) as typeof import('yaml');
    const doc = other.parseDocument('a: [1, 2]\n');
    expect(yaml.isMap(doc.contents)).toBe(true);
    expect(yaml.stringify(doc.toJS())).toBe(other.stringify({ a: [1, 2] }));
  });
});
