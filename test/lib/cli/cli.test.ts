import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { checkRestrictedPodSpec, formatReport, loadManifests, validateDirectory } from '../../../lib';
import { cleanTmpDirs, paved, pavedInProcess, PROCESS_LIMITS, ROOT, tmpDir, writeFiles } from '../../cli-util';

afterAll(cleanTmpDirs);

const GITOPS = path.join(ROOT, 'gitops');
/** The library's own report on the committed tree: the CLI must print the same counts. */
const REPORT = validateDirectory(GITOPS, { clusterPerTopLevelFolder: true });
const COUNTS_LINE =
  formatReport(REPORT)
    .split('\n')
    .find((l) => l.startsWith('checked ')) ?? '';
const OBJECTS = REPORT.objects;
/** The objects the tree's files hold, as paved diff reads them (the reader adds the previews' namespaces, which Argo CD creates). */
const TREE_OBJECTS = loadManifests(GITOPS).objects.filter((m) => !m.file.includes('#namespace-')).length;
const SUMMARY_LINE = formatReport(REPORT).split('\n').pop() ?? '';
const DEFINITION = ['--definition', path.join(ROOT, 'dist', 'platform', 'k8s.js')];

/** A copy of the committed example tree, to plant problems in. */
function copyOfTree(): string {
  const dir = path.join(tmpDir(), 'gitops');
  fs.cpSync(GITOPS, dir, { recursive: true });
  return dir;
}

/** The example app's image in the tree, and another build of it. */
const MY_APP_IMAGE = 'registry.example.com/payments/my-app:1.0.0@sha256:363211a2f6c801db191e06be52ef31bdba230d9ee99c6d08bf9666e7b317b3f4';
const MY_APP_NEXT = `registry.example.com/payments/my-app:1.0.1@sha256:${'a'.repeat(64)}`;

function edit(file: string, change: (text: string) => string): void {
  fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
}

describe('paved (as a process)', () => {
  test('--help lists the commands', () => {
    const r = paved(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['synth', 'validate', 'render', 'diff', 'check']) expect(r.stdout).toContain(c);
  });

  test('an unknown command exits 2, with --help too (so that a script can tell a missing command from a present one)', () => {
    expect(paved(['deploy']).code).toBe(2);
    const help = paved(['deploy', '--help']);
    expect(help.code).toBe(2);
    expect(help.stderr).toContain("error: unknown command 'deploy' (the commands: synth, validate");
    expect(paved(['validate', '--help']).code).toBe(0);
  });

  describe('synth', () => {
    test('writes the tree with a line per stage and a summary per kind', () => {
      const out = path.join(tmpDir(), 'tree');
      const r = paved(['synth', ...DEFINITION, '--out', out]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/loaded definition: 2 environment\(s\), 3 team\(s\), 4 app definition\(s\)/);
      expect(r.stdout).toMatch(/build and validate \(\d+ ms\)/);
      expect(r.stdout).toMatch(/wrote \d+ files to .* in \d+ ms:/);
      expect(r.stdout).toMatch(/\s8 {2}core\.oam\.dev\/v1beta1\/Application/);
      expect(fs.readFileSync(path.join(out, 'prod/teams/payments/apps/my-app/application-my-app.yaml'), 'utf8')).toBe(
        fs.readFileSync(path.join(GITOPS, 'prod/teams/payments/apps/my-app/application-my-app.yaml'), 'utf8'),
      );
      expect(JSON.parse(fs.readFileSync(path.join(out, 'org.json'), 'utf8')).teams.map((t: { name: string }) => t.name)).toEqual(['payments', 'search', 'mobile']);
      // the mobile team defines its apps in its own repository: the platform writes its namespace, not its apps
      expect(fs.existsSync(path.join(out, 'prod/teams/mobile/tenant/namespaces/mobile/namespace-mobile.yaml'))).toBe(true);
      expect(fs.existsSync(path.join(out, 'prod/teams/mobile/apps'))).toBe(false);
    }, 60_000);

    test("--env and --team synthesize one team's part, and replace only that part", async () => {
      const out = copyOfTree();
      fs.rmSync(path.join(out, 'prod/teams/search'), { recursive: true });
      writeFiles(out, { 'prod/teams/payments/configmap-extra.yaml': stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra', namespace: 'payments' } }) });
      const r = await pavedInProcess(['synth', ...DEFINITION, '--out', out, '--env', 'prod', '--team', 'search']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('kept');
      expect(fs.existsSync(path.join(out, 'prod/teams/search/apps/indexer/application-indexer.yaml'))).toBe(true);
      // not owned by this synth: left alone
      expect(fs.existsSync(path.join(out, 'prod/teams/payments/configmap-extra.yaml'))).toBe(true);
    }, 60_000);

    test('bad input exits 1, lists every problem, and leaves the tree byte for byte', async () => {
      const dir = tmpDir();
      const out = copyOfTree();
      const before = execFileSync('find', [out, '-type', 'f', '-exec', 'sha256sum', '{}', '+'], { encoding: 'utf8', ...PROCESS_LIMITS });
      const lib = JSON.stringify(path.join(ROOT, 'dist', 'lib'));
      writeFiles(dir, {
        'bad.js': `const { AppConstruct } = require(${lib});
const { definition } = require(${JSON.stringify(path.join(ROOT, 'dist', 'platform', 'k8s.js'))});
const orders = (scope) => new AppConstruct(scope, 'orders', { team: scope.team, image: 'orders:latest', port: 70000, domain: 'orders.example.org', secrets: [{ name: 'db', key: 'teams/search/db' }] });
const twin = (scope) => new AppConstruct(scope, 'my-app', { team: scope.team, image: 'x:1', port: 80 });
exports.definition = { org: definition.org, apps: [...definition.apps, { team: 'payments', apps: [orders, twin] }] };
`,
      });
      const r = await pavedInProcess(['synth', '--definition', path.join(dir, 'bad.js'), '--out', out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('gitops is unchanged');
      for (const env of ['staging', 'prod']) {
        expect(r.stderr).toContain(`${env}/payments/orders: port = 70000 is not allowed: an integer from 1 to 65535`);
        expect(r.stderr).toContain(`${env}/payments/orders: image = "orders:latest" is not allowed`);
        expect(r.stderr).toContain(`${env}/payments/orders: domain = "orders.example.org" is not allowed`);
        expect(r.stderr).toContain(`${env}/payments/orders: secrets[0].key = "teams/search/db" is not allowed`);
        expect(r.stderr).toContain(`${env}/payments/my-app: id = "my-app" is not allowed: a name no other app of team payments has`);
      }
      expect(execFileSync('find', [out, '-type', 'f', '-exec', 'sha256sum', '{}', '+'], { encoding: 'utf8', ...PROCESS_LIMITS })).toBe(before);
    }, 60_000);

    test("a team's proposal declaring a production database free fails the synth (exit 1): priced from its parameters, the tree byte for byte as it was", async () => {
      const out = copyOfTree();
      const file = 'prod/teams/mobile/apps/mobile-bff/postgresqlinstance-mobile-bff-db.yaml';
      writeFiles(out, {
        [file]: stringify({
          apiVersion: 'db.example.com/v1alpha1',
          kind: 'PostgreSQLInstance',
          metadata: { name: 'mobile-bff-db', namespace: 'mobile', annotations: { 'paved.dev/monthly-cost-usd': '0.00' } },
          spec: { parameters: { size: 'large', storageGB: 1000 }, writeConnectionSecretToRef: { name: 'mobile-bff-db-conn' } },
        }),
      });
      const before = execFileSync('find', [out, '-type', 'f', '-exec', 'sha256sum', '{}', '+'], { encoding: 'utf8', ...PROCESS_LIMITS });
      const r = await pavedInProcess(['synth', ...DEFINITION, '--out', out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `${file}: PostgreSQLInstance mobile/mobile-bff-db: metadata.annotations.paved.dev/monthly-cost-usd: "0.00" is not allowed: the claim's price from its parameters, "525.56"`,
      );
      expect(r.stderr).toContain(
        `org: teams[2].monthlyBudgetUsd = 400 is not allowed: at least the estimated monthly cost of what team mobile asks for across its environments, 525.56 USD (prod 525.56; costliest: prod mobile/mobile-bff-db (PostgreSQLInstance, ${file}) 525.56)`,
      );
      expect(execFileSync('find', [out, '-type', 'f', '-exec', 'sha256sum', '{}', '+'], { encoding: 'utf8', ...PROCESS_LIMITS })).toBe(before);
    }, 60_000);

    test('a missing definition is bad input (exit 1), said with what to do', async () => {
      const r = await pavedInProcess(['synth', '--definition', 'nope.js'], tmpDir());
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('paved: definition = "nope.js" is not allowed: a module that exists (build the project first, e.g. npm run build)');
    });
  });

  describe('validate', () => {
    test('reports zero problems on the example org, with counts per kind', () => {
      const r = paved(['validate', 'gitops']);
      expect(r.code).toBe(0);
      expect(COUNTS_LINE).toMatch(/^checked \d+ objects: .*\d+ argoproj\.io\/v1alpha1\/AppProject.*\d+ v1\/Namespace/);
      expect(r.stdout).toContain(COUNTS_LINE);
      // the only warnings: composed kinds the schema catalog lacks (three S3 configuration kinds, per environment)
      expect(SUMMARY_LINE).toMatch(/^0 error\(s\), \d+ warning\(s\)$/);
      expect(REPORT.findings.every((f) => f.rule === 'unchecked')).toBe(true);
      expect(r.stdout).toContain(SUMMARY_LINE);
    });

    test('catches a planted unknown field, a dangling reference and a Secret with data', async () => {
      const tree = copyOfTree();
      edit(path.join(tree, 'prod/teams/payments/apps/my-app/externalsecret-my-app-secrets.yaml'), (t) => t.replace('  refreshInterval: 1m', '  refreshInterval: 1m\n  refreshEvery: 5m'));
      edit(path.join(tree, 'staging/teams/search/apps/indexer/externalsecret-indexer-secrets.yaml'), (t) => t.replace('name: aws-secretsmanager', 'name: vault'));
      writeFiles(tree, { 'prod/teams/search/tenant/secret-leak.yaml': stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak', namespace: 'search' }, data: { token: 'c2VjcmV0' } }) });
      const r = await pavedInProcess(['validate', tree]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        'error [schema] prod/teams/payments/apps/my-app/externalsecret-my-app-secrets.yaml: ExternalSecret payments/my-app-secrets: spec.refreshEvery: unknown field "refreshEvery"',
      );
      expect(r.stdout).toContain(
        'error [reference] staging/teams/search/apps/indexer/externalsecret-indexer-secrets.yaml: ExternalSecret search/indexer-secrets: spec.secretStoreRef.name: SecretStore "vault" does not exist in namespace "search"',
      );
      expect(r.stdout).toContain('error [policy] prod/teams/search/tenant/secret-leak.yaml: Secret search/leak: data: holds secret values (token)');
      expect(r.stdout).toContain('3 error(s)');
    });

    test('names kinds it cannot check, and checks them against CRDs given with --schemas', async () => {
      const tree = copyOfTree();
      writeFiles(tree, {
        'prod/teams/search/tenant/widget-w.yaml': stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'search' }, spec: { size: 1, colour: 'red' } }),
      });
      const unchecked = await pavedInProcess(['validate', tree]);
      expect(unchecked.code).toBe(0);
      expect(unchecked.stdout).toContain('not checked (no schema): 1 example.com/v1/Widget');
      const crds = tmpDir();
      writeFiles(crds, {
        'widget.yaml': stringify({
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: 'widgets.example.com' },
          spec: {
            group: 'example.com',
            scope: 'Namespaced',
            names: { kind: 'Widget', plural: 'widgets' },
            versions: [
              { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } },
            ],
          },
        }),
      });
      const checked = await pavedInProcess(['validate', tree, '--schemas', crds]);
      expect(checked.code).toBe(1);
      expect(checked.stdout).toContain('spec.colour: unknown field "colour" (the schema declares size)');
    });

    test('--format json prints the report for machines', async () => {
      const r = await pavedInProcess(['validate', 'gitops', '--format', 'json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ errors: 0, objects: OBJECTS, checkedByKind: REPORT.checkedByKind });
    });

    test('--render checks the pod specs KubeVela will create', () => {
      const tree = copyOfTree();
      // a webservice without resources: the rendered container has no requests
      edit(path.join(tree, 'prod/teams/search/apps/indexer/application-indexer.yaml'), (t) =>
        t
          .replace(/\n {8}cpu: 250m/, '')
          .replace(/\n {8}memory: 1Gi/, '')
          .replace(/\n {8}limit:\n {10}cpu: 250m\n {10}memory: 1Gi/, ''),
      );
      const r = paved(['validate', tree, '--render']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('Deployment search/indexer (rendered from Application search/indexer): spec.template.spec.containers[0].resources.requests.cpu: must be set');
      expect(r.stdout).toMatch(/rendered 16 KubeVela Applications into \d+ objects/);
    });
  });

  describe('render', () => {
    // rendered once for the tests below, after validate --render has evaluated the same templates (kept in paved's cache folder)
    let r: ReturnType<typeof paved>;
    let docs: Record<string, any>[] = [];
    let prod: Record<string, any>[] = [];
    beforeAll(() => {
      r = paved(['render', 'gitops', '--app', 'my-app']);
      docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Record<string, any>);
      prod = docs.filter((d) => d.metadata.namespace === 'payments');
    });

    test('renders the example app into a Deployment, a Service, an Ingress and its release Job per environment, and a PodDisruptionBudget in production', () => {
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('rendered 2 Applications into 9 objects');
      expect(prod.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual([
        'Deployment/my-app',
        'Deployment/my-app',
        'Ingress/my-app',
        'Ingress/my-app',
        'Job/my-app-release-1',
        'Job/my-app-release-1',
        'PodDisruptionBudget/my-app',
        'Service/my-app',
        'Service/my-app',
      ]);
    });

    test('the Deployment\'s pod spec passes Pod Security "restricted", with requests and limits', () => {
      for (const d of docs.filter((x) => x.kind === 'Deployment')) {
        expect(checkRestrictedPodSpec(d.spec.template.spec, 'spec.template.spec')).toEqual([]);
        expect(d.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '100m', memory: '128Mi' } });
        expect(d.spec.template.spec.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      }
    });

    test("the gateway routes the domain to the Service on the app's port", () => {
      const hosts = docs
        .filter((d) => d.kind === 'Ingress')
        .map((d) => d.spec.rules[0].host)
        .sort();
      expect(hosts).toEqual(['my-app.payments.example.com', 'my-app.staging.payments.example.com']);
      const ingress = docs.find((d) => d.kind === 'Ingress');
      expect(ingress?.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'my-app', port: { number: 8080 } } });
      expect(ingress?.spec.ingressClassName).toBe('alb');
      // HTTPS for exactly that host: the load balancer finds the ACM certificate by the TLS hosts, and opens HTTP (redirected) and HTTPS
      expect(ingress?.spec.tls).toEqual([{ hosts: [ingress?.spec.rules[0].host], secretName: 'tls-from-acm' }]);
      expect(ingress?.metadata.annotations).toEqual({
        'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]',
        'alb.ingress.kubernetes.io/healthcheck-path': '/',
        'alb.ingress.kubernetes.io/success-codes': '200-499',
        'alb.ingress.kubernetes.io/target-group-attributes': 'deregistration_delay.timeout_seconds=30',
      });
      expect(ingress?.spec.rules[0].http.paths[0].pathType).toBe('Prefix');
      expect(docs.find((d) => d.kind === 'Service')?.spec.ports).toEqual([{ name: 'port-8080', port: 8080, targetPort: 8080 }]);
    });

    test('reports a definition it cannot render, and exits 1', () => {
      const tree = copyOfTree();
      edit(path.join(tree, 'prod/teams/search/apps/indexer/application-indexer.yaml'), (t) => t.replace('type: webservice', 'type: helmchart'));
      const bad = paved(['render', tree, '--app', 'indexer']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(
        'cannot render Application search/indexer (prod/teams/search/apps/indexer/application-indexer.yaml): spec.components[0].type: cannot render component type "helmchart": no ComponentDefinition with a CUE template',
      );
    });

    test('an unknown --app exits 1', async () => {
      expect((await pavedInProcess(['render', 'gitops', '--app', 'nope'])).code).toBe(1);
    });
  });

  describe('diff', () => {
    test('no change: exit 0', async () => {
      const r = await pavedInProcess(['diff', 'gitops', '--base-dir', copyOfTree()]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`0 added, 0 removed, 0 changed (${TREE_OBJECTS} → ${TREE_OBJECTS} objects)`);
    });

    test('an app added, an image bumped, a database removed: exit 1, the database first under "needs review"', async () => {
      const base = copyOfTree();
      writeFiles(base, {
        'prod/teams/payments/apps/my-app/postgresqlinstance-my-db.yaml': stringify({
          apiVersion: 'db.example.com/v1alpha1',
          kind: 'PostgreSQLInstance',
          metadata: { name: 'my-db', namespace: 'payments' },
          spec: { parameters: { storageGB: 10 } },
        }),
      });
      const head = copyOfTree();
      edit(path.join(head, 'prod/teams/payments/apps/my-app/application-my-app.yaml'), (t) => t.replaceAll(MY_APP_IMAGE, MY_APP_NEXT));
      fs.mkdirSync(path.join(head, 'prod/teams/search/apps/search-web'), { recursive: true });
      fs.copyFileSync(path.join(head, 'prod/teams/search/apps/search-api/application-search-api.yaml'), path.join(head, 'prod/teams/search/apps/search-web/application-search-api.yaml'));
      edit(path.join(head, 'prod/teams/search/apps/search-web/application-search-api.yaml'), (t) => t.replace(/search-api/g, 'search-web'));
      const r = await pavedInProcess(['diff', head, '--base-dir', base]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('1 added, 1 removed, 1 changed');
      const review = r.stdout.indexOf('NEEDS REVIEW');
      expect(review).toBeGreaterThan(-1);
      expect(r.stdout).toContain(
        '! [prod] PostgreSQLInstance payments/my-db: deleted: Argo CD prunes it, and the data it owns is deleted with it  (prod/teams/payments/apps/my-app/postgresqlinstance-my-db.yaml)',
      );
      expect(r.stdout).toContain('+ [prod] Application search/search-web');
      expect(r.stdout).toContain(`spec.components[name=my-app].properties.image: "${MY_APP_IMAGE}" → "${MY_APP_NEXT}"`);
      expect(review).toBeLessThan(r.stdout.indexOf('ADDED'));
      const json = JSON.parse((await pavedInProcess(['diff', head, '--base-dir', base, '--format', 'json'])).stdout);
      expect(json.summary).toEqual({ added: 1, removed: 1, changed: 1, baseObjects: TREE_OBJECTS + 1, headObjects: TREE_OBJECTS + 1, files: { added: 0, removed: 0, changed: 0 } });
      // the new app (a copy of search-api) is reviewed by what it means: the host it serves, who may call it, what it calls, what it asks for
      const newApp = { environment: 'prod', object: 'Application search/search-web', file: 'prod/teams/search/apps/search-web/application-search-api.yaml' };
      expect(json.needsReview).toEqual([
        expect.objectContaining({ environment: 'prod', object: 'PostgreSQLInstance payments/my-db', file: 'prod/teams/payments/apps/my-app/postgresqlinstance-my-db.yaml' }),
        { ...newApp, reason: 'may now be called by team payments' },
        { ...newApp, reason: 'now calls search/indexer' },
        { ...newApp, reason: 'serves a new public host: api.search.example.com' },
        { ...newApp, reason: 'asks for more of its namespace at most (pods, requests): 0 pods, 0 CPU, 0 GiB → 2 pods, 0.2 CPU, 0.25 GiB' },
      ]);
      const md = (await pavedInProcess(['diff', head, '--base-dir', base, '--format', 'markdown'])).stdout;
      expect(md).toContain('#### :warning: Needs review (5)');
    });

    test('compares with a Git revision (default HEAD), and flags access changes and images from another repository', async () => {
      const repo = tmpDir();
      fs.cpSync(GITOPS, path.join(repo, 'gitops'), { recursive: true });
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], { cwd: repo, encoding: 'utf8', ...PROCESS_LIMITS });
      git('init', '-q');
      git('add', '.');
      git('commit', '-qm', 'base');
      edit(path.join(repo, 'gitops/staging/teams/payments/tenant/namespaces/payments/secretstore-aws-secretsmanager.yaml'), (t) => t.replace('region: eu-west-1', 'region: us-east-1'));
      edit(path.join(repo, 'gitops/staging/teams/payments/apps/my-app/application-my-app.yaml'), (t) => t.replaceAll(MY_APP_IMAGE, 'evil.example.net/my-app:1.0.0'));
      const r = paved(['diff', 'gitops'], repo);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('! [staging] SecretStore payments/aws-secretsmanager: changed: changes access or limits');
      // a new registry, a digest given up for a tag, and an image the tree's org refuses in staging (its registries)
      const app = '! [staging] Application payments/my-app: ';
      const change = `"${MY_APP_IMAGE}" → "evil.example.net/my-app:1.0.0" at spec.components[name=my-app].properties.image`;
      expect(r.stdout).toContain(`${app}image from a registry the app did not pull from before: registry.example.com → evil.example.net (${change})`);
      expect(r.stdout).toContain(`${app}image no longer pinned by digest: ${change}: a tag can be moved to other content, a digest cannot`);
      expect(r.stdout).toContain(`${app}image the environment's policy refuses: ${change}: an image from registry.example.com/ (environment staging)`);
      expect((await pavedInProcess(['diff', 'gitops', '--base', 'nope'], repo)).code).toBe(2);
    });

    test('--rendered also compares what KubeVela will create', () => {
      const head = copyOfTree();
      edit(path.join(head, 'prod/teams/payments/apps/my-app/application-my-app.yaml'), (t) => t.replace('replicas: 2', 'replicas: 3'));
      const r = paved(['diff', head, '--base-dir', GITOPS, '--rendered']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('~ [prod] Deployment payments/my-app');
      expect(r.stdout).toContain('spec.replicas: 2 → 3');
    });
  });

  describe('check', () => {
    test('passes when the committed tree is what synth writes', () => {
      const r = paved(['check', ...DEFINITION]);
      expect(r.stdout).toContain('paved check: gitops is up to date');
      expect(r.code).toBe(0);
    }, 60_000);

    test('fails, listing the files, when the tree drifted', async () => {
      const tree = copyOfTree();
      edit(path.join(tree, 'prod/teams/payments/tenant/namespaces/payments/namespace-payments.yaml'), (t) => t.replace('enforce: restricted', 'enforce: privileged'));
      fs.rmSync(path.join(tree, 'staging/teams/search/apps/indexer/application-indexer.yaml'));
      const r = await pavedInProcess(['check', ...DEFINITION, '--out', tree]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('+ staging/teams/search/apps/indexer/application-indexer.yaml');
      expect(r.stdout).toContain('~ prod/teams/payments/tenant/namespaces/payments/namespace-payments.yaml');
    }, 60_000);
  });
});
