import * as fs from 'fs';
import * as path from 'path';
import { ROOT, paved } from '../../cli-util';

/**
 * Golden test of offline rendering through the vendored KubeVela definitions
 * the platform uses: webservice (workload, exposed Service), scaler, securitycontext
 * and podsecuritycontext (patches merged by +patchKey), gateway (Service + Ingress).
 * After a deliberate change, regenerate with
 *   node dist/lib/cli/main.js render gitops > test/golden/render-example.yaml
 * and review the diff like code.
 */
test('rendering the example tree gives the reviewed golden output', () => {
  const r = paved(['render', 'gitops']);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(fs.readFileSync(path.join(ROOT, 'test', 'golden', 'render-example.yaml'), 'utf8'));
});
