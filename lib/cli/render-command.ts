/** `paved render`: KubeVela Applications rendered offline, printed or written as files. */
import * as fs from 'fs';
import * as path from 'path';
import { yaml } from '../private/yaml';
import { EXIT, type Io } from './command';
import { defaultTree } from './tree';
import { terminalValue } from '../private/escape';
import { loadManifests } from '../validate/manifests';

/** The renderer (it loads CUE): loaded when the command runs. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kubevela = () => require('../render/kubevela') as typeof import('../render/kubevela');

/** Options of `paved render`. */
export interface RenderCliOptions {
  readonly app?: string;
  readonly out?: string;
}

/** `paved render`: renders KubeVela Applications into the objects KubeVela would create. */
export async function renderCommand(io: Io, dir: string | undefined, options: RenderCliOptions): Promise<number> {
  const root = defaultTree(io, dir);
  // (the previews' copies are read as a sample pull request's previews apply them: in its namespaces, on its hosts)
  const { objects } = loadManifests(root);
  const result = await kubevela().renderApplications(objects, { app: options.app });
  if (options.app !== undefined && result.applications === 0) {
    io.err(`paved render: no KubeVela Application named "${options.app}" in ${path.relative(io.cwd, root) || '.'}\n`);
    return EXIT.FINDINGS;
  }
  if (options.out) {
    const files = new Map<string, string>();
    for (const r of result.objects) {
      const file = path.join(path.dirname(r.file), 'rendered', `${String(r.object.kind).toLowerCase()}-${String((r.object.metadata as { name?: string }).name)}.yaml`);
      files.set(file, `# rendered by paved from ${r.file} (${r.origin})\n${yaml.stringify(r.object, { lineWidth: 0 })}`);
    }
    for (const [file, content] of files) {
      const full = path.resolve(io.cwd, options.out, file);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
    }
    io.err(`rendered ${result.applications} Applications into ${result.objects.length} objects in ${options.out}\n`);
  } else {
    io.out(result.objects.map((r) => `# ${r.application}, component ${r.component} (${r.origin}) from ${r.file}\n${yaml.stringify(r.object, { lineWidth: 0 })}`).join('---\n'));
    io.err(`rendered ${result.applications} Applications into ${result.objects.length} objects\n`);
  }
  const t = terminalValue;
  for (const p of result.problems) io.err(`cannot render ${t(p.application)} (${t(p.file)}): ${t(p.field)}: ${t(p.message, 4096)}\n`);
  return result.problems.length > 0 ? EXIT.FINDINGS : EXIT.OK;
}
