import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { SchemaCatalog, validateObjects } from '../../../lib';

/**
 * KubeVela's own documented examples (fixtures/kubevela-examples.yaml, copied
 * from kubevela/kubevela v1.10.9: see the file's header) validate clean against
 * the vendored definitions' parameter schemas. Only what upstream agreement
 * covers is asserted: schema findings and definitions that are not installed.
 * The examples are lone Applications, so tree checks (namespaces, Secrets,
 * ingress classes) and paved's own policies (Pod Security "restricted") do not
 * apply to them.
 */
const file = path.join(__dirname, 'fixtures', 'kubevela-examples.yaml');
// each document after the header: `---`, `# upstream: <path>`, the example as upstream wrote it
const examples = fs
  .readFileSync(file, 'utf8')
  .split(/^---\n/m)
  .slice(1)
  .map((text) => ({
    upstream: /^# upstream: (\S+)/.exec(text)?.[1] ?? '?',
    object: parse(text) as { metadata: { name: string; namespace?: string }; spec: Record<string, unknown> },
  }));

/**
 * Upstream examples paved refuses, and why: each uses a parameter the
 * definition at v1.10.9 no longer declares (the examples predate it).
 */
const STALE: Readonly<Record<string, string>> = {
  // the expose trait of KubeVela 1.0 took `http: {name: port}`; v1.10.9's takes `port`/`ports`
  'docs/examples/advanced-cue/app2.yaml': 'spec.components[0].traits[0].properties.http',
  // init-container takes `cmd` and `args`, not `command`
  'docs/examples/advanced-cue/app3.yaml': 'spec.components[0].traits[0].properties.command',
  // cpuscaler's `cpuPercent` was renamed `cpuUtil`
  'docs/examples/enduser/sample.yaml': 'spec.components[0].traits[0].properties.cpuPercent',
};

describe("KubeVela's documented examples of the vendored definitions", () => {
  test('are all there: 44 Applications, each naming its upstream file', () => {
    expect(examples).toHaveLength(44);
    expect(examples.filter((e) => e.upstream === '?')).toEqual([]);
    const used = new Set(examples.flatMap((e) => JSON.stringify(e.object.spec).match(/"type":"[a-z-]+"/g) ?? []).map((t) => t.slice(8, -1)));
    for (const name of ['webservice', 'worker', 'cron-task', 'env', 'expose', 'init-container', 'storage']) expect(used).toContain(name);
  });

  test.each(examples.map((e, i) => [`${i} ${e.upstream} ${e.object.metadata.name}`, e] as const))('%s validates clean (or is a known stale example)', (_label, example) => {
    const object = structuredClone(example.object);
    object.metadata.namespace ??= 'default';
    const report = validateObjects([{ file: example.upstream, object }], { catalog: SchemaCatalog.bundled(), knownNamespaces: [object.metadata.namespace] });
    const disagreements = report.findings
      .filter((f) => f.rule === 'schema' || (f.rule === 'unchecked' && f.field.endsWith('.properties')) || (f.rule === 'reference' && f.field.endsWith('.type')))
      .map((f) => `${f.field}: ${f.message}`);
    const stale = STALE[example.upstream];
    if (stale) expect(disagreements).toEqual([expect.stringMatching(new RegExp(`^${stale.replace(/[.[\]]/g, '\\$&')}: unknown field`))]);
    else expect(disagreements).toEqual([]);
  });
});
