import { checkApiNames, qualifiedNameProblem } from '../../../lib/validate/api-names';
import { type ManifestObject, errorCount, formatReport, validateObjects } from '../../../lib';
import { screenOf } from '../../screen-util';

const fields = (object: Record<string, unknown>) => checkApiNames(object).map((p) => p.field);
const obj = (kind: string, name: string, apiVersion = 'v1', metadata: Record<string, unknown> = {}) => ({ apiVersion, kind, metadata: { name, namespace: 'team-a', ...metadata } });

describe('names and keys are checked as the API server checks them', () => {
  test('most kinds take a DNS-1123 subdomain: lower case, digits, - and ., at most 253 characters', () => {
    for (const name of ['a', 'my-app', 'my-app.v2', 'a'.repeat(253), '0x']) expect(fields(obj('ConfigMap', name))).toEqual([]);
    for (const name of ['My-App', 'a_b', '-a', 'a-', 'a..b', '.a', 'x<!--', 'a b', 'a\nb', '\u202ea', 'a'.repeat(254), '', 'é']) expect(fields(obj('ConfigMap', name))).toEqual(['metadata.name']);
    // a custom resource too, and an unknown kind
    expect(fields(obj('Application', 'x<!--', 'core.oam.dev/v1beta1'))).toEqual(['metadata.name']);
    expect(fields(obj('Widget', 'Widget', 'example.com/v1'))).toEqual(['metadata.name']);
  });

  test('a Namespace takes a label, a Service an RFC 1035 label, a CronJob at most 52 characters', () => {
    const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    expect(fields(ns('team-a'))).toEqual([]);
    expect(fields(ns('team.a'))).toEqual(['metadata.name']);
    expect(fields(ns('a'.repeat(64)))).toEqual(['metadata.name']);
    expect(fields(obj('Service', 'web'))).toEqual([]);
    expect(fields(obj('Service', '1web'))).toEqual(['metadata.name']);
    expect(fields(obj('Service', 'web.v2'))).toEqual(['metadata.name']);
    expect(fields(obj('CronJob', 'a'.repeat(52), 'batch/v1'))).toEqual([]);
    expect(fields(obj('CronJob', 'a'.repeat(53), 'batch/v1'))).toEqual(['metadata.name']);
    expect(fields(obj('Deployment', 'a'.repeat(53), 'apps/v1'))).toEqual([]);
  });

  test("RBAC's names are path segments: anything but '.', '..', '/' and '%'", () => {
    for (const kind of ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']) {
      expect(fields(obj(kind, 'system:aggregate-to-edit', 'rbac.authorization.k8s.io/v1'))).toEqual([]);
      for (const name of ['..', '.', 'a/b', 'a%2f']) expect(fields(obj(kind, name, 'rbac.authorization.k8s.io/v1'))).toEqual(['metadata.name']);
    }
  });

  test('the namespace, label keys and values, annotation keys and finalizers', () => {
    expect(fields({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'Team_A' } })).toEqual(['metadata.namespace']);
    expect(
      fields(
        obj('ConfigMap', 'a', 'v1', {
          labels: { 'app.kubernetes.io/name': 'web', ok: '', 'bad key': 'x', 'a/b/c': 'x', 'x.example.com/ok': 'v<!--', '-x': 'y', long: 'v'.repeat(64) },
          annotations: { 'paved.dev/calls': 'anything <!-- goes in a value', 'Upper.Example.com/Key': 'x', 'no spaces allowed': 'x', '/empty-prefix': 'x' },
          finalizers: ['resources-finalizer.argocd.argoproj.io', 'kubernetes', 'bad finalizer'],
        }),
      ),
    ).toEqual([
      'metadata.labels["bad key"]',
      'metadata.labels["a/b/c"]',
      'metadata.labels["x.example.com/ok"]',
      'metadata.labels["-x"]',
      'metadata.labels["long"]',
      'metadata.annotations["no spaces allowed"]',
      'metadata.annotations["/empty-prefix"]',
      'metadata.finalizers[2]',
    ]);
    expect(qualifiedNameProblem('example.com/name')).toBeUndefined();
    expect(qualifiedNameProblem(`${'a'.repeat(64)}`)).toBeDefined();
  });

  test('the message names the value (as JSON, escapes visible) and what is allowed', () => {
    expect(checkApiNames(obj('ConfigMap', 'x\x1b[2K<!--'))).toEqual([
      {
        field: 'metadata.name',
        message:
          "\"x\\u001b[2K<!--\" is not allowed: ConfigMap's name is a lowercase RFC 1123 subdomain: at most 253 characters of lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (the API server refuses the object)",
      },
    ]);
  });
});

describe('paved validate refuses such names, and its report cannot be faked by them', () => {
  const tree = (name: string): ManifestObject[] => [
    { file: 'ns.yaml', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } } },
    { file: `cm-${name}.yaml`, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'team-a' }, data: { a: '1' } } },
  ];

  test.each([
    ['a line that clears itself and fakes the count', 'x\r\x1b[2K0 error(s), 0 warning(s)\x1b[8m'],
    ['a line break and a fake count', 'x\n0 error(s), 0 warning(s)'],
    ['cursor movement up over the real lines', 'x\x1b[5A\x1b[2K0 error(s), 0 warning(s)\x1b[5B'],
    ['an 8-bit control sequence', 'x\u009b2K\r0 error(s)'],
    ['a right-to-left override', '\u202e)s(rorre 0'],
  ])('%s: the finding names the file and field, and the screen shows the real count', async (_, name) => {
    const report = validateObjects(tree(name));
    expect(errorCount(report)).toBeGreaterThanOrEqual(1);
    const finding = report.findings.find((f) => f.field === 'metadata.name');
    expect(finding).toMatchObject({ severity: 'error', rule: 'schema', file: `cm-${name}.yaml` });
    const screen = await screenOf(formatReport(report), 2000);
    expect(screen[screen.length - 1]).toBe(`${errorCount(report)} error(s), ${report.findings.length - errorCount(report)} warning(s)`);
    expect(screen.filter((row) => /^0 error\(s\)/.test(row))).toEqual([]);
    // every finding is one row of its own, starting as findings do
    expect(screen.slice(0, report.findings.length).every((row) => /^(?:error|warning) \[/.test(row))).toBe(true);
    expect(screen).toHaveLength(report.findings.length + 2);
  });
});
