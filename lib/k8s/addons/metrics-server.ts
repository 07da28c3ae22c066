import { type Construct } from 'constructs';
import { METRICS_SERVER } from '../../addons/metrics-server';
import { AddOn, type AddOnProps, addOnSpec } from './addon';

export { METRICS_SERVER_NAMESPACE } from '../../addons/metrics-server';

/** Props of {@link MetricsServerAddOn}. */
export interface MetricsServerAddOnProps extends AddOnProps {}

/**
 * metrics-server: the resource metrics API (`metrics.k8s.io`) the apps'
 * HorizontalPodAutoscalers scale on. Two replicas with a disruption budget, so
 * a node drain never leaves the autoscalers blind.
 */
export class MetricsServerAddOn extends AddOn {
  constructor(scope: Construct, id: string, props: MetricsServerAddOnProps) {
    super(scope, id, addOnSpec(scope, METRICS_SERVER, props.version));
  }
}
