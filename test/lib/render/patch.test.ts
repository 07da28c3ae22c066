import { commentTag } from '../../../lib/validate/languages/cue-tokens';
import { compatTemplate } from '../../../lib/render/cue-compat';
import { applyJsonMergePatch, applyJsonPatch } from '../../../lib/render/json-patch';
import { checkInvariants, nameProblem } from '../../../lib/render/invariants';
import { auxiliaryName, fnv32a, safeEncodeString } from '../../../lib/render/naming';
import { type Json, PatchError, applyPatch } from '../../../lib/render/patch';
import { patchShape, templateShapes } from '../../../lib/render/patch-tags';

describe('templateShapes', () => {
  test('a comment above chained labels belongs to the innermost one, as CUE attaches it; if blocks keep the path', () => {
    const s = templateShapes(`
parameter: { a: int }
// +patchStrategy=retainKeys
patch: spec: replicas: parameter.a
`);
    expect([...s.patch.tags]).toEqual([['spec.replicas', { patchStrategy: 'retainKeys' }]]);
    expect(s.patchTags).toEqual({});
    const sidecar = templateShapes(`
patch: {
	// +patchKey=name
	spec: template: spec: containers: [{
		name: parameter.name
		if parameter.x != _|_ {
			// +patchKey=name
			env: parameter.x
		}
	}]
}`);
    expect([...sidecar.patch.tags]).toEqual([
      ['spec.template.spec.containers', { patchKey: 'name' }],
      ['spec.template.spec.containers[].env', { patchKey: 'name' }],
    ]);
  });

  test("the patch's own strategy, open and typed lists, tags reached through references and lets", () => {
    const s = templateShapes(`
PatchContainer: {
	name: "x"
	if true {
		// +patchStrategy=replace
		env: []
	}
}
// +patchStrategy=jsonMergePatch
patch: {
	let content = {
		// +patchStrategy=retainKeys
		resources: requests: {cpu: "1"}
	}
	spec: template: spec: {
		containers: [PatchContainer & {}, ...]
		initContainers: [content]
		volumes: [...{ name: "v" }]
	}
}`);
    expect(s.patchTags).toEqual({ patchStrategy: 'jsonMergePatch' });
    expect(s.patch.tags.get('spec.template.spec.containers[].env')).toEqual({ patchStrategy: 'replace' });
    expect(s.patch.tags.get('spec.template.spec.initContainers[].resources.requests')).toEqual({ patchStrategy: 'retainKeys' });
    expect([...s.patch.openLists]).toEqual(['spec.template.spec.containers']);
    expect([...s.patch.typedLists]).toEqual(['spec.template.spec.volumes']);
  });
});

describe("applyPatch (KubeVela's StrategyUnify on rendered objects)", () => {
  const patch = (value: Json, source = '') => ({ value, shape: patchShape(source) });

  test('objects unify field by field; a different scalar is a conflict unless retainKeys', () => {
    expect(applyPatch({ spec: { replicas: 1, paused: false } }, patch({ spec: { paused: false, x: 1 } }))).toEqual({ spec: { replicas: 1, paused: false, x: 1 } });
    expect(() => applyPatch({ spec: { replicas: 1 } }, patch({ spec: { replicas: 3 } }))).toThrow(new PatchError('spec.replicas: conflicting values 3 and 1'));
    expect(applyPatch({ spec: { replicas: 1 } }, patch({ spec: { replicas: 3 } }, '// +patchStrategy=retainKeys\nspec: replicas: 3'))).toEqual({ spec: { replicas: 3 } });
  });

  test("lists without a key unify by index: the workload's list is open, a shorter closed patch list is a conflict", () => {
    expect(applyPatch({ c: [{ name: 'app' }] }, patch({ c: [{ image: 'x' }] }, 'c: [{image: "x"}]'))).toEqual({ c: [{ name: 'app', image: 'x' }] });
    expect(applyPatch({ c: [{ name: 'a' }, { name: 'b' }] }, patch({ c: [{ x: 1 }] }, 'c: [{x: 1}, ...]'))).toEqual({ c: [{ name: 'a', x: 1 }, { name: 'b' }] });
    expect(() => applyPatch({ c: [{ name: 'a' }, { name: 'b' }] }, patch({ c: [{ x: 1 }] }, 'c: [{x: 1}]'))).toThrow('c: incompatible list lengths (1 and 2)');
  });

  test('[...T] unifies every element with T', () => {
    const shape = patchShape('c: [...{x: 1}]');
    expect(applyPatch({ c: [{ name: 'a' }, { name: 'b' }] }, { value: { c: [] }, shape, elementTypes: new Map([['c', { x: 1 }]]) })).toEqual({
      c: [
        { name: 'a', x: 1 },
        { name: 'b', x: 1 },
      ],
    });
  });

  test('a patchKey merges by key, appends the others, and is inherited by nested lists', () => {
    const source = '// +patchKey=name\nc: [{name: "b", env: [{name: "E", value: "2"}]}, {name: "n"}]';
    const base: Json = { c: [{ name: 'a' }, { name: 'b', env: [{ name: 'D', value: '1' }] }] };
    expect(applyPatch(base, patch({ c: [{ name: 'b', env: [{ name: 'E', value: '2' }] }, { name: 'n' }] }, source))).toEqual({
      c: [
        { name: 'a' },
        {
          name: 'b',
          env: [
            { name: 'D', value: '1' },
            { name: 'E', value: '2' },
          ],
        },
        { name: 'n' },
      ],
    });
  });

  test('replace on a list, jsonMergePatch and jsonPatch strategies', () => {
    expect(applyPatch({ c: [1, 2] }, patch({ c: [3] }, '// +patchStrategy=replace\nc: [3]'))).toEqual({ c: [3] });
    expect(applyPatch({ a: { b: 1, c: 2 } }, { value: { a: { b: null, d: 3 } }, shape: patchShape(''), tags: { patchStrategy: 'jsonMergePatch' } })).toEqual({ a: { c: 2, d: 3 } });
    expect(applyPatch({ a: [1] }, { value: { operations: [{ op: 'add', path: '/a/0', value: 0 }] }, shape: patchShape(''), tags: { patchStrategy: 'jsonPatch' } })).toEqual({ a: [0, 1] });
  });
});

describe('RFC 6902 and RFC 7386', () => {
  test('the JSON Patch operations', () => {
    const doc = { a: { b: [1, 2] }, c: 'x' };
    expect(
      applyJsonPatch(doc, [
        { op: 'remove', path: '/a/b/0' },
        { op: 'move', from: '/c', path: '/d' },
        { op: 'copy', from: '/d', path: '/e' },
        { op: 'test', path: '/e', value: 'x' },
        { op: 'replace', path: '/a/b/0', value: 9 },
      ]),
    ).toEqual({ a: { b: [9] }, d: 'x', e: 'x' });
    expect(() => applyJsonPatch(doc, [{ op: 'what', path: '/a' }])).toThrow('unexpected operation "what"');
    expect(() => applyJsonPatch(doc, [{ op: 'replace', path: '/nope', value: 1 }])).toThrow('does not exist');
  });

  test('merge patch replaces non-objects and deletes on null', () => {
    expect(applyJsonMergePatch({ a: [1], b: { c: 1 } }, { a: [2], b: { c: null } })).toEqual({ a: [2], b: {} });
  });
});

describe('CUE 0.4.3 rewrites', () => {
  test('a comprehension over an optional field, a test of a hidden alias', () => {
    expect(compatTemplate('parameter: { pvc?: [...string] }\nx: [for v in parameter.pvc {v}]')).toBe('parameter: { pvc?: [...string] }\nx: [for v in (*parameter.pvc | []) {v}]');
    expect(compatTemplate('a: {\n_b: c.env\nif _b == _|_ { d: 1 }\n}')).toBe('a: {\n_b: c.env\nif c.env == _|_ { d: 1 }\n}');
    expect(compatTemplate('x: [for v in parameter.list {v}]')).toBe('x: [for v in parameter.list {v}]');
  });
});

describe('invariants and names', () => {
  test('main container, nulls, names, empty pod templates', () => {
    const before = { kind: 'Deployment', spec: { template: { spec: { containers: [{ name: 'app' }] } } } };
    const after = { kind: 'Deployment', metadata: { name: 'Bad_Name' }, spec: { template: { spec: { containers: [{ image: 'x', args: null }] } } } };
    expect(checkInvariants(after, before).map((v) => v.field)).toEqual([
      'metadata.name',
      'spec.template.spec.containers[0].args',
      'spec.template.spec.containers[0].name',
      'spec.template.spec.containers',
    ]);
    expect(checkInvariants({ kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { containers: [] } } } }).map((v) => v.message)).toEqual([
      'a Job needs at least one container; the rendered pod template has none',
    ]);
    expect(nameProblem('Service', 'a.b')).toContain('RFC 1123 label');
    expect(nameProblem('ConfigMap', 'a.b')).toBeUndefined();
  });

  test("an auxiliary object without a name gets KubeVela's form of name", () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(safeEncodeString('0123')).toBe('4567');
    expect(auxiliaryName('api', 'Gateway', { kind: 'Ingress' })).toMatch(/^api-gateway-[bcdfghjklmnpqrstvwxz2456789]+$/);
  });
});

test('a keyed [...T] list still unifies every element with T (KubeVela merges no keys when the patch list has only its ellipsis)', () => {
  const shape = patchShape('// +patchKey=name\nc: [...{x: 1}]');
  expect(applyPatch({ c: [{ name: 'a' }] }, { value: { c: [] }, shape, elementTypes: new Map([['c', { x: 1 }]]) })).toEqual({ c: [{ name: 'a', x: 1 }] });
});

// kubevela/workflow pkg/cue/model/sets/operation_test.go TestParseCommentTags (at 56b80cee4121, the version KubeVela 1.10.9 pins)
test("comment tags are read as KubeVela's findCommentTag reads them (upstream TestParseCommentTags)", () => {
  const temp = `
// +patchKey=name
// +testKey1=testValue1
	// +testKey2=testValue2
// +testKey3 =testValue3
//    +testKey4 = testValue4
// invalid=x
// +invalid=x y
// +invalid
x: null
`;
  const tags = Object.fromEntries(
    temp
      .split('\n')
      .map(commentTag)
      .filter((t): t is { key: string; value: string } => t !== undefined)
      .map((t) => [t.key, t.value]),
  );
  expect(tags).toEqual({ patchKey: 'name', testKey1: 'testValue1', testKey2: 'testValue2', testKey3: 'testValue3', testKey4: 'testValue4' });
});
