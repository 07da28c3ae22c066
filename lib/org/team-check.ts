/**
 * A team's own checks: what one entry of the org's `teams` must satisfy by
 * itself. What spans teams or reaches the environments and the GitOps
 * repository (unique names, overlapping namespaces, zones and secret
 * prefixes, the environments its quotas, permissions and paging name, its
 * apps repository being the org's) is the {@link Org}'s.
 */
import type { PropChecker } from '../private/problems';
import { isDns1123Label, isDnsName, isSecretPrefix, parseCpu, parseMemory } from '../private/names';
import { parseCidr } from '../private/cidr';
import { TENANT_CONTROL_KINDS, kindListed, showKind } from './team-kinds';
import { RESERVED_NAMESPACES, type TeamAlertingProps, type TeamProps } from './team';

/** Checks one team's props at `at` (`teams[<i>]`). */
export function checkTeamProps(check: PropChecker, at: string, t: TeamProps): void {
  if (check.check(isDns1123Label(t.name), `${at}.name`, t.name, 'an RFC 1123 label (lower-case letters, digits and "-", at most 63 characters)')) {
    check.check(!RESERVED_NAMESPACES.includes(t.name), `${at}.name`, t.name, `a name that is not a reserved namespace (${RESERVED_NAMESPACES.join(', ')})`);
  }
  check.check(t.ownerGroup.trim().length > 0 && t.ownerGroup.trim() === t.ownerGroup, `${at}.ownerGroup`, t.ownerGroup, 'a non-empty group name without surrounding spaces');
  check.check(isDnsName(t.zone), `${at}.zone`, t.zone, 'a DNS zone of lower-case RFC 1123 labels, e.g. "payments.example.com"');
  checkNamespaces(check, at, t);
  checkQuotas(check, at, t);
  checkAccess(check, at, t);
  if (t.monthlyBudgetUsd !== undefined) check.check(Number.isFinite(t.monthlyBudgetUsd) && t.monthlyBudgetUsd >= 0, `${at}.monthlyBudgetUsd`, t.monthlyBudgetUsd, 'a number of US dollars, 0 or more');
  (t.extraKinds ?? []).forEach((k, j) => {
    const kat = `${at}.extraKinds[${j}]`;
    check.check(k.group === '' || isDnsName(k.group) || isDns1123Label(k.group), `${kat}.group`, k.group, 'an API group such as "apps" or "monitoring.coreos.com", or "" for the core group');
    if (check.check(/^[A-Z][A-Za-z0-9]{0,62}$/.test(k.kind), `${kat}.kind`, k.kind, 'a kind such as "ConfigMap" (upper-case first letter, letters and digits)')) {
      check.check(!kindListed(TENANT_CONTROL_KINDS, k), kat, showKind(k), `a kind that does not control the tenant or the cluster (never ${TENANT_CONTROL_KINDS.map(showKind).join(', ')})`);
    }
  });
  if (t.alerting !== undefined) checkAlerting(check, `${at}.alerting`, t, t.alerting);
  check.check(isSecretPrefix(t.secretPrefix), `${at}.secretPrefix`, t.secretPrefix, 'a Secrets Manager path ending in "/", e.g. "teams/payments/"');
}

/** The team's namespaces: its name or its name and a dash first, each once, none reserved. */
function checkNamespaces(check: PropChecker, at: string, t: TeamProps): void {
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
}

/** The quantities of the team's quotas (the org checks the environments they name). */
function checkQuotas(check: PropChecker, at: string, t: TeamProps): void {
  for (const [envName, quota] of Object.entries(t.quotas ?? {})) {
    const qat = `${at}.quotas.${envName}`;
    for (const key of ['requestsCpu', 'limitsCpu'] as const) check.check((parseCpu(quota[key]) ?? 0) > 0, `${qat}.${key}`, quota[key], 'a positive CPU quantity such as "4" or "2500m"');
    for (const key of ['requestsMemory', 'limitsMemory'] as const) check.check((parseMemory(quota[key]) ?? 0) > 0, `${qat}.${key}`, quota[key], 'a positive memory quantity such as "8Gi"');
    check.check(Number.isInteger(quota.pods) && quota.pods > 0, `${qat}.pods`, quota.pods, 'a positive integer');
    check.check((parseCpu(quota.limitsCpu) ?? 0) >= (parseCpu(quota.requestsCpu) ?? 0), `${qat}.limitsCpu`, quota.limitsCpu, `at least requestsCpu (${quota.requestsCpu})`);
    check.check((parseMemory(quota.limitsMemory) ?? 0) >= (parseMemory(quota.requestsMemory) ?? 0), `${qat}.limitsMemory`, quota.limitsMemory, `at least requestsMemory (${quota.requestsMemory})`);
  }
}

/** The team's egress rules and the permissions it asks for (the org checks the environments they name). */
function checkAccess(check: PropChecker, at: string, t: TeamProps): void {
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
  });
}

/** Checks a team's alerting: named receivers, their secrets under the team's alerting prefix, the routing (the org checks `pageIn`). */
function checkAlerting(check: PropChecker, at: string, t: TeamProps, a: TeamAlertingProps): void {
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
}
