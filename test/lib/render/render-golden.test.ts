import * as fs from 'fs';
import * as path from 'path';
import { ROOT, cleanTmpDirs, paved, tmpDir } from '../../cli-util';

afterAll(cleanTmpDirs);

/**
 * Golden test of offline rendering through the vendored KubeVela definitions
 * the platform uses: webservice (workload, exposed Service), scaler, securitycontext
 * and podsecuritycontext (patches merged by +patchKey), gateway (Service + Ingress).
 * After a deliberate change, regenerate with
 *   node dist/lib/cli/main.js render gitops > test/golden/render-example.yaml
 * and review the diff like code.
 */
test('rendering the example tree gives the reviewed golden output, evaluated by CUE and then from the kept results', () => {
  const golden = fs.readFileSync(path.join(ROOT, 'test', 'golden', 'render-example.yaml'), 'utf8');
  // an empty cache folder: every template is evaluated by CUE
  const cache = tmpDir('paved-cue-');
  const previous = process.env.PAVED_CACHE_DIR;
  process.env.PAVED_CACHE_DIR = cache;
  try {
    const r = paved(['render', 'gitops']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(golden);
    expect(fs.readdirSync(path.join(cache, 'cue')).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(0);
    // the same programs again: read back, the same output
    const again = paved(['render', 'gitops']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(golden);
  } finally {
    if (previous === undefined) delete process.env.PAVED_CACHE_DIR;
    else process.env.PAVED_CACHE_DIR = previous;
  }
});
