import { ApiObject } from 'cdk8s';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { AppConstruct, type AppDefinition, Org, type OrgProps, type PlatformEnvironment, PlatformServices, buildGitOps, loadManifests, synthGitOps } from '../../../lib';
import { teamUsageFindings } from '../../../lib/k8s/team-limits';
import type { ManifestObject } from '../../../lib/validate/findings';
import { readManifestObjects } from '../../../lib/validate/manifests';
import { ORG_PROPS, minimalPlatform, teamScopes } from '../../util';

const VERSIONS = { providerVersion: 'v2.6.0', patchAndTransformVersion: 'v0.10.8', environmentConfigsVersion: 'v0.7.1' };
const platform = (env: PlatformEnvironment) => {
  minimalPlatform(env);
  new PlatformServices(env, 'Services', VERSIONS);
};

/** Team search defines its apps in its own repository and proposes them as files; 400 USD a month, 20 pods in prod. */
const PROPS: OrgProps = {
  ...ORG_PROPS,
  teams: [
    ORG_PROPS.teams[0],
    {
      ...ORG_PROPS.teams[1],
      appsRepository: 'https://github.com/example/search.git',
      monthlyBudgetUsd: 400,
      quotas: { prod: { requestsCpu: '4', requestsMemory: '8Gi', limitsCpu: '8', limitsMemory: '16Gi', pods: 20 } },
    },
  ],
};
const org = new Org(PROPS);

const DB_FILE = 'prod/teams/search/apps/indexer/postgresqlinstance-indexer-db.yaml';
const APP_FILE = 'prod/teams/search/apps/indexer/application-indexer.yaml';
const COST = 'paved.dev/monthly-cost-usd';

/** A proposed claim, with the cost annotation a team wrote (or none). */
function claim(file: string, kind: 'PostgreSQLInstance' | 'ObjectBucket', parameters: Record<string, unknown>, annotation?: unknown): ManifestObject {
  const name = path.basename(file, '.yaml').replace(/^[a-z]+-/, '');
  return {
    file,
    object: {
      apiVersion: kind === 'PostgreSQLInstance' ? 'db.example.com/v1alpha1' : 'storage.example.com/v1alpha1',
      kind,
      metadata: { name, namespace: 'search', ...(annotation !== undefined ? { annotations: { [COST]: annotation } } : {}) },
      spec: kind === 'PostgreSQLInstance' ? { parameters, writeConnectionSecretToRef: { name: `${name}-conn` } } : { parameters },
    },
  };
}

/** A large production database (525.56 USD a month, Multi-AZ), declared as the team likes. */
const bigDatabase = (annotation?: unknown) => claim(DB_FILE, 'PostgreSQLInstance', { size: 'large', storageGB: 1000 }, annotation);

interface Trait {
  type: string;
  properties: Record<string, unknown>;
}
interface Component {
  properties: Record<string, unknown>;
  traits: Trait[];
}

/** The Application AppConstruct writes for search's indexer in prod, with its traits edited as a team could. */
function proposedApplication(edit: (components: Component[]) => void, props: Partial<ConstructorParameters<typeof AppConstruct>[2]> = {}): ManifestObject {
  const { scope } = teamScopes('prod');
  const search = scope('search');
  const built = new AppConstruct(search, 'indexer', { team: search.team, image: 'search/indexer:1.0', port: 8080, resources: { cpu: '100m', memory: '128Mi' }, ...props });
  const application = built.node
    .findAll()
    .filter(ApiObject.isApiObject)
    .map((o) => o.toJson() as { kind: string; spec: { components: Component[] } })
    .find((o) => o.kind === 'Application');
  if (!application) throw new Error('AppConstruct wrote no Application');
  edit(application.spec.components);
  return { file: APP_FILE, object: application };
}
const scaler = (component: Component): Trait => {
  const found = component.traits.find((t) => t.type === 'scaler');
  if (!found) throw new Error('no scaler');
  return found;
};

const validate = (objects: readonly ManifestObject[]) => teamUsageFindings(org, objects, 'org.json').map((f) => `${f.file}: ${f.object}: ${f.field}: ${f.message}`);

const BUDGET =
  'org.json: Team search: monthlyBudgetUsd: 400 is not allowed: at least the estimated monthly cost of what team search asks for across its environments, 525.56 USD (prod 525.56; costliest: prod search/indexer-db (PostgreSQLInstance, prod/teams/search/apps/indexer/postgresqlinstance-indexer-db.yaml) 525.56), or fewer or smaller resources';
const annotationError = (value: string) =>
  `${DB_FILE}: PostgreSQLInstance search/indexer-db: metadata.annotations.paved.dev/monthly-cost-usd: ${value} is not allowed: the claim's price from its parameters, "525.56" (USD a month: db.m7g.large, Multi-AZ, 1000 GB), or no annotation (paved prices every claim from its parameters)`;

describe('paved validate with the org: budgets from the claims priced, never from their annotation', () => {
  test('a proposed production database declared free is over the budget, and its annotation is an error naming the file, the value and the price', () => {
    expect(validate([bigDatabase('0.00')])).toEqual([annotationError('"0.00"'), BUDGET]);
  });

  test.each([
    ['negative', '-525.56'],
    ['not a number', 'free'],
    ['a number, not a string', 0],
    ['empty', ''],
  ])('a cost annotation that is %s is an error, and the budget is counted from the parameters', (_, value) => {
    expect(validate([bigDatabase(value)])).toEqual([annotationError(JSON.stringify(value)), BUDGET]);
  });

  test('without an annotation the database is priced all the same', () => {
    expect(validate([bigDatabase()])).toEqual([BUDGET]);
  });

  test('the right annotation is accepted, and a team within its budget has no finding', () => {
    expect(validate([bigDatabase('525.56')])).toEqual([BUDGET]);
    expect(validate([claim(DB_FILE, 'PostgreSQLInstance', { size: 'small', storageGB: 20 }, '57.64')])).toEqual([]);
  });

  test('a bucket declared tiny but sized large, in staging, counts at its size; the sum names every environment', () => {
    const bucket = claim('staging/teams/search/apps/indexer/objectbucket-indexer-media.yaml', 'ObjectBucket', { expectedSizeGB: 20000 }, '0.23');
    const small = claim(DB_FILE, 'PostgreSQLInstance', { storageGB: 20 });
    expect(validate([bucket, small])).toEqual([
      'staging/teams/search/apps/indexer/objectbucket-indexer-media.yaml: ObjectBucket search/indexer-media: metadata.annotations.paved.dev/monthly-cost-usd: "0.23" is not allowed: the claim\'s price from its parameters, "460.00" (USD a month: S3 Standard, 20000 GB), or no annotation (paved prices every claim from its parameters)',
      'org.json: Team search: monthlyBudgetUsd: 400 is not allowed: at least the estimated monthly cost of what team search asks for across its environments, 517.64 USD (staging 460.00, prod 57.64; costliest: staging search/indexer-media (ObjectBucket, staging/teams/search/apps/indexer/objectbucket-indexer-media.yaml) 460.00, prod search/indexer-db (PostgreSQLInstance, prod/teams/search/apps/indexer/postgresqlinstance-indexer-db.yaml) 57.64), or fewer or smaller resources',
    ]);
  });

  test("a claim outside the environment's governance is an error on its file, and does not lower the total", () => {
    const negative = claim('prod/teams/search/apps/indexer/postgresqlinstance-indexer-neg.yaml', 'PostgreSQLInstance', { size: 'small', storageGB: -100000 }, '-12000.00');
    expect(validate([bigDatabase(), negative])).toEqual([
      'prod/teams/search/apps/indexer/postgresqlinstance-indexer-neg.yaml: PostgreSQLInstance search/indexer-neg: spec.parameters.storageGB: -100000 is not allowed: an integer from 20 to 1000 (GB, environment prod)',
      BUDGET,
    ]);
  });
});

describe('paved validate with the org: quotas from the pods the proposed Applications ask for', () => {
  const pods = (n: string, list: string) =>
    `org.json: Team search: quotas.prod.pods: 20 is not allowed: at least what the apps in namespace search ask for, ${n} (${list}), or fewer replicas or resources for them`;

  test('the Application as AppConstruct writes it fits', () => {
    expect(validate([proposedApplication(() => undefined)])).toEqual([]);
  });

  test('replicas raised in the file: over the pods quota, naming the file', () => {
    const findings = validate([proposedApplication(([web]) => (scaler(web).properties.replicas = 25))]);
    expect(findings).toContain(pods('25', `indexer (${APP_FILE}) 25`));
  });

  test('an autoscaler whose minimum alone is over the quota, and one whose maximum is', () => {
    const hpa = (min: number, max: number) => (components: Component[]) => {
      components[0].traits = components[0].traits.filter((t) => t.type !== 'scaler').concat({ type: 'hpa', properties: { min, max } });
    };
    expect(validate([proposedApplication(hpa(21, 21))])).toContain(pods('21', `indexer (${APP_FILE}) 21`));
    expect(validate([proposedApplication(hpa(2, 40))])).toContain(pods('40', `indexer (${APP_FILE}) 40`));
  });

  test("workers' replicas count with the web process's, at the workers' own requests", () => {
    const findings = validate([
      proposedApplication(
        (components) => {
          scaler(components[1]).properties.replicas = 19;
          components[1].properties.cpu = '300m';
        },
        { workers: [{ name: 'crawl', command: ['crawl'] }], replicas: 2 },
      ),
    ]);
    expect(findings).toEqual([
      // 2 × 100m + 19 × 300m
      `org.json: Team search: quotas.prod.requestsCpu: "4" is not allowed: at least what the apps in namespace search ask for, 5900m (indexer (${APP_FILE}) 5900m), or fewer replicas or resources for them`,
      pods('21', `indexer (${APP_FILE}) 21`),
    ]);
  });

  test('a count that cannot be read is an error on the file, naming the field and what is allowed', () => {
    expect(validate([proposedApplication(([web]) => (scaler(web).properties.replicas = '25'))])).toEqual([
      `${APP_FILE}: Application search/indexer: spec.components[0].traits[0].properties.replicas: "25" is not allowed: a whole number of pods (0 or more)`,
    ]);
  });
});

describe('the example tree', () => {
  test('keeps to its budgets and quotas, counted from its files as the synth counted them', () => {
    const root = path.join(__dirname, '..', '..', '..', 'gitops');
    const example = Org.fromFile(path.join(root, 'org.json'));
    const { objects } = loadManifests(root);
    expect(teamUsageFindings(example, objects, 'org.json')).toEqual([]);
  });

  test('the files a synth writes are priced as the synth priced them: the same total on both sides', () => {
    const withBudget = (usd: number) => new Org({ ...ORG_PROPS, teams: [{ ...ORG_PROPS.teams[0], monthlyBudgetUsd: usd }, ORG_PROPS.teams[1]] });
    const orders: AppDefinition = (s) =>
      new AppConstruct(s, 'orders', { team: s.team, image: 'o:1', port: 80, database: { size: 'medium', storageGB: 40 }, buckets: [{ name: 'invoices', expectedSizeGB: 300 }] });
    const total = (text: string) => /across its environments, ([0-9.]+) USD/.exec(text)?.[1];
    const refused = buildGitOps({ org: withBudget(1), apps: [{ team: 'payments', apps: [orders] }], platform });
    const written = buildGitOps({ org: withBudget(10000), apps: [{ team: 'payments', apps: [orders] }], platform });
    expect(written.errors).toEqual([]);
    const objects = [...written.files].filter(([file]) => file.endsWith('.yaml')).flatMap(([file, text]) => readManifestObjects(file, text));
    const findings = teamUsageFindings(withBudget(1), objects, 'org.json');
    expect(findings).toHaveLength(1);
    expect(total(refused.errors.join('\n'))).toBe('186.72');
    expect(total(findings[0].message)).toBe(total(refused.errors.join('\n')));
  });
});

describe('the synth: files a team repository proposes count as the apps built here', () => {
  const build = (existing: readonly ManifestObject[]) => buildGitOps({ org, apps: [], platform, existing });
  const PER_ENV =
    'prod/search: monthlyBudgetUsd = 400 is not allowed: at least the estimated monthly cost of what team search asks for in prod, 525.56 USD (search/indexer-db (PostgreSQLInstance, prod/teams/search/apps/indexer/postgresqlinstance-indexer-db.yaml) 525.56), or fewer or smaller resources';
  const ACROSS =
    'org: teams[1].monthlyBudgetUsd = 400 is not allowed: at least the estimated monthly cost of what team search asks for across its environments, 525.56 USD (prod 525.56; costliest: prod search/indexer-db (PostgreSQLInstance, prod/teams/search/apps/indexer/postgresqlinstance-indexer-db.yaml) 525.56), or fewer or smaller resources';

  test('a kept production database declared free: its annotation, and the budget in prod and across environments, are errors', () => {
    const errors = build([bigDatabase('0.00')]).errors;
    expect(errors).toEqual(expect.arrayContaining([annotationError('"0.00"'), PER_ENV, ACROSS]));
  });

  test('without an annotation, or with the right one, the budget is still counted', () => {
    for (const annotation of [undefined, '525.56']) {
      const errors = build([bigDatabase(annotation)]).errors;
      expect(errors).toEqual(expect.arrayContaining([PER_ENV, ACROSS]));
      expect(errors.join('\n')).not.toContain('monthly-cost-usd');
    }
    expect(build([claim(DB_FILE, 'PostgreSQLInstance', { size: 'small', storageGB: 20 })]).errors).toEqual([]);
  });

  test("kept Applications count in the namespace's quota: over it only by the file's replicas", () => {
    // (a proposal carries its catalog entry too: without it the validator says so, which is not what this is about)
    expect(build([proposedApplication(() => undefined)]).errors.join('\n')).not.toContain('quotas.');
    const errors = build([proposedApplication(([web]) => (scaler(web).properties.replicas = 25))]).errors;
    expect(errors).toContain(
      `prod/search: quotas.prod.pods = 20 is not allowed: at least what the apps in namespace search ask for, 25 (indexer (${APP_FILE}) 25), or fewer replicas or resources for them`,
    );
  });

  test('a refused synth writes nothing: the tree is byte for byte what it was', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'paved-limits-')), 'gitops');
    try {
      expect(synthGitOps({ org, apps: [], platform, outDir: out }).written).toBe(true);
      const proposal = [bigDatabase('0.00'), proposedApplication(([web]) => (scaler(web).properties.replicas = 25))];
      for (const m of proposal) {
        fs.mkdirSync(path.dirname(path.join(out, m.file)), { recursive: true });
        fs.writeFileSync(path.join(out, m.file), stringify(m.object));
      }
      const before = snapshot(out);
      const result = synthGitOps({ org, apps: [], platform, outDir: out });
      expect(result.written).toBe(false);
      expect(result.errors).toEqual(expect.arrayContaining([annotationError('"0.00"'), PER_ENV, ACROSS]));
      expect(result.errors.join('\n')).toContain('quotas.prod.pods = 20 is not allowed');
      expect(snapshot(out)).toEqual(before);
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });
});

/** Every file below a folder, with its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out[path.relative(dir, path.join(e.parentPath, e.name))] = fs.readFileSync(path.join(e.parentPath, e.name), 'base64');
  }
  return out;
}
