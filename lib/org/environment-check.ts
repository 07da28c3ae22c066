/**
 * An environment's own checks: what one entry of the org's `environments`
 * must satisfy by itself. What spans environments or reaches the teams (unique
 * names, overlapping VPCs, previews against the teams' names, the IAM roles
 * of an AWS account) is the {@link Org}'s.
 */
import type { PropChecker } from '../private/problems';
import { isDns1123Label } from '../private/names';
import { type Cidr, parseCidr } from '../private/cidr';
import { RESERVED_ENVIRONMENT_NAMES, isAwsRegion } from './aws-regions';
import { DATABASE_SIZES, type EnvironmentProps, SUPPORTED_KUBERNETES_VERSIONS } from './environment';
import { EKS_SUPPORT_SOURCE } from './kubernetes-versions';
import { checkImagePolicyProps } from './image-policy';
import { checkPromotionProps } from './release-records';
import { previewProblems } from './previews';

/** Whether an environment is production: as it says, or by its name. */
export function isProduction(e: EnvironmentProps): boolean {
  return e.production ?? ['prod', 'production'].includes(e.name);
}

/** The environment's VPC block when it is a valid one (the org checks that no two overlap). */
export function environmentVpc(e: EnvironmentProps): Cidr | undefined {
  const vpc = parseCidr(e.vpcCidr);
  return vpc !== undefined && vpc.prefix >= 16 && vpc.prefix <= 20 ? vpc : undefined;
}

/**
 * Checks one environment's props at `at` (`environments[<i>]`); `first` when
 * it is the first of the org's chain (a release enters it directly).
 */
export function checkEnvironmentProps(check: PropChecker, at: string, e: EnvironmentProps, first: boolean): void {
  if (check.check(isDns1123Label(e.name, 20), `${at}.name`, e.name, 'an RFC 1123 label of at most 20 characters')) {
    check.check(!RESERVED_ENVIRONMENT_NAMES.includes(e.name), `${at}.name`, e.name, `a name paved does not use for its own folders of the GitOps tree (${RESERVED_ENVIRONMENT_NAMES.join(', ')})`);
  }
  check.check(/^[0-9]{12}$/.test(e.awsAccountId), `${at}.awsAccountId`, e.awsAccountId, 'a 12-digit AWS account id');
  check.check(isAwsRegion(e.awsRegion), `${at}.awsRegion`, e.awsRegion, 'an AWS Region of the commercial partition such as "eu-west-1" (lib/org/aws-regions.ts lists them)');
  checkNames(check, at, e);
  check.check(environmentVpc(e) !== undefined, `${at}.vpcCidr`, e.vpcCidr, 'an IPv4 network block from /16 to /20 without host bits, e.g. "10.10.0.0/16"');
  const production = isProduction(e);
  if (e.previews !== undefined) check.addAll(previewProblems(e.previews, production, `${at}.previews`, 'org'));
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
  checkNodeGroups(check, at, e);
  checkServices(check, at, e);
  checkImagePolicyProps(check, `${at}.images`, e.images);
  checkPromotionProps(check, `${at}.promotion`, e.promotion, first);
  (e.publicEndpointCidrs ?? []).forEach((c, j) => {
    const parsed = parseCidr(c);
    check.check(parsed !== undefined && parsed.prefix > 0, `${at}.publicEndpointCidrs[${j}]`, c, 'an IPv4 block narrower than 0.0.0.0/0, e.g. "203.0.113.0/24"');
  });
}

/** The names an environment may give: its cluster's, its ingress class, its DNS label. */
function checkNames(check: PropChecker, at: string, e: EnvironmentProps): void {
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
}

/** The environment's node groups: named once each, sizes in order, real instance types. */
function checkNodeGroups(check: PropChecker, at: string, e: EnvironmentProps): void {
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
    if (g.diskSizeGiB !== undefined) check.check(Number.isInteger(g.diskSizeGiB) && g.diskSizeGiB >= 20 && g.diskSizeGiB <= 16384, `${gat}.diskSizeGiB`, g.diskSizeGiB, 'an integer from 20 to 16384');
  });
  check.check((e.nodeGroups ?? [{ name: 'general' }]).length > 0, `${at}.nodeGroups`, e.nodeGroups, 'at least one node group');
}

/** What teams may ask for in the environment: database sizes, storage, the PostgreSQL version. */
function checkServices(check: PropChecker, at: string, e: EnvironmentProps): void {
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
}
