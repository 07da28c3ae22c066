import * as fs from 'fs';
import * as path from 'path';
import { type ManifestObject, validateObjects } from '../../../../lib';
import { celValue, checkCelRules, escapeFieldName, uncheckableRule } from '../../../../lib/validate/languages/cel-rules';

const importsDir = path.join(__dirname, '..', '..', '..', '..', 'imports');
const at = (file: string, object: Record<string, unknown>): ManifestObject => ({ file, object });
const findings = (objects: ManifestObject[], namespaces: string[] = ['apps']) =>
  validateObjects(objects, { knownNamespaces: namespaces }).findings.map((f) => `${f.severity} [${f.rule}] ${f.file}: ${f.field}: ${f.message}`);

describe('the CEL rules of the vendored CRDs', () => {
  test("are kept by the import, and every one compiles with paved's CEL environment (none reported as not checked)", () => {
    const index = JSON.parse(fs.readFileSync(path.join(importsDir, 'schemas', 'index.json'), 'utf8')) as { kinds: { kind: string; file: string }[] };
    const byKind: Record<string, number> = {};
    const unchecked: string[] = [];
    let transition = 0;
    const walk = (node: unknown, kind: string): void => {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach((n) => walk(n, kind));
      for (const [key, value] of Object.entries(node)) {
        if (key === 'x-kubernetes-validations') {
          for (const r of value as { rule: string; optionalOldSelf?: boolean }[]) {
            byKind[kind] = (byKind[kind] ?? 0) + 1;
            if (/oldSelf/.test(r.rule)) transition++;
            const why = uncheckableRule(r.rule, r.optionalOldSelf);
            if (why) unchecked.push(`${kind}: ${why}`);
          }
        } else if (key !== 'default' && key !== 'enum') walk(value, kind);
      }
    };
    for (const k of index.kinds) walk(JSON.parse(fs.readFileSync(path.join(importsDir, 'schemas', k.file), 'utf8')), k.kind);
    expect(unchecked).toEqual([]);
    // the inventory (every served version counted): what the import keeps of the upstream CRDs
    expect(byKind).toMatchObject({ CompositeResourceDefinition: 20, SecretStore: 15, ClusterSecretStore: 15, Composition: 4, Instance: 1, HTTPRoute: 178, Gateway: 32 });
    expect(Object.values(byKind).reduce((a, b) => a + b, 0)).toBe(356);
    expect(transition).toBe(12);
  });
});

describe('validateObjects evaluates CRD CEL rules as the API server does on create', () => {
  test("a Composition without a pipeline is refused with its rule's message (mode defaults to Pipeline)", () => {
    expect(
      findings([
        at('c.yaml', { apiVersion: 'apiextensions.crossplane.io/v1', kind: 'Composition', metadata: { name: 'c' }, spec: { compositeTypeRef: { apiVersion: 'x.example.org/v1', kind: 'X' } } }),
      ]),
    ).toContain('error [schema] c.yaml: spec: an array of pipeline steps is required in Pipeline mode');
  });

  test("a SecretStore that breaks one of its rules is refused with the rule's message, at the rule's field", () => {
    const store = (secretserver: Record<string, unknown>) =>
      at('s.yaml', {
        apiVersion: 'external-secrets.io/v1',
        kind: 'SecretStore',
        metadata: { name: 's', namespace: 'apps' },
        spec: { provider: { secretserver: { serverURL: 'https://ss.example.com', ...secretserver } } },
      });
    expect(findings([store({ username: { value: 'u' } })])).toEqual(['error [schema] s.yaml: spec.provider.secretserver: either token, or both username and password, must be set']);
    expect(findings([store({ token: { value: 't', secretRef: { name: 'a', key: 'b' } } })])).toEqual([
      'error [schema] s.yaml: spec.provider.secretserver.token: exactly one of value or secretRef must be set',
    ]);
    expect(findings([store({ token: { value: 't' } })])).toEqual([]);
  });

  test("an XRD that breaks one of its rules is refused with the rule's message; its transition rules (oldSelf) are skipped", () => {
    const xrd = (spec: Record<string, unknown>) =>
      at('x.yaml', {
        apiVersion: 'apiextensions.crossplane.io/v2',
        kind: 'CompositeResourceDefinition',
        metadata: { name: 'xbuckets.x.example.org' },
        spec: {
          group: 'x.example.org',
          names: { kind: 'XBucket', plural: 'xbuckets' },
          versions: [{ name: 'v1', served: true, referenceable: true, schema: { openAPIV3Schema: { type: 'object' } } }],
          ...spec,
        },
      });
    expect(findings([xrd({})])).toEqual([]);
    expect(findings([xrd({ claimNames: { kind: 'Bucket', plural: 'buckets' } })])).toEqual(["error [schema] x.yaml: spec: Claims aren't supported in apiextensions.crossplane.io/v2"]);
    expect(findings([xrd({ names: { kind: 'XBucket', plural: 'XBuckets' } })])).toEqual(['error [schema] x.yaml: spec.names: Plural name must be lowercase']);
  });

  test('rules read defaulted fields, escaped field names (__namespace__), list macros and durations', () => {
    const gateway = (listeners: unknown[]) =>
      at('g.yaml', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'g', namespace: 'apps' }, spec: { gatewayClassName: 'alb', listeners } });
    expect(findings([gateway([{ name: 'http', port: 80, protocol: 'HTTP' }])])).toEqual([]);
    expect(
      findings([
        gateway([
          { name: 'http', port: 80, protocol: 'HTTP' },
          { name: 'http', port: 8080, protocol: 'HTTP' },
        ]),
      ]),
    ).toEqual(['error [schema] g.yaml: spec.listeners: Listener name must be unique within the Gateway']);
    const route = (parentRefs: unknown[]) =>
      at('r.yaml', {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'r', namespace: 'apps' },
        spec: { parentRefs, rules: [{ backendRefs: [{ name: 'svc', port: 80 }] }] },
      });
    expect(findings([route([{ name: 'g', namespace: 'apps' }])])).toEqual([]);
    expect(
      findings([
        route([
          { name: 'g', namespace: 'apps' },
          { name: 'g', namespace: 'apps' },
        ]),
      ]),
    ).toEqual(['error [schema] r.yaml: spec.parentRefs: sectionName must be unique when parentRefs includes 2 or more references to the same parent']);
    expect(
      findings([
        route([
          { name: 'g', namespace: 'apps', sectionName: 'a' },
          { name: 'g', namespace: 'apps', sectionName: 'b' },
        ]),
      ]),
    ).toEqual([]);
    const config = (limiter: Record<string, unknown>) =>
      at('p.yaml', {
        apiVersion: 'aws.m.upbound.io/v1beta1',
        kind: 'ClusterProviderConfig',
        metadata: { name: 'p' },
        spec: { credentials: { source: 'IRSA' }, reconciliationPolicy: { exponentialFailureRateLimiter: limiter } },
      });
    expect(findings([config({ baseDelay: '5s', maxDelay: '2m' })])).toEqual([]);
    expect(findings([config({ baseDelay: '500ms' })])).toEqual(['error [schema] p.yaml: spec.reconciliationPolicy.exponentialFailureRateLimiter.baseDelay: baseDelay must be at least 1s']);
  });

  test('rules are not evaluated on an object with errors that stop the API server from evaluating them', () => {
    const report = findings([
      at('s.yaml', {
        apiVersion: 'external-secrets.io/v1',
        kind: 'SecretStore',
        metadata: { name: 's', namespace: 'apps' },
        spec: { provider: { secretserver: { serverURL: 5, username: { value: 'u' } } } },
      }),
    ]);
    expect(report).toEqual([
      'warning [unchecked] s.yaml: : its CEL validation rules were not checked: the API server does not evaluate them on an object with the errors above; correct them to complete validation',
      'error [schema] s.yaml: spec.provider.secretserver.serverURL: must be string',
    ]);
  });
});

describe('checkCelRules', () => {
  const schema = (rules: Record<string, unknown>[], properties: Record<string, unknown> = { a: { type: 'integer' }, b: { type: 'string' } }) => ({
    type: 'object',
    properties: { spec: { type: 'object', properties, 'x-kubernetes-validations': rules } },
  });
  const check = (rules: Record<string, unknown>[], spec: Record<string, unknown>, reported = new Set<string>()) =>
    checkCelRules(schema(rules), { spec }, reported).map((p) => `${p.severity} ${p.field}: ${p.message}`);

  test('a failing rule says its message, else its messageExpression, else "failed rule: <rule>"; fieldPath moves it', () => {
    expect(check([{ rule: 'self.a > 1', message: 'a must exceed 1' }], { a: 1 })).toEqual(['error spec: a must exceed 1']);
    expect(check([{ rule: 'self.a > 1', messageExpression: '"a is " + string(self.a)', message: 'unused' }], { a: 1 })).toEqual(['error spec: a is 1']);
    expect(check([{ rule: 'self.a > 1' }], { a: 1 })).toEqual(['error spec: failed rule: self.a > 1']);
    expect(check([{ rule: 'self.a > 1', fieldPath: '.a', message: 'too small' }], { a: 1 })).toEqual(['error spec.a: too small']);
    expect(check([{ rule: 'self.a > 1', messageExpression: 'self.missing', message: 'fallback' }], { a: 1 })).toEqual(['error spec: fallback']);
    expect(check([{ rule: 'self.a > 1' }], { a: 2 })).toEqual([]);
  });

  test('an error the object causes is an error; a rule paved cannot evaluate is reported once, never passed', () => {
    expect(check([{ rule: 'self.b == "x"', message: 'b is x' }], { a: 1 })).toEqual(['error spec: no such key: b evaluating rule: b is x']);
    const reported = new Set<string>();
    expect(check([{ rule: 'isSemver(self.b)' }], { b: 'x' }, reported)).toEqual(["warning spec: CEL rule not checked: isSemver() cannot be evaluated offline: paved's CEL lacks it: isSemver(self.b)"]);
    expect(check([{ rule: 'isSemver(self.b)' }], { b: 'y' }, reported)).toEqual([]);
    expect(check([{ rule: 'self.a ==' }], { a: 1 })[0]).toMatch(/^warning spec: CEL rule not checked: paved's CEL parser cannot read it/);
    // transition rules are skipped on create; those that ask for an optional oldSelf cannot be evaluated by paved
    expect(check([{ rule: 'self == oldSelf', message: 'immutable' }], { a: 1 })).toEqual([]);
    expect(check([{ rule: 'oldSelf.hasValue()', optionalOldSelf: true }], { a: 1 })[0]).toMatch(/^warning spec: CEL rule not checked: a transition rule with optionalOldSelf/);
  });

  test('rules that call the Kubernetes CEL libraries (quantity, ip, url, format, optionals) are evaluated, not reported as not checked', () => {
    const props = { a: { type: 'integer' }, b: { type: 'string' } };
    expect(check([{ rule: "quantity(self.b).isLessThan(quantity('1Gi'))", message: 'at most 1Gi' }], { b: '2Gi' })).toEqual(['error spec: at most 1Gi']);
    expect(check([{ rule: "quantity(self.b).isLessThan(quantity('1Gi'))", message: 'at most 1Gi' }], { b: '512Mi' })).toEqual([]);
    expect(check([{ rule: 'isCIDR(self.b) && cidr(self.b).prefixLength() >= 16', message: 'a /16 or smaller' }], { b: '10.0.0.0/8' }, new Set())).toEqual(['error spec: a /16 or smaller']);
    expect(check([{ rule: "url(self.b).getScheme() == 'https'", message: 'https only' }], { b: 'http://example.com' }, new Set())).toEqual(['error spec: https only']);
    expect(check([{ rule: '!format.dns1123Label().validate(self.b).hasValue()', message: 'a DNS label' }], { b: 'Not_A_Label' }, new Set())).toEqual(['error spec: a DNS label']);
    expect(checkCelRules(schema([{ rule: "self.?c.orValue('') == ''", message: 'no c' }], props), { spec: { a: 1 } })).toEqual([]);
    // a malformed quantity is the object's fault: an error, as the API server reports it
    expect(check([{ rule: "quantity(self.b).isLessThan(quantity('1Gi'))" }], { b: 'lots' }, new Set())).toEqual([
      "error spec: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' evaluating rule: quantity(self.b).isLessThan(quantity('1Gi'))",
    ]);
  });

  test('rules run on every list item and map value; null values are not evaluated', () => {
    const s = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            items: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.n < 10', message: 'n < 10' }] } },
            map: { type: 'object', additionalProperties: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self.startsWith("x")', message: 'starts with x' }] } },
            maybe: { type: 'string', nullable: true, 'x-kubernetes-validations': [{ rule: 'self.size() > 3', message: 'long' }] },
          },
        },
      },
    };
    expect(checkCelRules(s, { spec: { items: [{ n: 1 }, { n: 11 }], map: { 'k.1': 'xa', k2: 'b' }, maybe: null } }).map((p) => `${p.field}: ${p.message}`)).toEqual([
      'spec.items[1]: n < 10',
      'spec.map.k2: starts with x',
    ]);
  });

  test('values are typed by their schema, field names escaped as Kubernetes escapes them', () => {
    expect(celValue(3, { type: 'integer' })).toBe(3n);
    expect(celValue(3, { type: 'number' })).toBe(3);
    expect(celValue(2.5, undefined)).toBe(2.5);
    expect(celValue({ namespace: 'a', 'x-y': 1 }, { type: 'object', properties: { namespace: { type: 'string' }, 'x-y': { type: 'integer' } } })).toEqual(
      new Map<string, unknown>([
        ['__namespace__', 'a'],
        ['x__dash__y', 1n],
      ]),
    );
    expect(celValue({ 'a.b': 'c' }, { type: 'object', additionalProperties: { type: 'string' } })).toEqual(new Map([['a.b', 'c']]));
    expect(celValue({ metadata: { name: 'n', labels: { a: 'b' } } }, { type: 'object' }, true)).toEqual(new Map([['metadata', new Map([['name', 'n']])]]));
    expect([escapeFieldName('a__b'), escapeFieldName('a/b'), escapeFieldName('a.b'), escapeFieldName('1a'), escapeFieldName('a b')]).toEqual([
      'a__underscores__b',
      'a__slash__b',
      'a__dot__b',
      undefined,
      undefined,
    ]);
  });
});
