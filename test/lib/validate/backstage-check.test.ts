import * as path from 'path';
import { type ManifestObject, checkCatalog, checkEntitiesWithBackstage, validateObjects } from '../../../lib';

const entity = (file: string, kind: string, name: string, spec: Record<string, unknown>, extra: Record<string, unknown> = {}): ManifestObject => ({
  file,
  object: { apiVersion: 'backstage.io/v1alpha1', kind, metadata: { name, ...extra }, spec },
});
const vela = (namespace: string, name: string): ManifestObject => ({
  file: `prod/teams/t/apps/${name}/application-${name}.yaml`,
  object: { apiVersion: 'core.oam.dev/v1beta1', kind: 'Application', metadata: { name, namespace }, spec: { components: [] } },
});

const group = entity('catalog/teams/t/group-t.yaml', 'Group', 't', { type: 'team', children: [] });
const system = entity('catalog/teams/t/system-t.yaml', 'System', 't', { owner: 'group:default/t' });
const component = (name: string, spec: Record<string, unknown> = {}) =>
  entity(
    `catalog/teams/t/apps/${name}/component-${name}.yaml`,
    'Component',
    name,
    { type: 'service', lifecycle: 'production', owner: 'group:default/t', system: 'system:default/t', ...spec },
    { namespace: 't', annotations: { 'paved.dev/kubevela-application': `t/${name}` } },
  );
const location = (targets: string[]) => entity('catalog/location.yaml', 'Location', 'all', { targets });
const messages = (entities: ManifestObject[], manifests: ManifestObject[] = []) => checkCatalog(entities, manifests).findings.map((f) => `${f.file}: ${f.field}: ${f.message}`);

describe('checkCatalog', () => {
  test('a consistent catalog has no findings, and counts its entities per kind', () => {
    const all = [group, system, component('a'), location(['./teams/t/group-t.yaml', './teams/t/system-t.yaml', './teams/t/apps/a/component-a.yaml'])];
    const result = checkCatalog(all, [vela('t', 'a')]);
    expect(result.findings).toEqual([]);
    expect(result.checkedByKind).toEqual({ 'backstage.io/v1alpha1/Group': 1, 'backstage.io/v1alpha1/System': 1, 'backstage.io/v1alpha1/Component': 1, 'backstage.io/v1alpha1/Location': 1 });
  });

  test('fails on references to entities the tree does not have, resolving namespaces as Backstage does', () => {
    expect(messages([group, system, component('a', { owner: 'group:default/nobody', dependsOn: ['resource:db', 'nokind'], providesApis: ['a-api'] })], [vela('t', 'a')])).toEqual([
      'catalog/teams/t/apps/a/component-a.yaml: spec.owner: group:default/nobody is not an entity of the tree',
      // a reference without a namespace means the entity's own (t), not default
      'catalog/teams/t/apps/a/component-a.yaml: spec.providesApis[0]: api:t/a-api is not an entity of the tree',
      'catalog/teams/t/apps/a/component-a.yaml: spec.dependsOn[0]: resource:t/db is not an entity of the tree',
      'catalog/teams/t/apps/a/component-a.yaml: spec.dependsOn[1]: "nokind" is not an entity reference with a kind (kind:[namespace/]name)',
      // a team's entity is owned by the team's group (see catalog-ownership.test.ts)
      'catalog/teams/t/apps/a/component-a.yaml: spec.owner: "group:default/nobody" is not allowed in catalog/teams/t/apps/: "group:default/t", team t\'s group',
    ]);
  });

  test('fails on a deployed app without a Component, a Component without an app, and two Components of one app', () => {
    const twin = {
      ...component('b'),
      file: 'catalog/teams/t/apps/b/component-b2.yaml',
      object: { ...component('b').object, metadata: { name: 'b2', namespace: 't', annotations: { 'paved.dev/kubevela-application': 't/b' } } },
    };
    expect(messages([group, system, component('a'), component('b'), twin], [vela('t', 'b'), vela('t', 'c')])).toEqual([
      'catalog/teams/t/apps/a/component-a.yaml: metadata.annotations.paved.dev/kubevela-application: KubeVela Application t/a runs in no environment of the tree',
      'catalog/teams/t/apps/b/component-b2.yaml: metadata.annotations.paved.dev/kubevela-application: KubeVela Application t/b is also described by catalog/teams/t/apps/b/component-b.yaml',
      'prod/teams/t/apps/c/application-c.yaml: : no catalog Component describes it (annotation paved.dev/kubevela-application: t/c)',
      // a Component names its own Application (see catalog-ownership.test.ts)
      'catalog/teams/t/apps/b/component-b2.yaml: metadata.annotations.paved.dev/kubevela-application: "t/b" is not allowed: "<namespace>/b2", the Component\'s own KubeVela Application in one of team t\'s namespaces (t)',
    ]);
  });

  test('fails on a Location target that is not in the tree, and on an entity no Location lists', () => {
    expect(messages([group, system, location(['./teams/t/group-t.yaml', './teams/t/missing.yaml', 'https://example.com/x.yaml'])])).toEqual([
      'catalog/location.yaml: spec.targets[1]: "./teams/t/missing.yaml" is not an entity file of the tree (catalog/teams/t/missing.yaml)',
      'catalog/teams/t/system-t.yaml: : no Location of the tree lists catalog/teams/t/system-t.yaml: Backstage would not find it',
    ]);
  });

  describe('a Location with globs, read as Backstage reads it', () => {
    const appsLocation = (spec: Record<string, unknown>) => entity('catalog/teams/t/apps/location.yaml', 'Location', 't-apps', spec, { namespace: 't' });
    const root = location(['./teams/*/group-*.yaml', './teams/*/system-*.yaml', './teams/*/apps/location.yaml']);

    test('a glob lists every entity file it matches: through a team Location, nothing is missing', () => {
      expect(messages([root, appsLocation({ targets: ['./*/*.yaml'] }), group, system, component('a'), component('b')], [vela('t', 'a'), vela('t', 'b')])).toEqual([]);
    });

    test('an entity file no glob matches is not listed (a dot folder, a folder too deep)', () => {
      const hidden = { ...component('c'), file: 'catalog/teams/t/apps/.c/component-c.yaml' };
      const deep = { ...component('d'), file: 'catalog/teams/t/apps/d/v2/component-d.yaml' };
      expect(messages([root, appsLocation({ targets: ['./*/*.yaml'] }), group, system, component('a'), hidden, deep], [vela('t', 'a'), vela('t', 'c'), vela('t', 'd')])).toEqual([
        'catalog/teams/t/apps/.c/component-c.yaml: : no Location of the tree lists catalog/teams/t/apps/.c/component-c.yaml: Backstage would not find it',
        'catalog/teams/t/apps/d/v2/component-d.yaml: : no Location of the tree lists catalog/teams/t/apps/d/v2/component-d.yaml: Backstage would not find it',
      ]);
    });

    test('fails on a glob that matches nothing, unless the Location says its targets are optional (a team with no app yet)', () => {
      const required = messages([root, appsLocation({ targets: ['./*/*.yaml'] }), group, system]);
      expect(required).toEqual([
        'catalog/teams/t/apps/location.yaml: spec.targets[0]: "./*/*.yaml" matches no file of the tree (catalog/teams/t/apps/*/*.yaml): Backstage reports the target as not found (presence: optional allows none)',
      ]);
      expect(messages([root, appsLocation({ targets: ['./*/*.yaml', './missing.yaml'], presence: 'optional' }), group, system])).toEqual([]);
    });

    test('fails on a glob that matches a file without catalog entities (Backstage would ingest a Kubernetes object)', () => {
      const everything = location(['./**/*.yaml', '../prod/**/*.yaml']);
      expect(messages([everything, group, system, component('a')], [vela('t', 'a')])).toEqual([
        'catalog/location.yaml: spec.targets[1]: "../prod/**/*.yaml" matches prod/teams/t/apps/a/application-a.yaml, which holds no catalog entity: Backstage would read it and refuse what it holds',
      ]);
    });

    test('a Location whose glob matches its own file is still the root Backstage is pointed at', () => {
      expect(messages([location(['./**/*.yaml']), group, system])).toEqual([]);
    });

    test('fails on targets paved cannot read as Backstage would, naming what they hold, and on one that leaves the tree', () => {
      const found = messages([location(['./teams/{t,u}/*.yaml', './teams/?/group-t.yaml', '/gitops/catalog/teams/*/*.yaml', '../../**/*.yaml', './teams/t/*.yaml']), group, system]);
      expect(found.map((m) => m.replace(/: paved reads .*$/, ': …'))).toEqual([
        'catalog/location.yaml: spec.targets[0]: "./teams/{t,u}/*.yaml" holds "{", ",", "}": …',
        'catalog/location.yaml: spec.targets[1]: "./teams/?/group-t.yaml" holds "?": …',
        'catalog/location.yaml: spec.targets[2]: "/gitops/catalog/teams/*/*.yaml" starts at the repository\'s root, which the tree does not show: a path relative to the Location\'s file (./…)',
        'catalog/location.yaml: spec.targets[3]: "../../**/*.yaml" reaches outside the tree (../**/*.yaml), whose files paved cannot see',
      ]);
    });
  });

  test('fails on two entities of one kind, namespace and name', () => {
    expect(messages([group, { ...group, file: 'catalog/other.yaml' }])).toEqual([
      'catalog/other.yaml: metadata.name: is defined twice (also in catalog/teams/t/group-t.yaml): Backstage keeps one entity per kind, namespace and name',
    ]);
  });

  test('the validator routes entities here and Kubernetes objects to the cluster checks', () => {
    const report = validateObjects([group, system, component('a'), vela('t', 'a')], { knownNamespaces: ['t'] });
    expect(report.checkedByKind['backstage.io/v1alpha1/Component']).toBe(1);
    expect(report.findings.filter((f) => f.file.startsWith('catalog/'))).toEqual([]);
    expect(report.uncheckedByKind['backstage.io/v1alpha1/Component']).toBeUndefined();
  });
});

describe('checkEntitiesWithBackstage', () => {
  test('passes entities Backstage accepts', async () => {
    await expect(checkEntitiesWithBackstage([group, system, component('a')])).resolves.toEqual([]);
  });

  test("reports what Backstage's policies and kind validators reject, and kinds they do not know", async () => {
    const findings = await checkEntitiesWithBackstage([
      entity('catalog/a.yaml', 'Component', 'Not A Name', { type: 'service', lifecycle: 'production', owner: 'x' }),
      entity('catalog/b.yaml', 'Component', 'b', { type: 'service', owner: 'x' }),
      entity('catalog/c.yaml', 'Widget', 'c', {}),
    ]);
    expect(findings.map((f) => `${f.severity} ${f.file}: ${f.field}: ${f.message}`)).toEqual([
      'error catalog/a.yaml: metadata.name: must be a string that is sequences of [a-zA-Z0-9] separated by any of [-_.], at most 63 characters in total (found "Not A Name") (Backstage\'s entity policies)',
      "error catalog/b.yaml: spec.lifecycle: is required (Backstage's backstage.io/v1alpha1/Component schema)",
      'warning catalog/c.yaml: : kind backstage.io/v1alpha1/Widget is not a built-in Backstage kind: not checked',
    ]);
  });
});

describe("Backstage's findings", () => {
  const problems = async (entities: ManifestObject[]) => (await checkEntitiesWithBackstage(entities)).map((f) => `${f.field}: ${f.message}`);

  test('name the field at fault, with no JSON pointer or ajv parameters in the message', async () => {
    const all = await problems([
      entity('catalog/a.yaml', 'Component', 'a', { type: 'service', owner: 'x', lifecycle: 5 }),
      entity('catalog/b.yaml', 'Component', 'b', { type: 'service', owner: 'x', lifecycle: 'p' }, { labels: { 'a b': 'c' } }),
      entity('catalog/c.yaml', 'Group', 'c', { type: 'team' }),
      entity('catalog/d.yaml', 'Location', 'd', { targets: 'x' }),
      { file: 'catalog/e.yaml', object: { ...component('e').object, extra: 1 } },
      { file: 'catalog/f.yaml', object: { apiVersion: 'scaffolder.backstage.io/v1beta3', kind: 'Template', metadata: { name: 'f' }, spec: { type: 'service', steps: [{ action: 1 }] } } },
      entity('catalog/g.yaml', 'Component', 'g', { type: 'service', owner: 'x', lifecycle: 'p' }, { tags: ['Not A Tag'] }),
    ]);
    expect(all).toEqual([
      "spec.lifecycle: must be a string (Backstage's backstage.io/v1alpha1/Component schema)",
      'metadata.labels.a b: must be a valid prefix and/or suffix (found "a b") (Backstage\'s entity policies)',
      "spec.children: is required (Backstage's backstage.io/v1alpha1/Group schema)",
      "spec.targets: must be an array (Backstage's backstage.io/v1alpha1/Location schema)",
      'extra: unknown field "extra": an entity has only apiVersion, kind, metadata, spec, relations and status (Backstage\'s entity policies)',
      "spec.steps[0].action: must be a string (Backstage's scaffolder.backstage.io/v1beta3/Template schema)",
      'metadata.tags[0]: must be a string that is sequences of [a-z0-9+#] separated by [-], at most 63 characters in total (found "Not A Tag") (Backstage\'s entity policies)',
    ]);
    for (const p of all) expect(p).not.toMatch(/ - \w+: |^\/|<root>|must have required property/);
  });
});

describe("the scaffolder's Template schema", () => {
  test("is the one @backstage/plugin-scaffolder-common ships (copied by npm run import, so a team's install needs no scaffolder package)", () => {
    const pkg = path.join(__dirname, '..', '..', '..', 'node_modules', '@backstage', 'plugin-scaffolder-common');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const upstream = (require(path.join(pkg, 'dist', 'Template.v1beta3.schema.json.cjs.js')) as { default: unknown }).default;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const copied = require('../../../imports/backstage/Template.v1beta3.schema.json') as { source: string; schema: unknown };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(copied.source).toBe(`@backstage/plugin-scaffolder-common@${(require(path.join(pkg, 'package.json')) as { version: string }).version}`);
    expect(copied.schema).toEqual(upstream);
  });
});
