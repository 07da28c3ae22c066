import { CueParseError, parameterSchema } from '../../../../lib/validate/languages/cue-parameters';

describe('parameterSchema', () => {
  test('reads optional fields, defaults, literal disjunctions, lists and maps', () => {
    const schema = parameterSchema(`
      output: { kind: "Deployment" }
      parameter: {
        // +usage=the image
        image: string
        port?: int
        exposeType: *"ClusterIP" | "NodePort" | "LoadBalancer"
        cmd?: [...string]
        labels?: [string]: string
        cpu?: *1 | number | string
        memory?: =~"^[0-9]+(Mi|Gi)$"
      }`);
    expect(schema).toEqual({
      type: 'object',
      properties: {
        image: { type: 'string' },
        port: { type: 'integer' },
        exposeType: { enum: ['ClusterIP', 'NodePort', 'LoadBalancer'], default: 'ClusterIP' },
        cmd: { type: 'array', items: { type: 'string' } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        cpu: { anyOf: [{ type: 'number' }, { type: 'string' }], default: 1 },
        memory: { type: 'string', pattern: '^[0-9]+(Mi|Gi)$' },
      },
      required: ['image'],
      additionalProperties: false,
    });
  });

  test('resolves #definitions, close() and disjunctions of structs', () => {
    const schema = parameterSchema(`
      #Params: { name: *"" | string, drop?: [...string] }
      parameter: #Params | close({ containers: [...#Params] })`);
    expect(schema.anyOf).toHaveLength(2);
    expect(schema.anyOf?.[0]).toMatchObject({ type: 'object', properties: { name: { type: 'string', default: '' } }, additionalProperties: false });
    expect(schema.anyOf?.[1].properties?.containers.items?.properties?.drop).toEqual({ type: 'array', items: { type: 'string' } });
  });

  test('fields inside if blocks become optional; `...` and comprehensions open a struct', () => {
    const schema = parameterSchema(`
      parameter: {
        type: *"emptyDir" | "pvc"
        if type == "pvc" { claimName: string }
        extra: { a: int, ... }
      }`);
    expect(schema.properties?.claimName).toEqual({ type: 'string' });
    expect(schema.required).toEqual(['extra']);
    expect(schema.properties?.extra.additionalProperties).toBe(true);
  });

  test('a nested label (`a: b: c`) and a top-level map', () => {
    // an open list is `[]` when the user gives none: not required
    expect(parameterSchema('parameter: operations: [...{...}]')).toEqual({
      type: 'object',
      properties: { operations: { type: 'array', items: { type: 'object', additionalProperties: true } } },
      additionalProperties: false,
    });
    expect(parameterSchema('parameter: name: string').required).toEqual(['name']);
    expect(parameterSchema('parameter: [string]: string | null')).toEqual({
      type: 'object',
      additionalProperties: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    });
  });

  test('a field with a default, a literal, an open list or a struct with nothing required is optional: CUE gives it a value', () => {
    const schema = parameterSchema(`
      parameter: {
        unset: *[] | [...string]
        accessModes: *["ReadWriteOnce"] | [...string]
        annotations: [string]: string
        extraVolumeMounts: [...{ name: string, mountPath: string }]
        cpu: { type: *"Utilization" | "AverageValue", value: *50 | int }
        kind: "Deployment"
        pair: [string, int]
        choice: "a" | "b"
        name: string
        inner: { name: string }
        must!: *1 | int
      }`);
    expect(schema.required).toEqual(['pair', 'choice', 'name', 'inner', 'must']);
    // a disjunction with a default is the union of its alternatives, and keeps a concrete default
    expect(schema.properties?.unset).toEqual({ anyOf: [{ type: 'array' }, { type: 'array', items: { type: 'string' } }], default: [] });
    expect(schema.properties?.accessModes).toEqual({
      anyOf: [
        { type: 'array', items: { const: 'ReadWriteOnce' } },
        { type: 'array', items: { type: 'string' } },
      ],
      default: ['ReadWriteOnce'],
    });
    expect(schema.properties?.extraVolumeMounts?.items?.required).toEqual(['name', 'mountPath']);
  });

  test('fails clearly on a template without a parameter block, or CUE it cannot read', () => {
    expect(() => parameterSchema('output: {}')).toThrow(new CueParseError('the template has no top-level parameter block'));
    expect(() => parameterSchema('parameter: { a: ? }')).toThrow(CueParseError);
  });
});
