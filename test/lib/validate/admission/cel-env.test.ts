/**
 * Compiling expressions in paved's Kubernetes CEL environment: what the API
 * server's compiler refuses is invalid; what it reads but paved cannot
 * evaluate is offline (never a pass); the authorizer's decisions are offline.
 */
import { compileExpression } from '../../../../lib/validate/admission/cel-env';
import { celEval } from './cel-util';

const declared = { variables: ['object', 'request', 'authorizer', 'variables'], composited: ['first'] };

describe('compileExpression', () => {
  test('compiles each expression once: the same program for the same expression and declarations', () => {
    const a = compileExpression('object.spec.replicas > 1', declared);
    expect(a.ok).toBe(true);
    expect(compileExpression('object.spec.replicas > 1', declared)).toBe(a);
  });

  test.each([
    ['params.max > 1', "undeclared reference to 'params' (in container '')"],
    ['foo(object)', "undeclared reference to 'foo' (in container '')"],
    ['object.items.exists(i, j > 1)', "undeclared reference to 'j' (in container '')"],
    ['variables.second == 1', "undefined field 'second'"],
    ['object.spec.replicas >', expect.stringMatching(/^syntax error: /)],
  ])('refuses what the API server would not compile: %s', (expression, message) => {
    expect(compileExpression(expression, declared)).toEqual({ ok: false, kind: 'invalid', message });
  });

  test('reads comprehension variables, type names, namespaced functions and earlier composited variables', () => {
    for (const e of [
      'object.items.all(i, i.size() > 0)',
      'type(object) == map',
      'type(cidr("10.0.0.0/8")) == net.CIDR',
      'format.named("uuid").hasValue()',
      'variables.first == 1',
      'sets.contains([1], [1])',
    ])
      expect(compileExpression(e, declared)).toMatchObject({ ok: true });
  });

  test.each([
    ["semver('1.2.3').isGreaterThan(semver('1.0.0'))", "semver() cannot be evaluated offline: paved's CEL lacks it"],
    ["isImage('nginx')", "isImage() cannot be evaluated offline: paved's CEL lacks it"],
    ['object.items.all(i, v, v > 0)', "the two-variable comprehension all() cannot be evaluated offline: paved's CEL lacks it"],
    ['[1].transformList(i, v, v)', "transformList() cannot be evaluated offline: paved's CEL lacks it"],
  ])('reports what the API server reads but paved lacks as offline: %s', (expression, message) => {
    expect(compileExpression(expression, declared)).toEqual({ ok: false, kind: 'offline', message });
  });
});

describe('the authorizer', () => {
  const OFFLINE = "an authorizer check cannot be evaluated offline: paved has no cluster to ask what the request's user may do";

  test.each([
    "authorizer.group('apps').resource('deployments').namespace('a').name('b').check('create').allowed()",
    "authorizer.path('/healthz').check('get').allowed()",
    "authorizer.serviceAccount('ns', 'sa').group('').resource('secrets').check('get').reason() == ''",
    "authorizer.requestResource.check('create').allowed()",
    "authorizer.group('').resource('pods').labelSelector('a=b').check('list').errored()",
  ])('a decision it would take cannot be evaluated offline: %s', (expression) => {
    expect(celEval(expression)).toEqual({ error: OFFLINE });
  });

  test("an outcome that does not depend on its answer stands, as on the API server (CEL's error absorption)", () => {
    expect(celEval("authorizer.group('').resource('x').check('get').allowed() || true")).toBe(true);
    expect(celEval("false && authorizer.group('').resource('x').check('get').allowed()")).toBe(false);
    expect(celEval("authorizer.group('').resource('x').check('get').allowed() || false")).toEqual({ error: OFFLINE });
  });
});
