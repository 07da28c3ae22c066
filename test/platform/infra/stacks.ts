import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthInfra } from '../../../lib/infra/synth-infra';
import { org } from '../../../platform/org';
import { addOnVersion } from '../../../platform/versions';
import type { Json } from './parts';

export { PARTS, differences, partOf } from './parts';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-infra-parts-'));
const result = synthInfra({ org, outdir, argoCdChartVersion: (e) => addOnVersion('argocd', e.name) });
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const strip = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(strip)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([k]) => k !== '//')
            .map(([k, x]) => [k, strip(x)]),
        )
      : v;

/** Each environment's stack as cdktf wrote it, less its metadata (`//`: construct paths, stack traces). */
export const stacks: Record<string, Json> = Object.fromEntries(result.stacks.map((s) => [s.name, strip(JSON.parse(fs.readFileSync(s.file, 'utf8'))) as Json]));
