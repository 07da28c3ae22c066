import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type ManifestObject, SchemaCatalog, type ValidationReport, errorCount, formatReport, validateDirectory, validateObjects } from '../../../lib';

const ns = (name: string): ManifestObject => ({ file: `ns-${name}.yaml`, object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
const store = (namespace: string, name = 'aws-secretsmanager'): ManifestObject => ({
  file: `store-${namespace}.yaml`,
  object: {
    apiVersion: 'external-secrets.io/v1',
    kind: 'SecretStore',
    metadata: { name, namespace },
    spec: { provider: { aws: { service: 'SecretsManager', region: 'eu-west-1', auth: { jwt: { serviceAccountRef: { name: 'external-secrets' } } } } } },
  },
});
const externalSecret = (namespace: string, spec: Record<string, unknown> = {}): ManifestObject => ({
  file: `es-${namespace}.yaml`,
  object: {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'app-secrets', namespace },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { name: 'aws-secretsmanager', kind: 'SecretStore' },
      target: { name: 'app-secrets', creationPolicy: 'Owner' },
      data: [{ secretKey: 'password', remoteRef: { key: 'teams/a/db', property: 'password' } }],
      ...spec,
    },
  },
});
const secureTraits = [
  { type: 'securitycontext', properties: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, dropCapabilities: ['ALL'] } },
  { type: 'podsecuritycontext', properties: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } },
];
const velaApp = (namespace: string, component: Record<string, unknown> = {}): ManifestObject => ({
  file: `app-${namespace}.yaml`,
  object: {
    apiVersion: 'core.oam.dev/v1beta1',
    kind: 'Application',
    metadata: { name: 'app', namespace },
    spec: {
      components: [
        {
          name: 'app',
          type: 'webservice',
          properties: { image: 'app:1.0', ports: [{ port: 80, expose: true }], env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'app-secrets', key: 'password' } } }] },
          traits: secureTraits,
          ...component,
        },
      ],
    },
  },
});
const validTree = (): ManifestObject[] => [ns('a'), store('a'), externalSecret('a'), velaApp('a')];

function messages(report: ValidationReport): string[] {
  return report.findings.map((f) => `${f.severity} ${f.rule} ${f.object}: ${f.field}: ${f.message}`);
}

describe('validateObjects', () => {
  test('a consistent tree has no findings, and the report counts what it checked per kind', () => {
    const report = validateObjects(validTree());
    expect(messages(report)).toEqual([]);
    expect(report.checkedByKind).toEqual({
      'v1/Namespace': 1,
      'external-secrets.io/v1/SecretStore': 1,
      'external-secrets.io/v1/ExternalSecret': 1,
      'core.oam.dev/v1beta1/Application': 1,
    });
    expect(report.objects).toBe(4);
  });

  test('catches a field the CRD schema does not declare (the API server would drop it)', () => {
    const tree = validTree();
    tree[2] = externalSecret('a', { target: { name: 'app-secrets', creationPolicy: 'Owner', immutable: true, owner: 'me' } });
    expect(messages(validateObjects(tree))).toEqual([
      expect.stringMatching(/^error schema ExternalSecret a\/app-secrets: spec\.target\.owner: unknown field "owner" \(the schema declares .*creationPolicy.*\)$/),
    ]);
  });

  test('catches wrong types and values outside an enum in custom resources', () => {
    const tree = validTree();
    tree[2] = externalSecret('a', { refreshInterval: 60, target: { name: 'app-secrets', creationPolicy: 'Sometimes' } });
    const found = messages(validateObjects(tree));
    expect(found).toContainEqual('error schema ExternalSecret a/app-secrets: spec.refreshInterval: must be string');
    expect(found).toContainEqual('error schema ExternalSecret a/app-secrets: spec.target.creationPolicy: must be one of "Owner", "Orphan", "Merge", "None", "CreateOrMerge"');
  });

  test("checks custom resources' metadata against ObjectMeta", () => {
    const tree = validTree();
    (tree[1].object.metadata as Record<string, unknown>).labels = { team: 7 };
    expect(messages(validateObjects(tree))).toContainEqual('error schema SecretStore a/aws-secretsmanager: metadata.labels.team: must be string');
  });

  test('catches a dangling SecretStore reference', () => {
    const tree = [ns('a'), store('a', 'other'), externalSecret('a'), velaApp('a')];
    expect(messages(validateObjects(tree))).toEqual(['error reference ExternalSecret a/app-secrets: spec.secretStoreRef.name: SecretStore "aws-secretsmanager" does not exist in namespace "a"']);
  });

  test('a SecretStore of another namespace does not satisfy the reference', () => {
    const tree = [ns('a'), ns('b'), store('b'), externalSecret('a'), velaApp('a')];
    expect(messages(validateObjects(tree))).toContainEqual(expect.stringContaining('SecretStore "aws-secretsmanager" does not exist in namespace "a"'));
  });

  test('catches an object in a namespace that does not exist, unless it is declared known', () => {
    const tree = [store('ghost')];
    expect(messages(validateObjects(tree))).toEqual(['error reference SecretStore ghost/aws-secretsmanager: metadata.namespace: namespace "ghost" does not exist in the tree']);
    expect(messages(validateObjects(tree, { knownNamespaces: ['ghost'] }))).toEqual([]);
  });

  test('catches namespaced objects without a namespace and cluster-scoped objects with one', () => {
    const tree: ManifestObject[] = [
      { file: 'x.yaml', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } } },
      { file: 'y.yaml', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', namespace: 'n' } } },
    ];
    expect(messages(validateObjects(tree))).toEqual([
      'error reference ConfigMap c: metadata.namespace: ConfigMap is namespaced: name its namespace',
      'error reference Namespace n/n: metadata.namespace: Namespace is cluster-scoped and must not set a namespace',
    ]);
  });

  test('checks core kinds against the Kubernetes schema', () => {
    const tree: ManifestObject[] = [ns('a'), { file: 'cm.yaml', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a' }, data: { k: 1 } } }];
    expect(messages(validateObjects(tree))).toEqual(['error schema ConfigMap a/c: data.k: must be string']);
  });

  test('reports an unknown kind as unchecked, never as passed', () => {
    const tree: ManifestObject[] = [ns('a'), { file: 'x.yaml', object: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'a' } } }];
    const report = validateObjects(tree);
    expect(messages(report)).toEqual(['warning unchecked Widget a/w: : kind example.com/v1/Widget has no schema in the catalog: not checked']);
    expect(report.uncheckedByKind).toEqual({ 'example.com/v1/Widget': 1 });
    expect(errorCount(report)).toBe(0);
    expect(formatReport(report)).toContain('not checked (no schema): 1 example.com/v1/Widget');
  });

  test('rejects unserved versions of known kinds', () => {
    const tree = validTree();
    tree[2] = { ...tree[2], object: { ...tree[2].object, apiVersion: 'external-secrets.io/v1beta1' } };
    expect(messages(validateObjects(tree))).toContainEqual(
      'error schema ExternalSecret a/app-secrets: apiVersion: external-secrets.io/v1beta1 is not a served version of ExternalSecret (served: external-secrets.io/v1)',
    );
  });

  test('catches two objects with one identity', () => {
    const tree = [...validTree(), { ...store('a'), file: 'copy.yaml' }];
    expect(messages(validateObjects(tree))).toEqual(['error duplicate SecretStore a/aws-secretsmanager: : is defined twice (also in store-a.yaml)']);
  });

  test('with one cluster per top-level folder, identities and references stay within a folder', () => {
    const inFolder = (folder: string, objects: ManifestObject[]) => objects.map((o) => ({ ...o, file: `${folder}/${o.file}` }));
    const tree = [...inFolder('staging', validTree()), ...inFolder('prod', [ns('a'), externalSecret('a')])];
    expect(messages(validateObjects(tree, { clusterPerTopLevelFolder: true }))).toEqual([
      'error reference ExternalSecret a/app-secrets: spec.secretStoreRef.name: SecretStore "aws-secretsmanager" does not exist in namespace "a"',
    ]);
  });

  describe('KubeVela Applications', () => {
    test('catches a component type the platform does not install', () => {
      const found = messages(validateObjects([ns('a'), store('a'), externalSecret('a'), velaApp('a', { type: 'webservcie' })]));
      expect(found).toContainEqual(expect.stringMatching(/spec\.components\[0\]\.type: ComponentDefinition "webservcie" is not installed by the platform \(available: .*webservice/));
    });

    test('catches a trait type the platform does not install', () => {
      const found = messages(validateObjects([ns('a'), store('a'), externalSecret('a'), velaApp('a', { traits: [...secureTraits, { type: 'ingress', properties: {} }] })]));
      expect(found).toContainEqual(expect.stringContaining('spec.components[0].traits[2].type: TraitDefinition "ingress" is not installed by the platform'));
    });

    test("checks trait properties against the definition's parameters (securitycontext takes dropCapabilities, not capabilities.drop)", () => {
      const traits = [{ type: 'securitycontext', properties: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } } }, secureTraits[1]];
      const found = messages(validateObjects([ns('a'), store('a'), externalSecret('a'), velaApp('a', { traits })]));
      expect(found).toContainEqual(expect.stringMatching(/spec\.components\[0\]\.traits\[0\]\.properties\.capabilities: unknown field "capabilities" \(the schema declares .*dropCapabilities/));
      expect(found).toContainEqual(expect.stringContaining('traits[0].properties.dropCapabilities: must include "ALL"'));
    });

    test("checks component properties against the definition's parameters", () => {
      const found = messages(validateObjects([ns('a'), store('a'), externalSecret('a'), velaApp('a', { properties: { image: 'a:1', port: 'eighty', replicas: 2 } })]));
      expect(found).toContainEqual('error schema Application a/app: spec.components[0].properties.port: must be integer');
      expect(found).toContainEqual(expect.stringContaining('spec.components[0].properties.replicas: unknown field "replicas"'));
    });

    test('requires the traits that make pods Pod-Security-restricted', () => {
      const found = messages(validateObjects([ns('a'), store('a'), externalSecret('a'), velaApp('a', { traits: [] })]));
      expect(found).toContainEqual(expect.stringContaining('spec.components[0].traits: needs a "securitycontext" trait'));
      expect(found).toContainEqual(expect.stringContaining('spec.components[0].traits: needs a "podsecuritycontext" trait'));
    });

    test('catches a secret env var that no ExternalSecret writes', () => {
      const found = messages(validateObjects([ns('a'), store('a'), externalSecret('a', { data: [{ secretKey: 'user', remoteRef: { key: 'teams/a/db' } }] }), velaApp('a')]));
      expect(found).toEqual([
        'error reference Application a/app: spec.components[0].properties.env[0].valueFrom.secretKeyRef.key: the Secret "app-secrets" has no key "password" (its ExternalSecret writes user)',
      ]);
    });
  });

  describe('policies', () => {
    test('a Secret with values is an error: values belong in the secret manager', () => {
      const tree: ManifestObject[] = [ns('a'), { file: 's.yaml', object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'a' }, stringData: { password: 'hunter2' } } }];
      expect(messages(validateObjects(tree))).toEqual(['error policy Secret a/s: stringData: holds secret values (password): keep them in AWS Secrets Manager and use an ExternalSecret']);
    });

    test('a Deployment whose pods are not Pod-Security-restricted is an error, field by field', () => {
      const tree: ManifestObject[] = [
        ns('a'),
        {
          file: 'd.yaml',
          object: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'd', namespace: 'a' },
            spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { hostNetwork: true, containers: [{ name: 'c', image: 'c:1' }] } } },
          },
        },
      ];
      expect(messages(validateObjects(tree)).map((m) => m.split(': ')[1])).toEqual([
        'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
        'spec.template.spec.containers[0].securityContext.capabilities.drop',
        'spec.template.spec.containers[0].securityContext.runAsNonRoot',
        'spec.template.spec.containers[0].securityContext.seccompProfile.type',
        'spec.template.spec.hostNetwork',
      ]);
    });
  });
});

describe('validateDirectory', () => {
  test('reads every YAML document below a folder, reporting unreadable ones', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-validate-'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: a}\n');
    fs.writeFileSync(path.join(dir, 'broken.yml'), 'kind: [unclosed\n');
    const report = validateDirectory(dir);
    expect(report.objects).toBe(2);
    expect(report.findings.map((f) => `${f.rule} ${f.file}`)).toEqual(['parse broken.yml']);
    fs.rmSync(dir, { recursive: true });
  });

  test('extra CRD files extend the catalog', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-crd-'));
    fs.writeFileSync(
      path.join(dir, 'crd.yaml'),
      [
        'apiVersion: apiextensions.k8s.io/v1',
        'kind: CustomResourceDefinition',
        'metadata: {name: widgets.example.com}',
        'spec:',
        '  group: example.com',
        '  scope: Namespaced',
        '  names: {kind: Widget, plural: widgets}',
        '  versions:',
        '    - name: v1',
        '      served: true',
        '      storage: true',
        '      schema:',
        '        openAPIV3Schema:',
        '          type: object',
        '          properties:',
        '            spec: {type: object, properties: {size: {type: integer}}}',
      ].join('\n'),
    );
    const catalog = SchemaCatalog.bundled().withCrds([dir]);
    const tree: ManifestObject[] = [ns('a'), { file: 'w.yaml', object: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'a' }, spec: { size: 1, colour: 'red' } } }];
    expect(messages(validateObjects(tree, { catalog }))).toEqual(['error schema Widget a/w: spec.colour: unknown field "colour" (the schema declares size)']);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('tenancy policies', () => {
  const teamNs = (name: string, labels: Record<string, string> = { 'paved.dev/team': name, 'pod-security.kubernetes.io/enforce': 'restricted' }): ManifestObject => ({
    file: `ns-${name}.yaml`,
    object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } },
  });
  const inNs = (ns: string, kind: string, name: string, extra: Record<string, unknown> = {}, apiVersion = 'v1'): ManifestObject => ({
    file: `${ns}-${kind}-${name}.yaml`,
    object: { apiVersion, kind, metadata: { name, namespace: ns }, ...extra },
  });
  const tenant = (ns: string) => [
    teamNs(ns),
    inNs(ns, 'NetworkPolicy', 'default-deny', { spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } }, 'networking.k8s.io/v1'),
    inNs(ns, 'ResourceQuota', 'q', { spec: { hard: { pods: '10' } } }),
    inNs(ns, 'LimitRange', 'l', { spec: { limits: [{ type: 'Container' }] } }),
  ];

  test('a complete tenant namespace passes', () => {
    expect(messages(validateObjects(tenant('a')))).toEqual([]);
  });

  test('a team namespace without restricted Pod Security, default deny, quota or limits fails', () => {
    const found = messages(validateObjects([teamNs('a', { 'paved.dev/team': 'a', 'pod-security.kubernetes.io/enforce': 'baseline' })]));
    expect(found).toEqual([
      'error policy Namespace a: : a team namespace needs a NetworkPolicy that denies all ingress and egress by default',
      'error policy Namespace a: : a team namespace needs a ResourceQuota',
      'error policy Namespace a: : a team namespace needs a LimitRange',
      'error policy Namespace a: metadata.labels.pod-security.kubernetes.io/enforce: a team namespace must enforce Pod Security "restricted"',
    ]);
  });

  test('roles with wildcards or escalation verbs fail', () => {
    const found = messages(validateObjects([...tenant('a'), inNs('a', 'Role', 'r', { rules: [{ apiGroups: ['*'], resources: ['pods'], verbs: ['get', 'bind'] }] }, 'rbac.authorization.k8s.io/v1')]));
    expect(found).toEqual([
      'error policy Role a/r: rules[0].apiGroups: must not hold the wildcard "*": name what is allowed',
      'error policy Role a/r: rules[0].verbs: must not hold bind (privilege escalation)',
    ]);
  });

  test('an Argo CD project open to every repository or namespace fails', () => {
    const found = messages(
      validateObjects([
        teamNs('argocd', {}),
        inNs('argocd', 'AppProject', 'p', { spec: { sourceRepos: ['*'], destinations: [{ server: 'https://kubernetes.default.svc', namespace: '*' }] } }, 'argoproj.io/v1alpha1'),
      ]),
    );
    expect(found).toEqual([
      'error policy AppProject argocd/p: spec.destinations[0]: must name a cluster and a namespace, not "*"',
      'error policy AppProject argocd/p: spec.sourceRepos: must not allow every repository ("*")',
    ]);
  });
});
