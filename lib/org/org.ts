import { previewProblems } from './previews';
import * as fs from 'fs';
import { PavedValidationError, type Problem, PropChecker } from '../private/problems';
import { TENANT_CONTROL_KINDS, kindListed, showKind } from './team-kinds';
import { gitHostAndOwner, sameGitOwner } from '../private/git-url';
import { type GitOpsRepository, type GitOpsRepositoryProps, checkGitOpsRepository, gitOpsRepository } from './gitops-repository';
import { RESERVED_ENVIRONMENT_NAMES, isAwsRegion } from './aws-regions';
import { isDns1123Label, isDnsName, isInZone, isSecretPrefix, parseCpu, parseMemory } from '../private/names';
import { cidrsOverlap, parseCidr } from '../private/cidr';
import { DATABASE_SIZES, Environment, type EnvironmentProps, SUPPORTED_KUBERNETES_VERSIONS } from './environment';
import { EKS_SUPPORT_SOURCE } from './kubernetes-versions';
import { Team, type TeamAlertingProps, type TeamProps } from './team';
import { type ImagePolicyProps, checkImagePolicyProps } from './image-policy';
import { checkPromotionProps } from './release-records';
import { deepFreeze } from '../private/deep-freeze';

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

/** Namespaces the platform itself uses; no team may take one. */
export const RESERVED_NAMESPACES: readonly string[] = Object.freeze([
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'argocd',
  'crossplane-system',
  'external-secrets',
  'vela-system',
  'ingress-nginx',
]);

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

    const envNames = new Set<string>();
    const vpcs: { at: string; cidr: ReturnType<typeof parseCidr> }[] = [];
    props.environments.forEach((e, i) => {
      const at = `environments[${i}]`;
      if (check.check(isDns1123Label(e.name, 20), `${at}.name`, e.name, 'an RFC 1123 label of at most 20 characters')) {
        check.check(!envNames.has(e.name), `${at}.name`, e.name, 'a name no other environment has');
        check.check(!RESERVED_ENVIRONMENT_NAMES.includes(e.name), `${at}.name`, e.name, `a name paved does not use for its own folders of the GitOps tree (${RESERVED_ENVIRONMENT_NAMES.join(', ')})`);
        envNames.add(e.name);
      }
      check.check(/^[0-9]{12}$/.test(e.awsAccountId), `${at}.awsAccountId`, e.awsAccountId, 'a 12-digit AWS account id');
      check.check(isAwsRegion(e.awsRegion), `${at}.awsRegion`, e.awsRegion, 'an AWS Region of the commercial partition such as "eu-west-1" (lib/org/aws-regions.ts lists them)');
      if (e.clusterName !== undefined) {
        check.check(
          /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(e.clusterName),
          `${at}.clusterName`,
          e.clusterName,
          'an EKS cluster name: letters, digits, "-" and "_", starting with a letter or digit, at most 100 characters',
        );
      }
      if (e.ingressClass !== undefined) {
        check.check(isDns1123Label(e.ingressClass), `${at}.ingressClass`, e.ingressClass, 'an RFC 1123 label');
      }
      if (e.dnsSubdomain !== undefined) {
        check.check(isDns1123Label(e.dnsSubdomain), `${at}.dnsSubdomain`, e.dnsSubdomain, 'one DNS label (lower-case letters, digits and "-"), e.g. "staging"');
      }
      const vpc = parseCidr(e.vpcCidr);
      if (check.check(vpc !== undefined && vpc.prefix >= 16 && vpc.prefix <= 20, `${at}.vpcCidr`, e.vpcCidr, 'an IPv4 network block from /16 to /20 without host bits, e.g. "10.10.0.0/16"') && vpc) {
        for (const other of vpcs) {
          if (other.cidr && cidrsOverlap(vpc, other.cidr)) check.fail(`${at}.vpcCidr`, e.vpcCidr, `a block that does not overlap ${other.at}.vpcCidr`);
        }
        vpcs.push({ at, cidr: vpc });
      }
      const production = e.production ?? ['prod', 'production'].includes(e.name);
      if (e.previews !== undefined)
        check.addAll(
          previewProblems(
            e.previews,
            production,
            `${at}.previews`,
            'org',
            (props.teams ?? []).map((t) => ({ name: t.name, namespaces: t.namespaces })),
          ),
        );
      const azs = e.availabilityZones ?? 3;
      const minAzs = production ? 3 : 2;
      check.check(
        Number.isInteger(azs) && azs >= minAzs && azs <= 6,
        `${at}.availabilityZones`,
        e.availabilityZones,
        `an integer from ${minAzs} to 6${production ? ' (production spreads over at least 3 zones)' : ''}`,
      );
      if (e.kubernetesVersion !== undefined) {
        check.check(
          SUPPORTED_KUBERNETES_VERSIONS.includes(e.kubernetesVersion),
          `${at}.kubernetesVersion`,
          e.kubernetesVersion,
          `a version in EKS standard support (as of ${EKS_SUPPORT_SOURCE.asOf}, lib/org/kubernetes-versions.ts): ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}`,
        );
      }
      (e.nodeGroups ?? []).forEach((g, j) => {
        const gat = `${at}.nodeGroups[${j}]`;
        check.check(isDns1123Label(g.name, 40), `${gat}.name`, g.name, 'an RFC 1123 label of at most 40 characters');
        check.check((e.nodeGroups ?? []).findIndex((o) => o.name === g.name) === j, `${gat}.name`, g.name, 'a name no other node group of the environment has');
        check.check(
          g.instanceTypes.length > 0 && g.instanceTypes.every((t) => /^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(t)),
          `${gat}.instanceTypes`,
          g.instanceTypes,
          'one or more EC2 instance types such as "m7i.large"',
        );
        check.check(Number.isInteger(g.minSize) && g.minSize >= 0, `${gat}.minSize`, g.minSize, 'an integer of 0 or more');
        check.check(Number.isInteger(g.maxSize) && g.maxSize >= 1 && g.maxSize >= g.minSize, `${gat}.maxSize`, g.maxSize, `an integer of at least 1 and at least minSize (${g.minSize})`);
        if (g.desiredSize !== undefined) {
          check.check(
            Number.isInteger(g.desiredSize) && g.desiredSize >= g.minSize && g.desiredSize <= g.maxSize,
            `${gat}.desiredSize`,
            g.desiredSize,
            `an integer from minSize (${g.minSize}) to maxSize (${g.maxSize})`,
          );
        }
        if (g.diskSizeGiB !== undefined)
          check.check(Number.isInteger(g.diskSizeGiB) && g.diskSizeGiB >= 20 && g.diskSizeGiB <= 16384, `${gat}.diskSizeGiB`, g.diskSizeGiB, 'an integer from 20 to 16384');
      });
      check.check((e.nodeGroups ?? [{ name: 'general' }]).length > 0, `${at}.nodeGroups`, e.nodeGroups, 'at least one node group');
      const svc = e.services ?? {};
      (svc.databaseSizes ?? []).forEach((size, j) => check.check(DATABASE_SIZES.includes(size), `${at}.services.databaseSizes[${j}]`, size, `one of ${DATABASE_SIZES.join(', ')}`));
      if (svc.databaseSizes !== undefined) check.check(svc.databaseSizes.length > 0, `${at}.services.databaseSizes`, svc.databaseSizes, 'at least one size');
      const minGB = svc.minStorageGB ?? 20;
      const maxGB = svc.maxStorageGB ?? 100;
      if (svc.minStorageGB !== undefined) check.check(Number.isInteger(minGB) && minGB >= 20, `${at}.services.minStorageGB`, svc.minStorageGB, 'an integer of at least 20 (the RDS gp3 minimum)');
      if (svc.maxStorageGB !== undefined)
        check.check(Number.isInteger(maxGB) && maxGB <= 65536 && maxGB >= minGB, `${at}.services.maxStorageGB`, svc.maxStorageGB, `an integer from minStorageGB (${minGB}) to 65536`);
      if (svc.postgresVersion !== undefined)
        check.check(/^1[3-7](\.\d+)?$/.test(svc.postgresVersion), `${at}.services.postgresVersion`, svc.postgresVersion, 'a PostgreSQL major(.minor) version from 13 to 17');
      checkImagePolicyProps(check, `${at}.images`, e.images);
      checkPromotionProps(check, `${at}.promotion`, e.promotion, i === 0);
      (e.publicEndpointCidrs ?? []).forEach((c, j) => {
        const parsed = parseCidr(c);
        check.check(parsed !== undefined && parsed.prefix > 0, `${at}.publicEndpointCidrs[${j}]`, c, 'an IPv4 block narrower than 0.0.0.0/0, e.g. "203.0.113.0/24"');
      });
    });
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
        const gitops = gitHostAndOwner(props.gitops.repoURL);
        check.check(
          /^(https:\/\/|ssh:\/\/|git@)\S+$/.test(t.appsRepository) && gitHostAndOwner(t.appsRepository) !== undefined && (gitops === undefined || sameGitOwner(t.appsRepository, props.gitops.repoURL)),
          `${at}.appsRepository`,
          t.appsRepository,
          `a Git URL (https://, ssh:// or git@)${gitops ? ` of a repository of the org (on ${gitops.host}, owned by ${gitops.owner}, as gitops.repoURL)` : ''}`,
        );
      }
      const namespaces = t.namespaces ?? [];
      if (t.namespaces !== undefined) check.check(namespaces.length > 0, `${at}.namespaces`, t.namespaces, 'at least one namespace');
      namespaces.forEach((ns, j) => {
        check.check(
          isDns1123Label(ns) && (ns === t.name || ns.startsWith(`${t.name}-`)) && !RESERVED_NAMESPACES.includes(ns),
          `${at}.namespaces[${j}]`,
          ns,
          `an RFC 1123 label that is the team's name or starts with "${t.name}-"`,
        );
        check.check(namespaces.indexOf(ns) === j, `${at}.namespaces[${j}]`, ns, 'a namespace not listed twice');
      });
      for (const [envName, quota] of Object.entries(t.quotas ?? {})) {
        const qat = `${at}.quotas.${envName}`;
        check.check(
          props.environments.some((e) => e.name === envName),
          qat,
          envName,
          `an environment of the org (${props.environments.map((e) => e.name).join(', ')})`,
        );
        for (const key of ['requestsCpu', 'limitsCpu'] as const) check.check((parseCpu(quota[key]) ?? 0) > 0, `${qat}.${key}`, quota[key], 'a positive CPU quantity such as "4" or "2500m"');
        for (const key of ['requestsMemory', 'limitsMemory'] as const) check.check((parseMemory(quota[key]) ?? 0) > 0, `${qat}.${key}`, quota[key], 'a positive memory quantity such as "8Gi"');
        check.check(Number.isInteger(quota.pods) && quota.pods > 0, `${qat}.pods`, quota.pods, 'a positive integer');
        check.check((parseCpu(quota.limitsCpu) ?? 0) >= (parseCpu(quota.requestsCpu) ?? 0), `${qat}.limitsCpu`, quota.limitsCpu, `at least requestsCpu (${quota.requestsCpu})`);
        check.check((parseMemory(quota.limitsMemory) ?? 0) >= (parseMemory(quota.requestsMemory) ?? 0), `${qat}.limitsMemory`, quota.limitsMemory, `at least requestsMemory (${quota.requestsMemory})`);
      }
      (t.egress ?? []).forEach((rule, j) => {
        const eat = `${at}.egress[${j}]`;
        check.check(rule.description.trim().length > 0, `${eat}.description`, rule.description, 'a reason for the rule');
        check.check(rule.cidrs.length > 0, `${eat}.cidrs`, rule.cidrs, 'at least one IPv4 block');
        rule.cidrs.forEach((c, k) => check.check(parseCidr(c) !== undefined, `${eat}.cidrs[${k}]`, c, 'an IPv4 block such as "198.51.100.0/24"'));
        check.check(rule.ports.length > 0 && rule.ports.every((p) => Number.isInteger(p) && p >= 1 && p <= 65535), `${eat}.ports`, rule.ports, 'one or more ports from 1 to 65535');
      });
      (t.permissions ?? []).forEach((grant, j) => {
        const gat = `${at}.permissions[${j}]`;
        check.check(['port-forward', 'exec', 'delete-pods', 'scale'].includes(grant.permission), `${gat}.permission`, grant.permission, 'one of port-forward, exec, delete-pods, scale');
        grant.environments.forEach((envName, k) =>
          check.check(
            props.environments.some((e) => e.name === envName),
            `${gat}.environments[${k}]`,
            envName,
            `an environment of the org (${props.environments.map((e) => e.name).join(', ')})`,
          ),
        );
      });
      if (t.monthlyBudgetUsd !== undefined)
        check.check(Number.isFinite(t.monthlyBudgetUsd) && t.monthlyBudgetUsd >= 0, `${at}.monthlyBudgetUsd`, t.monthlyBudgetUsd, 'a number of US dollars, 0 or more');
      (t.extraKinds ?? []).forEach((k, j) => {
        const kat = `${at}.extraKinds[${j}]`;
        check.check(k.group === '' || isDnsName(k.group) || isDns1123Label(k.group), `${kat}.group`, k.group, 'an API group such as "apps" or "monitoring.coreos.com", or "" for the core group');
        if (check.check(/^[A-Z][A-Za-z0-9]{0,62}$/.test(k.kind), `${kat}.kind`, k.kind, 'a kind such as "ConfigMap" (upper-case first letter, letters and digits)')) {
          check.check(!kindListed(TENANT_CONTROL_KINDS, k), kat, showKind(k), `a kind that does not control the tenant or the cluster (never ${TENANT_CONTROL_KINDS.map(showKind).join(', ')})`);
        }
      });
      if (t.alerting !== undefined)
        checkAlerting(
          check,
          `${at}.alerting`,
          t,
          props.environments.map((e) => e.name),
        );
      check.check(isSecretPrefix(t.secretPrefix), `${at}.secretPrefix`, t.secretPrefix, 'a Secrets Manager path ending in "/", e.g. "teams/payments/"');
      props.teams.slice(0, i).forEach((other, j) => {
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
    });

    this.props = props;
    this.problems = [];
    this.name = props.name;
    this.environments = Object.freeze(props.environments.map((e) => new Environment(e, props.name, props.images)));
    this.teams = Object.freeze(props.teams.map((t) => new Team(t)));
    this.gitops = gitOpsRepository(props.gitops);
    this.terraformState = props.terraformState;
    this.platformAdminRoleArns = props.platformAdminRoleArns ?? [];
    this.definitionEnvironment = props.definitionEnvironment ?? [];

    // each environment serves its own zone per team (its own hosted zone and certificate)
    this.environments.forEach((env, i) => {
      this.environments.slice(0, i).forEach((other, j) => {
        if (env.name !== other.name && env.dnsSubdomain === other.dnsSubdomain) {
          check.fail(
            `environments[${i}].dnsSubdomain`,
            env.dnsSubdomain,
            `a label no other environment uses (environments[${j}] (${other.name}) serves ${other.dnsSubdomain === undefined ? "the teams' zones themselves" : `"${other.dnsSubdomain}.<team zone>"`}; one hosted zone per name)`,
          );
        }
      });
    });

    // derived names must fit AWS limits
    for (const env of this.environments) {
      for (const role of [env.crossplaneRoleName(), env.platformSecretsRoleName(), env.loadBalancerControllerRoleName(), env.externalDnsRoleName()]) {
        check.check(
          role.length <= IAM_ROLE_NAME_MAX,
          `environments[${this.environments.indexOf(env)}].clusterName`,
          env.clusterName,
          `a name short enough that the IAM role "${role}" fits ${IAM_ROLE_NAME_MAX} characters`,
        );
      }
      for (const team of this.teams) {
        const role = env.teamSecretsRoleName(team);
        check.check(
          role.length <= IAM_ROLE_NAME_MAX,
          `teams[${this.teams.indexOf(team)}].name`,
          team.name,
          `a name short enough that the IAM role "${role}" of environment ${env.name} fits ${IAM_ROLE_NAME_MAX} characters`,
        );
      }
    }
    // IAM role names are unique per AWS account: every role the environments sharing one create
    const roles = new Map<string, { owner: string; at: string }>();
    for (const env of this.environments) {
      const envAt = `environments[${this.environments.indexOf(env)}]`;
      for (const role of env.iamRoles(this.teams)) {
        const team = this.teams.find((t) => role.owner.startsWith(`team ${t.name}'s`));
        const at = team ? `teams[${this.teams.indexOf(team)}].name` : `${envAt}.clusterName`;
        const key = `${env.awsAccountId}/${role.name}`;
        const first = roles.get(key);
        if (first) {
          check.fail(at, team ? team.name : env.clusterName, `a name whose IAM role "${role.name}" (${role.owner}) does not clash with ${first.owner}'s in AWS account ${env.awsAccountId}`);
        } else {
          roles.set(key, { owner: role.owner, at });
        }
      }
    }
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

/** Checks a team's alerting: named receivers, their secrets under the team's alerting prefix, the routing. */
function checkAlerting(check: PropChecker, at: string, t: TeamProps, environments: readonly string[]): void {
  const a = t.alerting as TeamAlertingProps;
  const prefix = `${t.secretPrefix}alerting/`;
  check.check(a.receivers.length > 0, `${at}.receivers`, a.receivers, 'at least one receiver');
  const names: string[] = [];
  a.receivers.forEach((r, i) => {
    const rat = `${at}.receivers[${i}]`;
    if (check.check(isDns1123Label(r.name, 40), `${rat}.name`, r.name, 'an RFC 1123 label of at most 40 characters')) {
      check.check(!names.includes(r.name), `${rat}.name`, r.name, 'a name no other receiver of the team has');
      names.push(r.name);
    }
    check.check(r.slack !== undefined || r.pagerDuty !== undefined, rat, r.name, 'a receiver with slack, pagerDuty or both');
    if (r.slack) {
      check.check(/^#[a-z0-9][a-z0-9_-]{0,79}$/.test(r.slack.channel), `${rat}.slack.channel`, r.slack.channel, 'a Slack channel such as "#payments-alerts"');
      check.check(
        r.slack.webhookSecret.startsWith(prefix) && r.slack.webhookSecret.length > prefix.length,
        `${rat}.slack.webhookSecret`,
        r.slack.webhookSecret,
        `a Secrets Manager secret under "${prefix}" (the monitoring stack reads only those)`,
      );
    }
    if (r.pagerDuty) {
      check.check(
        r.pagerDuty.routingKeySecret.startsWith(prefix) && r.pagerDuty.routingKeySecret.length > prefix.length,
        `${rat}.pagerDuty.routingKeySecret`,
        r.pagerDuty.routingKeySecret,
        `a Secrets Manager secret under "${prefix}" (the monitoring stack reads only those)`,
      );
    }
  });
  for (const key of ['notify', 'page'] as const) {
    const v = a[key];
    if (v !== undefined) check.check(names.includes(v), `${at}.${key}`, v, `one of the team's receivers (${names.join(', ')})`);
  }
  if (a.page !== undefined) check.check(a.receivers.find((r) => r.name === a.page)?.pagerDuty !== undefined, `${at}.page`, a.page, "a receiver with pagerDuty (paging is PagerDuty's job)");
  (a.pageIn ?? []).forEach((e, i) => check.check(environments.includes(e), `${at}.pageIn[${i}]`, e, `an environment of the org (${environments.join(', ')})`));
}
