import { type Construct } from 'constructs';
import { AddOn, type AddOnProps } from './addon';

/** The namespace metrics-server runs in. */
export const METRICS_SERVER_NAMESPACE = 'metrics-server';

/** Props of {@link MetricsServerAddOn}. */
export interface MetricsServerAddOnProps extends AddOnProps {}

/**
 * metrics-server: the resource metrics API (`metrics.k8s.io`) the apps'
 * HorizontalPodAutoscalers scale on. Two replicas with a disruption budget, so
 * a node drain never leaves the autoscalers blind.
 */
export class MetricsServerAddOn extends AddOn {
  constructor(scope: Construct, id: string, props: MetricsServerAddOnProps) {
    super(scope, id, {
      name: 'metrics-server',
      namespace: METRICS_SERVER_NAMESPACE,
      repoURL: 'https://kubernetes-sigs.github.io/metrics-server',
      chart: 'metrics-server',
      version: props.version,
      values: {
        replicas: 2,
        podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
        apiService: { create: true },
      },
      apiGroups: [],
      serverSideApply: false,
      ignoreDifferences: [],
    });
  }
}
