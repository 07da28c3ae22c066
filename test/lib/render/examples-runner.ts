/**
 * Renders each documented KubeVela example (fixtures/kubevela-examples.yaml)
 * on its own through paved's renderer and prints the results as JSON, for
 * kubevela-examples.test.ts (CUE is an ES module jest cannot load).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { renderApplications } from '../../../lib/render/kubevela';

/** What one example rendered. */
export interface ExampleOutcome {
  /** The example's first comment line (its source). */
  readonly source: string;
  readonly application: Record<string, unknown>;
  readonly objects: readonly { readonly component: string; readonly origin: string; readonly object: Record<string, unknown> }[];
  readonly problems: readonly string[];
}

async function main(): Promise<void> {
  const file = path.join(__dirname, '..', '..', '..', '..', 'test', 'lib', 'render', 'fixtures', 'kubevela-examples.yaml');
  const text = fs.readFileSync(file, 'utf8');
  const sources = text
    .split('\n---\n')
    .slice(1)
    .map((t) => t.split('\n')[0].replace(/^# /, ''));
  const out: ExampleOutcome[] = [];
  for (const [i, doc] of parseAllDocuments(text).entries()) {
    const application = doc.toJS() as Record<string, unknown>;
    const r = await renderApplications([{ file: `example-${i}.yaml`, object: application }]);
    out.push({
      source: sources[i] ?? '',
      application,
      objects: r.objects.map((o) => ({ component: o.component, origin: o.origin, object: o.object })),
      problems: r.problems.map((p) => `${p.field}: ${p.message}`),
    });
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
