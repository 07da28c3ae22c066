/**
 * The tenant boundary's cost: every object of the tree is rendered a fixed
 * number of times however many app definitions run (a watch compares them
 * once, after all of an environment's definitions); the definition-by-definition
 * comparison, which names who changed what, runs only when the watch saw a change.
 */
import { ApiObject } from 'cdk8s';
import { AppConstruct, type AppDefinition, Org, buildGitOps } from '../../../lib';
import { ORG_PROPS, minimalPlatform } from '../../util';

/** How many times objects are rendered while `work` runs. */
function renders(work: () => void): number {
  const original = ApiObject.prototype.toJson;
  let count = 0;
  ApiObject.prototype.toJson = function (this: ApiObject) {
    count++;
    return original.call(this);
  };
  try {
    work();
  } finally {
    ApiObject.prototype.toJson = original;
  }
  return count;
}

const apps = (n: number): AppDefinition[] =>
  Array.from({ length: n }, (_, i) => (scope) => new AppConstruct(scope, `app-${i}`, { team: scope.team, image: `app-${i}:1.0`, port: 8080, replicas: 2, resources: { cpu: '10m', memory: '16Mi' } }));
const build = (definitions: AppDefinition[]) => buildGitOps({ org: new Org(ORG_PROPS), apps: [{ team: 'payments', apps: definitions }], platform: minimalPlatform, environments: ['prod'] });

describe('the tenant boundary grows with the tree, not with the tree times the definitions', () => {
  test('4 times the apps: under 2.5 times the renders (170 to 320; compared after every definition it was 271 to 1,321)', () => {
    let small = 0;
    let large = 0;
    // (the first build also renders what loads once)
    expect(renders(() => (small = build(apps(5)).errors.length))).toBeGreaterThan(0);
    const few = renders(() => build(apps(5)));
    const many = renders(() => (large = build(apps(20)).errors.length));
    expect([small, large]).toEqual([0, 0]);
    expect(many / few).toBeLessThan(2.5);
  });

  test('a change the watch sees is named by the definition that made it, on a build done again', () => {
    const relabel: AppDefinition = function relabel(scope) {
      const web = scope.node.tryFindChild('app-3') as AppConstruct;
      web.node.findAll().filter(ApiObject.isApiObject)[0].metadata.addLabel('owner', 'someone-else');
    };
    const { errors } = build([...apps(5), relabel]);
    expect(errors).toEqual([expect.stringMatching(/^prod\/payments\/app-3\/.+: app definition relabel \(team payments\) changed .+, which it does not own/)]);
  });

  test('a definition that changes another object only the first time it runs is refused, said as such', () => {
    let runs = 0;
    const sometimes: AppDefinition = function sometimes(scope) {
      if (runs++ > 0) return;
      const web = scope.node.tryFindChild('app-0') as AppConstruct;
      web.node.findAll().filter(ApiObject.isApiObject)[0].metadata.addLabel('owner', 'someone-else');
    };
    expect(build([...apps(2), sometimes]).errors).toEqual([expect.stringContaining('a team definition changed an object it did not create, and a second build did not show which')]);
  });
});

describe('additions are noted as constructs attaches them, whichever copy of constructs made them', () => {
  test("a construct another team's definition hangs below one made with a second copy of constructs is found outside its scope", () => {
    let Copy: typeof import('constructs').Construct | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      Copy = (require('constructs') as typeof import('constructs')).Construct;
    });
    const Construct = Copy as typeof import('constructs').Construct;
    expect(Construct).not.toBe(jest.requireActual<typeof import('constructs')>('constructs').Construct);
    const holder: AppDefinition = function holder(scope) {
      new Construct(scope, 'Holder');
    };
    const intruder: AppDefinition = function intruder(scope) {
      const payments = scope.node.scope?.node.tryFindChild('payments');
      new Construct(payments?.node.tryFindChild('Holder') as import('constructs').Construct, 'Intruder');
    };
    const { errors } = buildGitOps({
      org: new Org(ORG_PROPS),
      apps: [
        { team: 'payments', apps: [holder] },
        { team: 'search', apps: [intruder] },
      ],
      platform: minimalPlatform,
      environments: ['prod'],
    });
    expect(errors).toEqual([
      "prod/payments/Holder/Intruder: app definition intruder (team search) created a construct outside its team's scope (prod/search): a team's definitions create only in the scope they receive",
    ]);
  });
});
