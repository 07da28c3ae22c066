import { ROOT, cleanTmpDirs, paved, tmpDir, writeFiles } from '../../cli-util';

afterAll(cleanTmpDirs);

/**
 * What KubeVela would refuse, and what breaks a rendered object's invariants,
 * are problems of `paved render` and `paved validate --render`: reported with
 * the definition's own words, and the component left out rather than
 * half-rendered.
 */
const app = (name: string, component: string, traits: string) => `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata:
  name: ${name}
  namespace: demo
spec:
  components:
    - name: ${component}
      type: webservice
      properties:
        image: nginx:1.27
      traits:
${traits}`;

test("a trait's errs, a patch KubeVela refuses and an invalid object name are render problems", () => {
  const dir = tmpDir();
  writeFiles(dir, {
    'errs.yaml': app(
      'errs',
      'api',
      `        - type: env
          properties:
            containerName: nope
            env: { A: b }
`,
    ),
    // the resource trait's containers list has no name to merge by: it unifies by index, and a closed
    // one-element list cannot unify with two containers (KubeVela fails the same way)
    'conflict.yaml': app(
      'conflict',
      'web',
      `        - type: sidecar
          properties: { name: log, image: busybox }
        - type: resource
          properties: { cpu: 1, memory: 1Gi }
`,
    ),
    'name.yaml': app('name', 'Bad_Name', '        - type: scaler\n          properties: { replicas: 2 }\n'),
    'ok.yaml': app('ok', 'fine', '        - type: sidecar\n          properties: { name: log, image: busybox }\n'),
  });
  const r = paved(['render', dir], ROOT, { PAVED_CACHE_DIR: tmpDir('paved-cue-') });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('trait "env" reports: container nope not found (KubeVela would not render component "api": nothing of it is rendered)');
  expect(r.stderr).toContain('"Bad_Name" is not a valid object name');
  expect(r.stderr).toContain('trait "resource" cannot patch: spec.template.spec.containers: incompatible list lengths (1 and 2)');
  expect(r.stdout).not.toContain('component api ');
  expect(r.stdout).not.toContain('component web ');
  // the sidecar keeps the main container
  expect(r.stdout).toMatch(/containers:\n\s+- name: fine\n[\s\S]*- name: log/);
  const v = paved(['validate', dir, '--render'], ROOT, { PAVED_CACHE_DIR: tmpDir('paved-cue-') });
  expect(v.stdout).toContain('container nope not found');
  expect(v.stdout).toContain('"Bad_Name" is not a valid object name');
});
