import { Org, type OrgProps } from '../../../lib';
import { checkEnvironmentProps } from '../../../lib/org/environment-check';
import { checkTeamProps } from '../../../lib/org/team-check';
import { PropChecker, formatProblem } from '../../../lib/private/problems';
import { ORG_PROPS, errorOf } from '../../util';

const [STAGING, PROD] = ORG_PROPS.environments;
const [PAYMENTS, SEARCH] = ORG_PROPS.teams;

describe('an environment checks its own props', () => {
  test('reports every problem of the environment alone, at its place in the org', () => {
    // GIVEN an environment with three problems of its own
    const check = new PropChecker('org');
    // WHEN it is checked alone
    checkEnvironmentProps(check, 'environments[1]', { ...STAGING, awsAccountId: '12', availabilityZones: 1, nodeGroups: [] }, false);
    // THEN each problem names the environment's place, the prop and what is allowed
    expect(check.recorded.map(formatProblem)).toEqual([
      'org: environments[1].awsAccountId = "12" is not allowed: a 12-digit AWS account id',
      'org: environments[1].availabilityZones = 1 is not allowed: an integer from 2 to 6',
      'org: environments[1].nodeGroups = [] is not allowed: at least one node group',
    ]);
  });

  test('leaves to the org what spans environments: a name or VPC block another environment has', () => {
    const check = new PropChecker('org');
    checkEnvironmentProps(check, 'environments[1]', { ...PROD, name: 'staging', vpcCidr: STAGING.vpcCidr }, false);
    expect(check.recorded).toEqual([]);
    const message = errorOf(() => new Org({ ...ORG_PROPS, environments: [STAGING, { ...PROD, name: 'staging', vpcCidr: STAGING.vpcCidr }] }));
    expect(message).toContain('org: environments[1].name = "staging" is not allowed: a name no other environment has');
    expect(message).toContain('org: environments[1].vpcCidr = "10.1.0.0/16" is not allowed: a block that does not overlap environments[0].vpcCidr');
  });
});

describe('a team checks its own props', () => {
  test('reports every problem of the team alone, at its place in the org', () => {
    const check = new PropChecker('org');
    checkTeamProps(check, 'teams[0]', { ...PAYMENTS, ownerGroup: ' ', namespaces: ['ledger'], egress: [{ description: 'partner', cidrs: [], ports: [443] }] });
    expect(check.recorded.map(formatProblem)).toEqual([
      'org: teams[0].ownerGroup = " " is not allowed: a non-empty group name without surrounding spaces',
      'org: teams[0].namespaces[0] = "ledger" is not allowed: an RFC 1123 label that is the team\'s name or starts with "payments-"',
      'org: teams[0].egress[0].cidrs = [] is not allowed: at least one IPv4 block',
    ]);
  });

  test("leaves to the org the environments it names and what it shares with other teams, and the org reports both with the team's own problems", () => {
    const team: OrgProps['teams'][number] = {
      ...SEARCH,
      zone: 'x.payments.example.com',
      monthlyBudgetUsd: -1,
      quotas: { qa: { requestsCpu: '1', requestsMemory: '1Gi', limitsCpu: '1', limitsMemory: '1Gi', pods: 5 } },
      permissions: [{ permission: 'exec', environments: ['qa'] }],
    };
    const check = new PropChecker('org');
    checkTeamProps(check, 'teams[1]', team);
    expect(check.recorded.map(formatProblem)).toEqual(['org: teams[1].monthlyBudgetUsd = -1 is not allowed: a number of US dollars, 0 or more']);
    expect(errorOf(() => new Org({ ...ORG_PROPS, teams: [PAYMENTS, team] })).split('\n')).toEqual([
      'org: teams[1].monthlyBudgetUsd = -1 is not allowed: a number of US dollars, 0 or more',
      'org: teams[1].quotas.qa = "qa" is not allowed: an environment of the org (staging, prod)',
      'org: teams[1].permissions[0].environments[0] = "qa" is not allowed: an environment of the org (staging, prod)',
      'org: teams[1].zone = "x.payments.example.com" is not allowed: a zone that does not overlap teams[0] (payments) zone "payments.example.com"',
    ]);
  });
});
