import * as fs from 'fs';
import { PavedValidationError, PropChecker } from '../private/problems';
import { isDns1123Label, isDnsName, isInZone, isSecretPrefix } from '../private/names';
import { Environment, EnvironmentProps } from './environment';
import { Team, TeamProps } from './team';

/** The organisation: its environments and teams, as plain data. */
export interface OrgProps {
  /** The organisation's name, an RFC 1123 label; it prefixes cluster names. */
  readonly name: string;

  /** The environments, each one cluster (at least one). */
  readonly environments: readonly EnvironmentProps[];

  /** The teams (zero or more). */
  readonly teams: readonly TeamProps[];
}

/** Namespaces the platform itself uses; no team may take one. */
export const RESERVED_NAMESPACES: readonly string[] = [
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'argocd',
  'crossplane-system',
  'external-secrets',
  'vela-system',
  'ingress-nginx',
];

/** The longest IAM role name AWS accepts. */
const IAM_ROLE_NAME_MAX = 64;

/**
 * The validated organisation model, read by both the Kubernetes and the cloud side.
 *
 * Construction checks every environment and team and throws one
 * {@link PavedValidationError} listing all problems.
 */
export class Org {
  /** The organisation's name. */
  public readonly name: string;
  /** The environments, in the order given. */
  public readonly environments: readonly Environment[];
  /** The teams, in the order given. */
  public readonly teams: readonly Team[];

  /** Reads an org published as JSON (see {@link toJSON}), e.g. by the platform's synth. */
  public static fromFile(file: string): Org {
    let props: OrgProps;
    try {
      props = JSON.parse(fs.readFileSync(file, 'utf8')) as OrgProps;
    } catch (e) {
      throw new PavedValidationError([{ path: file, prop: 'org', value: file, allowed: `a readable JSON org definition (${e instanceof Error ? e.message : String(e)})` }]);
    }
    return new Org(props);
  }

  private readonly props: OrgProps;

  constructor(props: OrgProps) {
    const check = new PropChecker('org');
    check.check(isDns1123Label(props.name, 40), 'name', props.name, 'an RFC 1123 label of at most 40 characters (lower-case letters, digits and "-")');
    check.check(props.environments.length > 0, 'environments', props.environments, 'at least one environment');

    const envNames = new Set<string>();
    props.environments.forEach((e, i) => {
      const at = `environments[${i}]`;
      if (check.check(isDns1123Label(e.name, 20), `${at}.name`, e.name, 'an RFC 1123 label of at most 20 characters')) {
        check.check(!envNames.has(e.name), `${at}.name`, e.name, 'a name no other environment has');
        envNames.add(e.name);
      }
      check.check(/^[0-9]{12}$/.test(e.awsAccountId), `${at}.awsAccountId`, e.awsAccountId, 'a 12-digit AWS account id');
      check.check(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$/.test(e.awsRegion), `${at}.awsRegion`, e.awsRegion, 'an AWS region such as "eu-west-1"');
      if (e.clusterName !== undefined) {
        check.check(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(e.clusterName), `${at}.clusterName`, e.clusterName, 'an EKS cluster name: letters, digits, "-" and "_", starting with a letter or digit, at most 100 characters');
      }
      if (e.ingressClass !== undefined) {
        check.check(isDns1123Label(e.ingressClass), `${at}.ingressClass`, e.ingressClass, 'an RFC 1123 label');
      }
    });

    const teamNames = new Set<string>();
    props.teams.forEach((t, i) => {
      const at = `teams[${i}]`;
      if (check.check(isDns1123Label(t.name), `${at}.name`, t.name, 'an RFC 1123 label (lower-case letters, digits and "-", at most 63 characters)')) {
        check.check(!RESERVED_NAMESPACES.includes(t.name), `${at}.name`, t.name, `a name that is not a reserved namespace (${RESERVED_NAMESPACES.join(', ')})`);
        check.check(!teamNames.has(t.name), `${at}.name`, t.name, 'a name no other team has');
        teamNames.add(t.name);
      }
      check.check(t.ownerGroup.trim().length > 0 && t.ownerGroup.trim() === t.ownerGroup, `${at}.ownerGroup`, t.ownerGroup, 'a non-empty group name without surrounding spaces');
      check.check(isDnsName(t.zone), `${at}.zone`, t.zone, 'a DNS zone of lower-case RFC 1123 labels, e.g. "payments.example.com"');
      if (t.appsRepository !== undefined) {
        check.check(/^(https:\/\/|ssh:\/\/|git@)\S+$/.test(t.appsRepository), `${at}.appsRepository`, t.appsRepository, 'a Git URL (https://, ssh:// or git@)');
      }
      check.check(isSecretPrefix(t.secretPrefix), `${at}.secretPrefix`, t.secretPrefix, 'a Secrets Manager path ending in "/", e.g. "teams/payments/"');
      props.teams.slice(0, i).forEach((other, j) => {
        if (isInZone(t.zone, other.zone) || isInZone(other.zone, t.zone)) {
          check.fail(`${at}.zone`, t.zone, `a zone that does not overlap teams[${j}] (${other.name}) zone "${other.zone}"`);
        }
        if (t.secretPrefix.startsWith(other.secretPrefix) || other.secretPrefix.startsWith(t.secretPrefix)) {
          check.fail(`${at}.secretPrefix`, t.secretPrefix, `a prefix that does not overlap teams[${j}] (${other.name}) prefix "${other.secretPrefix}"`);
        }
      });
    });

    this.props = props;
    this.name = props.name;
    this.environments = Object.freeze(props.environments.map((e) => new Environment(e, props.name)));
    this.teams = Object.freeze(props.teams.map((t) => new Team(t)));

    // derived names must fit AWS limits
    for (const env of this.environments) {
      for (const team of this.teams) {
        const role = env.teamSecretsRoleName(team);
        check.check(role.length <= IAM_ROLE_NAME_MAX, `teams[${this.teams.indexOf(team)}].name`, team.name,
          `a name short enough that the IAM role "${role}" of environment ${env.name} fits ${IAM_ROLE_NAME_MAX} characters`);
      }
    }
    check.throwIfAny();
  }

  /** The org as plain data, to publish for team repositories. */
  public toJSON(): OrgProps {
    return JSON.parse(JSON.stringify(this.props)) as OrgProps;
  }

  /** The environment of that name; throws when there is none. */
  public environment(name: string): Environment {
    const env = this.environments.find((e) => e.name === name);
    if (!env) throw new PavedValidationError([{ path: 'org', prop: 'environment', value: name, allowed: `one of ${this.environments.map((e) => e.name).join(', ')}` }]);
    return env;
  }

  /** The team of that name; throws when there is none. */
  public team(name: string): Team {
    const team = this.teams.find((t) => t.name === name);
    if (!team) throw new PavedValidationError([{ path: 'org', prop: 'team', value: name, allowed: `one of ${this.teams.map((t) => t.name).join(', ')}` }]);
    return team;
  }
}
