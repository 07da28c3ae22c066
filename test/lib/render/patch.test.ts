import { applyPatch, patchDirectives } from '../../../lib/render/patch';

describe('patchDirectives', () => {
  test('reads +patchKey and +patchStrategy by the path they annotate, through nested labels, lists and if blocks', () => {
    const d = patchDirectives(`
parameter: { a: int }
// +patchStrategy=retainKeys
patch: spec: template: spec: {
  if parameter.a != _|_ {
    // +patchKey=name
    containers: [{
      name: "c"
      // +patchKey=name
      env: [{ name: "A" }]
      // +patchStrategy=retainKeys
      resources: requests: cpu: "1"
    }]
  }
}`);
    expect([...d]).toEqual([
      ['', { patchStrategy: 'retainKeys' }],
      ['spec.template.spec.containers', { patchKey: 'name' }],
      ['spec.template.spec.containers[].env', { patchKey: 'name' }],
      ['spec.template.spec.containers[].resources', { patchStrategy: 'retainKeys' }],
    ]);
  });
});

describe('applyPatch', () => {
  const directives = new Map([
    ['spec.containers', { patchKey: 'name' }],
    ['spec.containers[].resources', { patchStrategy: 'retainKeys' }],
  ]);

  test('merges objects key by key, the patch winning on scalars', () => {
    expect(applyPatch({ spec: { replicas: 1, paused: false } }, { spec: { replicas: 3 } }, new Map())).toEqual({ spec: { replicas: 3, paused: false } });
  });

  test('merges list elements by their patch key and appends new ones', () => {
    const base = { spec: { containers: [{ name: 'app', image: 'a:1' }, { name: 'side', image: 's:1' }] } };
    const patch = { spec: { containers: [{ name: 'side', securityContext: { runAsNonRoot: true } }, { name: 'new', image: 'n:1' }] } };
    expect(applyPatch(base, patch, directives)).toEqual({
      spec: { containers: [{ name: 'app', image: 'a:1' }, { name: 'side', image: 's:1', securityContext: { runAsNonRoot: true } }, { name: 'new', image: 'n:1' }] },
    });
  });

  test('retainKeys replaces the object at its path', () => {
    const base = { spec: { containers: [{ name: 'app', resources: { requests: { cpu: '1', memory: '1Gi' } } }] } };
    const patch = { spec: { containers: [{ name: 'app', resources: { limits: { cpu: '2' } } }] } };
    expect(applyPatch(base, patch, directives)).toEqual({ spec: { containers: [{ name: 'app', resources: { limits: { cpu: '2' } } }] } });
  });

  test('lists without a patch key are replaced', () => {
    expect(applyPatch({ args: ['a', 'b'] }, { args: ['c'] }, new Map())).toEqual({ args: ['c'] });
  });
});
