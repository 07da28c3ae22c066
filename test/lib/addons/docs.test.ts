import * as fs from 'fs';
import * as path from 'path';
import { ADD_ONS } from '../../../lib';
import { addOnsMarkdown } from '../../../lib/addons/docs';
import { ROOT } from '../../cli-util';

describe('docs/addons.md', () => {
  test('is what the registry says (npx tsc -b tsconfig.json && node dist/lib/addons/docs.js > docs/addons.md)', () => {
    expect(fs.readFileSync(path.join(ROOT, 'docs', 'addons.md'), 'utf8')).toBe(addOnsMarkdown());
  });

  test('has a row for every registered add-on, with its pinned release', () => {
    const doc = addOnsMarkdown();
    for (const a of ADD_ONS) expect(doc).toContain(`| \`${a.name}\``);
    expect(doc).toContain('| `metrics-server` | chart `metrics-server 3.13.1` (https://kubernetes-sigs.github.io/metrics-server) | kubernetes-sigs/metrics-server v0.8.1 | `metrics-server` |');
  });
});
