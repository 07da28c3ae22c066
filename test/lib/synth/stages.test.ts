import { AppConstruct, type AppDefinition, Org, PlatformDefinitions, type PlatformEnvironment, buildGitOps } from '../../../lib';
import { ORG_PROPS } from '../../util';

const web = (name: string, props: Partial<ConstructorParameters<typeof AppConstruct>[2]> = {}): AppDefinition =>
  function define(scope) {
    new AppConstruct(scope, name, { team: scope.team, image: `${name}:1.0`, port: 8080, ...props });
  };

/** An app with a public route in its environment's zone. */
const front: AppDefinition = function front(scope) {
  new AppConstruct(scope, 'front', { team: scope.team, image: 'front:1.0', port: 8080, domain: `front.${scope.environment.zoneFor(scope.team)}` });
};

// no IngressClass and no external-dns: a public route is left for the validator to refuse
const bare = (env: PlatformEnvironment) => {
  new PlatformDefinitions(env, 'Definitions');
};

describe('the synth stages (lib/synth/stages/), in the order gitops.ts runs them', () => {
  test("problems come in the stages' order: the input's (load), then each environment's in turn (its apps, then its service graph), the validator's last", () => {
    // GIVEN a problem for each stage: an unknown team (load), an app that fails to construct (boundary), a call to no app (wire),
    // and a route nothing serves (validate)
    const result = buildGitOps({
      org: new Org(ORG_PROPS),
      apps: [
        { team: 'nope', apps: [] },
        { team: 'payments', apps: [web('bad', { port: 70000 }), web('shop', { calls: [{ app: 'ghost' }] }), front] },
      ],
      platform: bare,
    });
    // THEN nothing is written, and every problem is reported, in that order
    expect(result.files.size).toBe(0);
    const where = result.errors.map((e) => e.split(/: |:\n/)[0]);
    expect(where).toEqual(['apps[0]', 'staging/payments/bad', 'staging/payments/shop', 'prod/payments/bad', 'prod/payments/shop', 'the parts that built fail validation']);
    expect(result.errors[2]).toBe('staging/payments/shop: calls = "payments/ghost" is not allowed: an app that runs in environment staging (team payments has front, shop there)');
    // the validator's findings name the route of the app that built, never the app that did not construct
    const validation = result.errors[result.errors.length - 1];
    expect(validation).toContain('application-front.yaml');
    expect(validation).not.toContain('application-bad.yaml');
  });
});
