// @ts-check
/**
 * The layering of paved as a rule that fails the build (npm run layering; docs/architecture.md says it in words).
 *
 * dependency-cruiser rather than eslint's no-restricted-imports: it judges the module an import resolves to, not the
 * text of the specifier (`../app/x` from lib/k8s and `../../app/x` from lib/k8s/addons are one edge), it counts type-only
 * imports (a layer is a layer for types too), it finds cycles through any number of files, and the table below reads
 * like the architecture: each folder may import what its row lists, and nothing else of lib/.
 *
 * Layers of lib/, each allowed to import itself and those listed (and, all of them, lib/private):
 */
const LAYERS = {
  private: [],
  definitions: [],
  org: [],
  // what each add-on declares about itself (chart, release, namespace, values, CRDs), as data both sides read
  addons: ['org', 'definitions'],
  // the validator works on files: the schema catalog (with the platform's definitions) and the org's tenant boundary;
  // lib/validate/admission (the offline admission-policy evaluator and the Kubernetes CEL libraries) is part of it
  validate: ['definitions', 'org'],
  render: ['validate'],
  diff: ['validate'],
  // the release gates: records' Git history, against the org's chain of environments
  release: ['org'],
  import: ['validate', 'definitions', 'addons'],
  k8s: ['org', 'definitions', 'validate', 'addons'],
  crossplane: ['k8s', 'org'],
  monitoring: ['k8s', 'org', 'validate', 'addons'],
  traffic: ['k8s', 'org', 'validate', 'addons'],
  app: ['k8s', 'crossplane', 'monitoring', 'definitions', 'org'],
  portal: ['app', 'monitoring', 'org', 'validate'],
  report: ['crossplane', 'k8s', 'org', 'validate'],
  synth: ['app', 'crossplane', 'k8s', 'monitoring', 'portal', 'report', 'traffic', 'validate', 'org', 'definitions'],
  // the cloud side: the org model and the add-ons' declarations (their cloud rights), only (and cdktf, below)
  infra: ['org', 'addons'],
  // the command line runs everything but the cloud side, which a team's install does not have
  cli: ['synth', 'app', 'crossplane', 'k8s', 'monitoring', 'portal', 'report', 'traffic', 'validate', 'render', 'diff', 'import', 'release', 'org', 'definitions'],
};
/** The layers that build Kubernetes objects and so may use the generated bindings in imports/. */
const USE_BINDINGS = ['k8s', 'crossplane', 'monitoring', 'traffic'];

const either = (names) => `(${names.join('|')})`;
const NPM = '(^|/)node_modules/';
const CDKTF = `${NPM}(cdktf|@cdktf)/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycle', severity: 'error', comment: 'a cycle makes two modules one: move the shared piece to the side it belongs to', from: {}, to: { circular: true } },
    {
      name: 'cdktf-only-in-infra',
      severity: 'error',
      comment: 'cdktf and @cdktf/* only in lib/infra/ (and the cloud entry point): the cdktf→cdktn switch stays one folder, and a team installs no cdktf',
      from: { path: '^', pathNot: ['^lib/infra/', '^platform/infra\\.ts$', '^test/', '^bench/'] },
      to: { path: CDKTF },
    },
    {
      name: 'bindings-only-in-construct-layers',
      severity: 'error',
      comment: `the generated bindings (imports/) are used by ${USE_BINDINGS.join(', ')} only: never by the team-facing lib/app, apps/ or examples/, nor by the file-level tools`,
      from: { path: '^', pathNot: [`^lib/${either(USE_BINDINGS)}/`, '^imports/', '^test/', '^bench/'] },
      to: { path: '^imports/' },
    },
    // each folder of lib/ imports only itself, lib/private and its row of LAYERS
    ...Object.entries(LAYERS).map(([layer, below]) => ({
      name: `layer-${layer}`,
      severity: 'error',
      comment: `lib/${layer}/ may import ${[...below, 'private'].map((l) => `lib/${l}/`).join(', ')} and itself (docs/architecture.md)`,
      from: { path: `^lib/${layer}/` },
      to: { path: '^lib/', pathNot: `^lib/${either([layer, 'private', ...below])}/` },
    })),
    {
      name: 'layer-unknown-folder',
      severity: 'error',
      comment: 'a new folder of lib/ takes its place in the layers first (LAYERS in .dependency-cruiser.cjs, docs/architecture.md)',
      from: { path: '^lib/[^/]+/', pathNot: `^lib/${either(Object.keys(LAYERS))}/` },
      to: { path: '^lib/' },
    },
    {
      name: 'lib-never-imports-the-example-org',
      severity: 'error',
      comment: 'nothing in lib/ imports platform/ or apps/ (nor the tests)',
      from: { path: '^lib/' },
      to: { path: '^(platform|apps|test|bench|examples)/' },
    },
    {
      name: 'apps-use-the-public-api',
      severity: 'error',
      comment: "app definitions import only the public API: lib/index.ts in this repository, '@acme/paved' in a team's",
      from: { path: '^(apps|examples)/' },
      to: {
        pathNot: ['^(apps|examples)/', '^lib/index\\.ts$', '^@acme/paved$', '^(examples/team-repo/node_modules/@acme/paved/)?dist/lib/index\\.(js|d\\.ts)$', `${NPM}(constructs|cdk8s)/`],
        dependencyTypesNot: ['core'],
      },
    },
  ],
  options: {
    // the generated bindings are nodes, not read (180,000 lines); node_modules likewise
    doNotFollow: { path: ['node_modules', '^imports/'] },
    exclude: { path: ['^dist/', '^examples/team-repo/(dist|out)/'] },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    moduleSystems: ['cjs', 'es6'],
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json', '.d.ts'], exportsFields: ['exports'], conditionNames: ['types', 'require', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
