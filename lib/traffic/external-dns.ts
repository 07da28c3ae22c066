import { type Construct } from 'constructs';
import { EXTERNAL_DNS } from '../addons/external-dns';
import { AddOn, type AddOnProps, addOnSpec } from '../k8s/addons/addon';
import { PlatformEnvironment } from '../k8s/platform-environment';

/** Props of {@link ExternalDnsAddOn}. */
export interface ExternalDnsAddOnProps extends AddOnProps {}

/**
 * external-dns: writes a Route 53 alias record for every route's host, to the
 * shared load balancer, in the hosted zones the cloud stack creates for this
 * environment (one per team: `Environment.zoneFor`). It reads Ingresses only,
 * owns what it writes through TXT records marked with the cluster's name, and
 * deletes only records it owns (`sync` policy); its IAM role may change the
 * environment's zones and nothing else.
 */
export class ExternalDnsAddOn extends AddOn {
  /** The zones it manages records in. */
  public readonly domainFilters: readonly string[];

  constructor(scope: Construct, id: string, props: ExternalDnsAddOnProps) {
    const { org, environment: env } = PlatformEnvironment.of(scope);
    const domainFilters = org.zonesServedBy(env);
    super(scope, id, addOnSpec(scope, EXTERNAL_DNS, props.version));
    this.domainFilters = domainFilters;
  }
}
