import * as fs from 'fs';
import { PavedValidationError, type Problem, PropChecker } from '../private/problems';
import { gitHostAndOwner, sameGitOwner } from '../private/git-url';
import { isDns1123Label, isInZone } from '../private/names';
import { type Cidr, cidrsOverlap } from '../private/cidr';
import { deepFreeze } from '../private/deep-freeze';
import { type GitOpsRepository, type GitOpsRepositoryProps, checkGitOpsRepository, gitOpsRepository } from './gitops-repository';
import { isAwsRegion } from './aws-regions';
import { Environment, type EnvironmentProps } from './environment';
import { checkEnvironmentProps, environmentVpc } from './environment-check';
import { Team, type TeamProps } from './team';
import { checkTeamProps } from './team-check';
import { type ImagePolicyProps, checkImagePolicyProps } from './image-policy';
import { previewTeamProblems } from './previews';

let deferring = 0;

/** The organisation: its environments and teams, as plain data. */
export interface OrgProps {
  /** The organisation's name, an RFC 1123 label; it prefixes cluster names. */
  readonly name: string;

  /** The environments, each one cluster (at least one). */
  readonly environments: readonly EnvironmentProps[];

  /** The teams (zero or more). */
  readonly teams: readonly TeamProps[];

  /**
   * The Git repository of the source (the org, the app definitions and the
   * tree pull requests carry) and where `paved publish` writes the tree Argo
   * CD follows.
   */
  readonly gitops: GitOpsRepositoryProps;

  /** Where the cloud stacks keep their Terraform state. */
  readonly terraformState: TerraformStateProps;

  /**
   * IAM role ARNs of the platform administrators: they get cluster-admin through EKS access entries.
   * @default []
   */
  readonly platformAdminRoleArns?: readonly string[];

  /**
   * Where every environment's images may come from (an environment's own
   * `images` overrides it field by field).
   * @default - any registry, tags allowed
   */
  readonly images?: ImagePolicyProps;

  /**
   * The variables of the CI job's environment that app definitions may read
   * (`process.env`), such as the tag of an image CI built. `paved synth` runs
   * the definitions in a process whose environment holds only these; every
   * other variable (the job's tokens, cloud credentials) is not there. A team
   * repository's synth allows the same ones (the org it reads lists them).
   * Names that look like credentials (containing TOKEN, SECRET, PASSWORD,
   * PASSWD, CREDENTIAL or PRIVATE, or a word KEY or AUTH, as in `API_KEY` or
   * `SSH_AUTH_SOCK`) and names that change how Node.js or paved run (`NODE_*`,
   * `LD_*`, `DYLD_*`, `PAVED_*`) are refused.
   * @default [] - app definitions see no variable
   */
  readonly definitionEnvironment?: readonly string[];
}

/** The name of an environment variable that holds a credential, by the usual conventions: never passed to app definitions. */
const CREDENTIAL_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|(^|_)(API_|ACCESS_|AUTH_)?KEY(_|$)|(^|_)AUTH($|_)/i;

/** Variables that change how Node.js, the dynamic linker or paved itself run: never an app definition's input. */
const RUNTIME_NAME = /^(NODE_|LD_|DYLD_|PAVED_)/i;

/** The remote Terraform state: an S3 bucket (encrypted, versioned) and a DynamoDB lock table. */
export interface TerraformStateProps {
  /** The S3 bucket that holds every environment's state (one key per environment). */
  readonly bucket: string;
  /** The DynamoDB table that locks the state. */
  readonly lockTable: string;
  /** The bucket's region. */
  readonly region: string;
  /**
   * A KMS key (ARN or alias) that encrypts the state objects.
   * @default - the bucket's default encryption (SSE-S3), requested explicitly
   */
  readonly kmsKeyId?: string;
}

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
  /** The GitOps repository: the source, and where the checked tree is published (what Argo CD follows). */
  public readonly gitops: GitOpsRepository;
  /** The remote Terraform state. */
  public readonly terraformState: TerraformStateProps;
  /** IAM role ARNs of the platform administrators. */
  public readonly platformAdminRoleArns: readonly string[];
  /** The environment variables app definitions may read (see {@link OrgProps.definitionEnvironment}). */
  public readonly definitionEnvironment: readonly string[];

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
  /** The definition's problems, when it was created under {@link Org.deferProblems} (otherwise it throws them). */
  public readonly problems: readonly Problem[];

  constructor(props: OrgProps) {
    // the org keeps its own copy, frozen: what a definition is handed cannot be changed (nor can the caller's object change it)
    props = structuredClone(props);
    const check = new PropChecker('org');
    check.check(isDns1123Label(props.name, 40), 'name', props.name, 'an RFC 1123 label of at most 40 characters (lower-case letters, digits and "-")');
    check.check(props.environments.length > 0, 'environments', props.environments, 'at least one environment');
    checkEnvironments(check, props);
    checkOrgSettings(check, props);
    checkTeams(check, props);

    this.props = props;
    this.problems = [];
    this.name = props.name;
    this.environments = Object.freeze(props.environments.map((e) => new Environment(e, props.name, props.images)));
    this.teams = Object.freeze(props.teams.map((t) => new Team(t)));
    this.gitops = gitOpsRepository(props.gitops);
    this.terraformState = props.terraformState;
    this.platformAdminRoleArns = props.platformAdminRoleArns ?? [];
    this.definitionEnvironment = props.definitionEnvironment ?? [];

    checkDnsSubdomains(check, this.environments);
    checkIamRoles(check, this.environments, this.teams);
    if (deferring > 0) this.problems = check.recorded;
    else check.throwIfAny();
    // the org, its environments and teams are data every definition shares: a change throws
    deepFreeze(this);
  }

  /**
   * Runs `fn` (e.g. loading a definition module) so that an org created in it
   * with problems does not throw but records them in {@link problems}: the
   * synth then reports them together with the problems of every app that does
   * not depend on them. Anywhere else an org with a problem throws.
   */
  public static deferProblems<T>(fn: () => T): T {
    deferring++;
    try {
      return fn();
    } finally {
      deferring--;
    }
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

  /** The DNS zones an environment serves: one per team (see `Environment.zoneFor`). */
  public zonesServedBy(env: Environment): string[] {
    return this.teams.map((t) => env.zoneFor(t));
  }

  /** The team of that name; throws when there is none. */
  public team(name: string): Team {
    const team = this.teams.find((t) => t.name === name);
    if (!team) throw new PavedValidationError([{ path: 'org', prop: 'team', value: name, allowed: `one of ${this.teams.map((t) => t.name).join(', ')}` }]);
    return team;
  }
}

/**
 * Each environment's own checks (`checkEnvironmentProps`), then what spans
 * environments and teams: a name and a VPC block no environment before it
 * has, previews that fit the teams' names.
 */
function checkEnvironments(check: PropChecker, props: OrgProps): void {
  const envNames = new Set<string>();
  const vpcs: { at: string; cidr: Cidr }[] = [];
  const teams = (props.teams ?? []).map((t) => ({ name: t.name, namespaces: t.namespaces }));
  props.environments.forEach((e, i) => {
    const at = `environments[${i}]`;
    checkEnvironmentProps(check, at, e, i === 0);
    if (isDns1123Label(e.name, 20)) {
      check.check(!envNames.has(e.name), `${at}.name`, e.name, 'a name no other environment has');
      envNames.add(e.name);
    }
    const vpc = environmentVpc(e);
    if (vpc) {
      for (const other of vpcs) {
        if (cidrsOverlap(vpc, other.cidr)) check.fail(`${at}.vpcCidr`, e.vpcCidr, `a block that does not overlap ${other.at}.vpcCidr`);
      }
      vpcs.push({ at, cidr: vpc });
    }
    if (e.previews !== undefined) check.addAll(previewTeamProblems(e.previews, `${at}.previews`, 'org', teams));
  });
}

/** The org's own settings: images, the GitOps repository, the Terraform state, the administrators, the definitions' environment. */
function checkOrgSettings(check: PropChecker, props: OrgProps): void {
  checkImagePolicyProps(check, 'images', props.images);
  checkGitOpsRepository(check, props.gitops, props.teams);
  check.check(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.terraformState.bucket), 'terraformState.bucket', props.terraformState.bucket, 'an S3 bucket name');
  check.check(/^[A-Za-z0-9_.-]{3,255}$/.test(props.terraformState.lockTable), 'terraformState.lockTable', props.terraformState.lockTable, 'a DynamoDB table name');
  check.check(
    isAwsRegion(props.terraformState.region),
    'terraformState.region',
    props.terraformState.region,
    'an AWS Region of the commercial partition such as "eu-west-1" (lib/org/aws-regions.ts lists them)',
  );
  (props.platformAdminRoleArns ?? []).forEach((arn, i) => {
    check.check(/^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]+$/.test(arn), `platformAdminRoleArns[${i}]`, arn, 'an IAM role ARN');
  });
  (props.definitionEnvironment ?? []).forEach((name, i) => {
    const at = `definitionEnvironment[${i}]`;
    if (check.check(typeof name === 'string' && /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name), at, name, 'an environment variable name (letters, digits and "_", not starting with a digit)')) {
      check.check(
        !CREDENTIAL_NAME.test(name),
        at,
        name,
        "a variable that does not hold a credential (a name without TOKEN, SECRET, PASSWORD, CREDENTIAL, PRIVATE or KEY): app definitions never see the CI job's credentials",
      );
      check.check(!RUNTIME_NAME.test(name), at, name, 'a variable that does not change how Node.js or paved run (none starting with NODE_, LD_, DYLD_ or PAVED_)');
      check.check((props.definitionEnvironment ?? []).indexOf(name) === i, at, name, 'a variable not listed twice');
    }
  });
}

/**
 * Each team's own checks (`checkTeamProps`), then what spans teams, the
 * environments and the GitOps repository: a name no team before it has, an
 * apps repository of the org, environments of the org, and namespaces, zones
 * and secret prefixes no team before it has.
 */
function checkTeams(check: PropChecker, props: OrgProps): void {
  const teamNames = new Set<string>();
  const envNames = props.environments.map((e) => e.name);
  props.teams.forEach((t, i) => {
    const at = `teams[${i}]`;
    checkTeamProps(check, at, t);
    if (isDns1123Label(t.name)) {
      check.check(!teamNames.has(t.name), `${at}.name`, t.name, 'a name no other team has');
      teamNames.add(t.name);
    }
    if (t.appsRepository !== undefined) {
      const gitops = gitHostAndOwner(props.gitops.repoURL);
      check.check(
        /^(https:\/\/|ssh:\/\/|git@)\S+$/.test(t.appsRepository) && gitHostAndOwner(t.appsRepository) !== undefined && (gitops === undefined || sameGitOwner(t.appsRepository, props.gitops.repoURL)),
        `${at}.appsRepository`,
        t.appsRepository,
        `a Git URL (https://, ssh:// or git@)${gitops ? ` of a repository of the org (on ${gitops.host}, owned by ${gitops.owner}, as gitops.repoURL)` : ''}`,
      );
    }
    checkEnvironmentReferences(check, at, t, envNames);
    checkOverlaps(check, at, t, props.teams.slice(0, i));
  });
}

/** The environments a team's quotas, permissions and paging name are the org's. */
function checkEnvironmentReferences(check: PropChecker, at: string, t: TeamProps, envNames: readonly string[]): void {
  const allowed = `an environment of the org (${envNames.join(', ')})`;
  for (const envName of Object.keys(t.quotas ?? {})) check.check(envNames.includes(envName), `${at}.quotas.${envName}`, envName, allowed);
  (t.permissions ?? []).forEach((grant, j) => {
    grant.environments.forEach((envName, k) => check.check(envNames.includes(envName), `${at}.permissions[${j}].environments[${k}]`, envName, allowed));
  });
  if (t.alerting !== undefined) (t.alerting.pageIn ?? []).forEach((e, k) => check.check(envNames.includes(e), `${at}.alerting.pageIn[${k}]`, e, allowed));
}

/** A team shares no namespace, zone or secret prefix with the teams before it. */
function checkOverlaps(check: PropChecker, at: string, t: TeamProps, before: readonly TeamProps[]): void {
  before.forEach((other, j) => {
    for (const ns of t.namespaces ?? [t.name]) {
      if ((other.namespaces ?? [other.name]).includes(ns) || other.name === ns) check.fail(`${at}.namespaces`, ns, `a namespace teams[${j}] (${other.name}) does not have`);
    }
    if (isInZone(t.zone, other.zone) || isInZone(other.zone, t.zone)) {
      check.fail(`${at}.zone`, t.zone, `a zone that does not overlap teams[${j}] (${other.name}) zone "${other.zone}"`);
    }
    if (t.secretPrefix.startsWith(other.secretPrefix) || other.secretPrefix.startsWith(t.secretPrefix)) {
      check.fail(`${at}.secretPrefix`, t.secretPrefix, `a prefix that does not overlap teams[${j}] (${other.name}) prefix "${other.secretPrefix}"`);
    }
  });
}

/** Each environment serves its own zone per team (its own hosted zone and certificate): no two environments the same DNS label. */
function checkDnsSubdomains(check: PropChecker, environments: readonly Environment[]): void {
  environments.forEach((env, i) => {
    environments.slice(0, i).forEach((other, j) => {
      if (env.name !== other.name && env.dnsSubdomain === other.dnsSubdomain) {
        check.fail(
          `environments[${i}].dnsSubdomain`,
          env.dnsSubdomain,
          `a label no other environment uses (environments[${j}] (${other.name}) serves ${other.dnsSubdomain === undefined ? "the teams' zones themselves" : `"${other.dnsSubdomain}.<team zone>"`}; one hosted zone per name)`,
        );
      }
    });
  });
}

/** The IAM role names derived from the clusters' and teams' names fit AWS limits, and are unique in each AWS account. */
function checkIamRoles(check: PropChecker, environments: readonly Environment[], teams: readonly Team[]): void {
  for (const env of environments) {
    for (const role of [env.crossplaneRoleName(), env.platformSecretsRoleName(), env.loadBalancerControllerRoleName(), env.externalDnsRoleName()]) {
      check.check(
        role.length <= IAM_ROLE_NAME_MAX,
        `environments[${environments.indexOf(env)}].clusterName`,
        env.clusterName,
        `a name short enough that the IAM role "${role}" fits ${IAM_ROLE_NAME_MAX} characters`,
      );
    }
    for (const team of teams) {
      const role = env.teamSecretsRoleName(team);
      check.check(
        role.length <= IAM_ROLE_NAME_MAX,
        `teams[${teams.indexOf(team)}].name`,
        team.name,
        `a name short enough that the IAM role "${role}" of environment ${env.name} fits ${IAM_ROLE_NAME_MAX} characters`,
      );
    }
  }
  // IAM role names are unique per AWS account: every role the environments sharing one create
  const roles = new Map<string, { owner: string; at: string }>();
  for (const env of environments) {
    const envAt = `environments[${environments.indexOf(env)}]`;
    for (const role of env.iamRoles(teams)) {
      const team = teams.find((t) => role.owner.startsWith(`team ${t.name}'s`));
      const at = team ? `teams[${teams.indexOf(team)}].name` : `${envAt}.clusterName`;
      const key = `${env.awsAccountId}/${role.name}`;
      const first = roles.get(key);
      if (first) {
        check.fail(at, team ? team.name : env.clusterName, `a name whose IAM role "${role.name}" (${role.owner}) does not clash with ${first.owner}'s in AWS account ${env.awsAccountId}`);
      } else {
        roles.set(key, { owner: role.owner, at });
      }
    }
  }
}
