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
