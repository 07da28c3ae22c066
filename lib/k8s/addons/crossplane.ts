import { type Construct } from 'constructs';
import { AddOn, type AddOnProps } from './addon';

/** Props of {@link CrossplaneAddOn}. */
export interface CrossplaneAddOnProps extends AddOnProps {}

/** Crossplane (v2): composite resources, compositions and the package manager for providers and functions. */
export class CrossplaneAddOn extends AddOn {
  constructor(scope: Construct, id: string, props: CrossplaneAddOnProps) {
    super(scope, id, {
      name: 'crossplane',
      namespace: 'crossplane-system',
      repoURL: 'https://charts.crossplane.io/stable',
      chart: 'crossplane',
      version: props.version,
      values: { metrics: { enabled: true } },
      apiGroups: ['apiextensions.crossplane.io', 'pkg.crossplane.io', 'protection.crossplane.io', 'ops.crossplane.io'],
      serverSideApply: true,
      ignoreDifferences: [],
    });
  }
}
