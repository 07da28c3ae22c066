import { deepEqual, describeChange, fieldChanges, showPair } from '../../../lib/diff/tree-diff';

describe('fieldChanges: list items matched by their key', () => {
  const targets = Array.from({ length: 20 }, (_, i) => `./teams/t${String(i).padStart(2, '0')}/group.yaml`);

  test('a target added to a Location is one change, not a shift of every target after it', () => {
    const after = [...targets.slice(0, 3), './teams/new/group.yaml', ...targets.slice(3)];
    expect(fieldChanges({ spec: { targets } }, { spec: { targets: after } })).toEqual([{ path: 'spec.targets[target=./teams/new/group.yaml]', after: './teams/new/group.yaml' }]);
    expect(fieldChanges({ spec: { targets: after } }, { spec: { targets } })).toEqual([{ path: 'spec.targets[target=./teams/new/group.yaml]', before: './teams/new/group.yaml' }]);
  });

  test('objects are matched by the first of name, port, containerPort, path, target, key, host, type that every item carries with unique values', () => {
    const ports = (...p: number[]) => p.map((port) => ({ port, targetPort: port + 1 }));
    expect(fieldChanges({ ports: ports(80, 443) }, { ports: ports(8080, 80, 443) })).toEqual([{ path: 'ports[port=8080]', after: { port: 8080, targetPort: 8081 } }]);
    expect(
      fieldChanges(
        { p: [{ containerPort: 1, protocol: 'TCP' }] },
        {
          p: [
            { containerPort: 2, protocol: 'TCP' },
            { containerPort: 1, protocol: 'UDP' },
          ],
        },
      ),
    ).toEqual([
      { path: 'p[containerPort=1].protocol', before: 'TCP', after: 'UDP' },
      { path: 'p[containerPort=2]', after: { containerPort: 2, protocol: 'TCP' } },
    ]);
    expect(
      fieldChanges(
        { t: [{ target: 'a', w: 1 }] },
        {
          t: [
            { target: 'b', w: 1 },
            { target: 'a', w: 2 },
          ],
        },
      ),
    ).toEqual([
      { path: 't[target=a].w', before: 1, after: 2 },
      { path: 't[target=b]', after: { target: 'b', w: 1 } },
    ]);
    // name comes first when every item has both
    expect(fieldChanges({ c: [{ name: 'x', port: 1 }] }, { c: [{ name: 'x', port: 2 }] })).toEqual([{ path: 'c[name=x].port', before: 1, after: 2 }]);
    // names repeat: the next key that is unique
    expect(
      fieldChanges(
        {
          c: [
            { name: 'x', path: '/a' },
            { name: 'x', path: '/b' },
          ],
        },
        { c: [{ name: 'x', path: '/b' }] },
      ),
    ).toEqual([{ path: 'c[path=/a]', before: { name: 'x', path: '/a' } }]);
    // a key only some items carry is not used
    expect(fieldChanges({ c: [{ name: 'x' }, { host: 'h' }] }, { c: [{ name: 'y' }, { host: 'h' }] })).toEqual([{ path: 'c[0].name', before: 'x', after: 'y' }]);
  });

  test('a container removed is one change holding the whole container', () => {
    const app = (names: string[]) => ({ spec: { containers: names.map((name) => ({ name, image: `${name}:1` })) } });
    expect(fieldChanges(app(['a', 'b', 'c']), app(['a', 'c']))).toEqual([{ path: 'spec.containers[name=b]', before: { name: 'b', image: 'b:1' } }]);
  });

  test('items without a key are matched by position after the items both lists start and end with', () => {
    const rules = (...n: number[]) => n.map((i) => ({ from: [{ cidr: `10.0.${i}.0/24` }] }));
    expect(fieldChanges({ r: rules(1, 2, 3, 4, 5) }, { r: rules(1, 2, 9, 3, 4, 5) })).toEqual([{ path: 'r[2]', after: { from: [{ cidr: '10.0.9.0/24' }] } }]);
    expect(fieldChanges({ r: rules(1, 2, 3) }, { r: rules(1, 7, 3) })).toEqual([{ path: 'r[1].from[0].cidr', before: '10.0.2.0/24', after: '10.0.7.0/24' }]);
    // repeated plain values: by position
    expect(fieldChanges({ args: ['-v', '-v', 'x'] }, { args: ['-v', '-v', 'y'] })).toEqual([{ path: 'args[2]', before: 'x', after: 'y' }]);
  });

  test('the same keyed items in another order are one change', () => {
    expect(fieldChanges({ args: ['--a', '--b'] }, { args: ['--b', '--a'] })).toEqual([{ path: 'args', before: ['--a', '--b'], after: ['--b', '--a'], reordered: true }]);
    expect(describeChange({ path: 'args', before: ['--a', '--b'], after: ['--b', '--a'], reordered: true })).toBe('args: same items, new order: ["--a","--b"] → ["--b","--a"]');
  });

  test('deepEqual ignores the order of keys, not of items', () => {
    expect(deepEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: undefined }, {})).toBe(false);
    expect(fieldChanges({ a: 1, b: 2 }, { b: 2, a: 1 })).toEqual([]);
  });
});

describe('values shown around what changed', () => {
  test('short values are shown whole', () => {
    expect(describeChange({ path: 'image', before: 'my-app:1.0.0', after: 'my-app:1.0.1' })).toBe('image: "my-app:1.0.0" → "my-app:1.0.1"');
    expect(describeChange({ path: 'x', after: 1 })).toBe('x: added 1');
    expect(describeChange({ path: 'x', before: { a: 1 } })).toBe('x: removed (was {"a":1})');
  });

  test('a long string is shown 40 characters either side of the first that differs, never cut before it', () => {
    const before = `${'a'.repeat(300)}OLD${'b'.repeat(300)}`;
    const after = `${'a'.repeat(300)}NEW${'b'.repeat(300)}`;
    expect(showPair(before, after)).toEqual([`"…${'a'.repeat(40)}OLD${'b'.repeat(40)}…"`, `"…${'a'.repeat(40)}NEW${'b'.repeat(40)}…"`]);
    // a change at the very end of a long value
    const [b, a] = showPair(`${'x'.repeat(500)}1`, `${'x'.repeat(500)}2`);
    expect(b).toBe(`"…${'x'.repeat(40)}1"`);
    expect(a).toBe(`"…${'x'.repeat(40)}2"`);
    // at the start
    expect(showPair(`1${'x'.repeat(500)}`, `2${'x'.repeat(500)}`)).toEqual([`"1${'x'.repeat(40)}…"`, `"2${'x'.repeat(40)}…"`]);
  });

  test('a long inserted part is shown up to 80 characters; text is cut between characters, not inside one', () => {
    const [, a] = showPair(`${'p'.repeat(200)}`, `${'p'.repeat(100)}${'I'.repeat(500)}${'p'.repeat(100)}`);
    expect(a).toBe(`"…${'p'.repeat(40)}${'I'.repeat(80)}…"`);
    const emoji = '😀'.repeat(200);
    const [eb, ea] = showPair(`${emoji}A${emoji}`, `${emoji}B${emoji}`);
    expect(eb).toBe(`"…${'😀'.repeat(40)}A${'😀'.repeat(40)}…"`);
    expect(ea).toContain('B');
    // escapes stay whole
    const [nb] = showPair(`${'\n'.repeat(100)}A`, `${'\n'.repeat(100)}B`);
    expect(nb).toBe(`"…${'\\n'.repeat(40)}A"`);
  });

  test('long structured values are windowed as JSON', () => {
    const before = { data: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i])) };
    const after = { data: { ...before.data, k15: 'changed' } };
    const [b, a] = showPair(before, after);
    expect(b.startsWith('…')).toBe(true);
    expect(b).toContain('"k15":15');
    expect(a).toContain('"k15":"changed"');
    expect(a.length).toBeLessThan(120);
  });
});
