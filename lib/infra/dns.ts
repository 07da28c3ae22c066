import { Construct } from 'constructs';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { Route53QueryLog } from '@cdktf/provider-aws/lib/route53-query-log';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { trustDocument } from './policy';
import type { Environment } from '../org/environment';
import type { Org } from '../org/org';

/** Props of {@link DnsZones}. */
export interface DnsZonesProps {
  /** The organisation: one zone per team. */
  readonly org: Org;
  /** The environment whose zones these are (`environment.zoneFor(team)`). */
  readonly environment: Environment;
  /** A provider in us-east-1, where Route 53 writes query logs. */
  readonly queryLogProvider: AwsProvider;
  /**
   * Days the zones' query logs are kept.
   * @default 90
   */
  readonly queryLogRetentionDays?: number;
}

/** One team's zone in an environment. */
export interface TeamZone {
  /** The zone's name, e.g. `staging.payments.example.com`. */
  readonly name: string;
  /** The hosted zone's id. */
  readonly zoneId: string;
  /** The name servers to delegate the zone to, from its parent zone. */
  readonly nameServers: string[];
  /** The ARN of the certificate for the zone and `*.zone` (issued once the zone is delegated and ACM reads its validation record). */
  readonly certificateArn: string;
}

/**
 * The public DNS of an environment: for each team, the hosted zone the
 * environment serves (`environment.zoneFor(team)`), where external-dns writes
 * the routes' records, and an ACM certificate for the zone and every name one
 * label below it (`*.zone`), validated through a record in that zone; the load
 * balancer finds it by the routes' hosts. A zone is never destroyed with
 * records in it. Every query to the zones is logged (Route 53 query logging,
 * to a CloudWatch log group in us-east-1, where Route 53 writes them).
 *
 * ACM issues the certificate once the zone is delegated: the environment that
 * serves a team's zone itself delegates the other environments' subdomains
 * ({@link delegate}); the team's zone is delegated from the organisation's
 * domain by hand, to the name servers the stack outputs. Terraform does not
 * wait for the certificate, so a first apply never hangs on DNS that is not
 * delegated yet.
 */
export class DnsZones extends Construct {
  /** The zones, by team name. */
  public readonly zones: Readonly<Record<string, TeamZone>>;

  constructor(scope: Construct, id: string, props: DnsZonesProps) {
    super(scope, id);
    const { org, environment: env } = props;
    const zones: Record<string, TeamZone> = {};
    const provider = props.queryLogProvider;
    const queryLogs = new CloudwatchLogGroup(this, 'query-logs', {
      provider,
      name: `/aws/route53/${env.clusterName}`,
      retentionInDays: props.queryLogRetentionDays ?? 90,
    });
    const logging = new CloudwatchLogResourcePolicy(this, 'query-logs-policy', {
      provider,
      policyName: `route53-query-logs-${env.clusterName}`,
      policyDocument: trustDocument(this, 'query-logs-policy-document', [
        {
          sid: 'Route53WritesQueryLogs',
          principal: { type: 'Service', identifiers: ['route53.amazonaws.com'] },
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`${queryLogs.arn}:*`],
          conditions: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [env.awsAccountId] }],
        },
      ]).json,
    });
    for (const team of org.teams) {
      const name = env.zoneFor(team);
      const zone = new Route53Zone(this, `zone-${team.name}`, {
        name,
        comment: `Team ${team.name}'s routes in ${env.name} (records by external-dns of ${env.clusterName})`,
        forceDestroy: false,
        tags: { 'paved.dev/team': team.name },
      });
      const certificate = new AcmCertificate(this, `certificate-${team.name}`, {
        domainName: `*.${name}`,
        subjectAlternativeNames: [name],
        validationMethod: 'DNS',
        tags: { 'paved.dev/team': team.name },
        lifecycle: { createBeforeDestroy: true },
      });
      // the zone and its wildcard share one validation record
      const option = certificate.domainValidationOptions.get(0);
      new Route53Record(this, `certificate-validation-${team.name}`, {
        zoneId: zone.zoneId,
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        records: [option.resourceRecordValue],
        ttl: 300,
        allowOverwrite: true,
      });
      new Route53QueryLog(this, `query-log-${team.name}`, { zoneId: zone.zoneId, cloudwatchLogGroupArn: queryLogs.arn, dependsOn: [logging] });
      zones[team.name] = { name, zoneId: zone.zoneId, nameServers: zone.nameServers, certificateArn: certificate.arn };
    }
    this.zones = zones;
  }

  /**
   * Delegates another environment's zones that lie inside this one's (e.g.
   * `staging.payments.example.com` in `payments.example.com`): an NS record
   * per team, to the other environment's name servers (read from its stack's
   * state).
   */
  public delegate(other: DnsZones): void {
    for (const [team, child] of Object.entries(other.zones)) {
      const parent = this.zones[team];
      if (!parent || !child.name.endsWith(`.${parent.name}`)) continue;
      new Route53Record(this, `delegation-${team}-${child.name}`, {
        zoneId: parent.zoneId,
        name: child.name,
        type: 'NS',
        ttl: 172800,
        records: child.nameServers,
      });
    }
  }
}
