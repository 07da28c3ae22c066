import { AppConstruct, type AppDefinition, Org, type OrgProps, type PlatformEnvironment, PlatformServices, buildGitOps } from '../../../lib';
import { ORG_PROPS, errorOf, minimalPlatform } from '../../util';

const VERSIONS = { providerVersion: 'v2.6.0', patchAndTransformVersion: 'v0.10.8', environmentConfigsVersion: 'v0.7.1' };
const platform = (env: PlatformEnvironment) => {
  minimalPlatform(env);
  new PlatformServices(env, 'Services', VERSIONS);
};

describe('names paved derives are unique across the org; a clash names both owners', () => {
  test("team a's app b-c and team a-b's app c would share the S3 bucket test-prod-a-b-c-data: refused", () => {
    const props: OrgProps = {
      ...ORG_PROPS,
      teams: [
        { name: 'a', ownerGroup: 'a', zone: 'a.example.com', secretPrefix: 'teams/a/' },
        { name: 'a-b', ownerGroup: 'a-b', zone: 'a-b.example.com', secretPrefix: 'teams/a-b/' },
      ],
    };
    const app =
      (name: string): AppDefinition =>
      (scope) =>
        new AppConstruct(scope, name, { team: scope.team, image: `${name}:1`, port: 8080, buckets: [{ name: 'data', expectedSizeGB: 10 }] });
    const result = buildGitOps({
      org: new Org(props),
      apps: [
        { team: 'a', apps: [app('b-c')] },
        { team: 'a-b', apps: [app('c')] },
      ],
      platform,
      environments: ['prod'],
    });
    expect(result.files.size).toBe(0);
    expect(result.errors.join('\n')).toContain(
      'error [duplicate] prod/teams/a/apps/b-c/objectbucket-b-c-data.yaml: ObjectBucket a/b-c-data: metadata.name: its S3 bucket would be named <org>-prod-a-b-c-data, as the bucket of ObjectBucket a-b/c-data of team a-b (prod/teams/a-b/apps/c/objectbucket-c-data.yaml): S3 bucket names are global',
    );
  });

  test("a team named after a platform role (its secret store's IAM role would be the platform's) is refused, naming both", () => {
    const props: OrgProps = { ...ORG_PROPS, teams: [...ORG_PROPS.teams, { name: 'platform', ownerGroup: 'p', zone: 'p.example.com', secretPrefix: 'teams/platform/' }] };
    expect(errorOf(() => new Org(props))).toContain(
      'org: teams[2].name = "platform" is not allowed: a name whose IAM role "test-staging-eso-platform" (team platform\'s secret store in environment staging) does not clash with environment staging\'s platform secret store\'s in AWS account 111111111111',
    );
  });

  test('two environments in one AWS account with one cluster name are refused: every role would clash', () => {
    const props: OrgProps = { ...ORG_PROPS, environments: ORG_PROPS.environments.map((e) => ({ ...e, awsAccountId: '111111111111', clusterName: 'shared' })) };
    expect(errorOf(() => new Org(props))).toContain(
      'org: environments[1].clusterName = "shared" is not allowed: a name whose IAM role "shared-eks-cluster" (environment prod\'s EKS control plane) does not clash with environment staging\'s EKS control plane\'s in AWS account 111111111111',
    );
  });
});
