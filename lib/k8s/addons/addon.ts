import { Construct } from 'constructs';
import type { ApplicationSpecIgnoreDifferences } from '../../../imports/argocd-application-argoproj.io';
import { ArgoApplication, SyncWave } from '../argocd-application';
import { PLATFORM_PROJECT } from '../app-project';

/** What every add-on says about itself. */
export interface AddOnSpec {
  /** The Application's name, and the Helm release's. */
  readonly name: string;
  /** The namespace it runs in (one of the platform's namespaces). */
  readonly namespace: string;
  /** The Helm repository. */
  readonly repoURL: string;
  /** The chart's name. */
  readonly chart: string;
  /** The chart's version, pinned. */
  readonly version: string;
  /** Helm values. */
  readonly values: Record<string, unknown>;
  /** The API groups whose CRDs the add-on installs (their users must sync in a later wave). */
  readonly apiGroups: readonly string[];
  /** Whether the chart's CRDs are too large for client-side apply. */
  readonly serverSideApply: boolean;
  /** Fields the add-on's own controllers set at runtime. */
  readonly ignoreDifferences: readonly ApplicationSpecIgnoreDifferences[];
}

/** Props every add-on takes. */
export interface AddOnProps {
  /** The chart version to install, from the version matrix. */
  readonly version: string;
}

/**
 * A platform add-on: a pinned upstream Helm chart delivered by an Argo CD
 * Application in the `platform` project, in the add-ons' sync wave (after
 * projects and namespaces, before everything that uses its CRDs), synced
 * automatically with self-heal and bounded retries, never pruned
 * automatically (its CRDs own every custom resource of their kinds).
 *
 * Adding an add-on is one small class that fills in an {@link AddOnSpec}.
 */
export class AddOn extends Construct {
  /** The add-on's spec, resolved. */
  public readonly spec: AddOnSpec;
  /** The Application that delivers it. */
  public readonly application: ArgoApplication;

  constructor(scope: Construct, id: string, spec: AddOnSpec) {
    super(scope, id);
    this.spec = spec;
    this.application = new ArgoApplication(this, 'Application', {
      name: spec.name,
      project: PLATFORM_PROJECT,
      destinationNamespace: spec.namespace,
      source: { kind: 'helm', repoURL: spec.repoURL, chart: spec.chart, version: spec.version, releaseName: spec.name, values: spec.values },
      wave: SyncWave.ADDONS,
      prune: false,
      serverSideApply: spec.serverSideApply,
      ignoreDifferences: spec.ignoreDifferences,
      labels: { 'paved.dev/add-on': spec.name },
    });
  }
}

/** Whether a construct is an add-on. */
export function isAddOn(c: unknown): c is AddOn {
  return c instanceof AddOn;
}
