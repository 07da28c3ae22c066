import { Construct } from 'constructs';
import { Application, type ApplicationSpecIgnoreDifferences } from '../../imports/argocd-application-argoproj.io';
import { ARGOCD_NAMESPACE, IN_CLUSTER } from './app-project';
import { PAVED_MANIFEST_GLOB } from '../private/argo-directory-settings';

/**
 * The order in which the root Application syncs its children (Argo CD sync
 * waves): projects and namespaces, then the add-ons (their CRDs and
 * controllers), then what uses those CRDs (stores, compositions, definitions),
 * then team namespaces, then team apps.
 */
export const SyncWave = {
  /** AppProjects and the platform's namespaces. */
  FOUNDATION: -20,
  /** Add-ons: CRDs and controllers. */
  ADDONS: -10,
  /** Platform configuration that uses the add-ons' CRDs. */
  PLATFORM_CONFIG: -5,
  /** Team tenancy: namespaces, quotas, policies, RBAC, stores, projects. */
  TEAM_TENANCY: 0,
  /** Team apps. */
  TEAM_APPS: 10,
} as const;

/** Annotation that keeps Argo CD from ever deleting an object (data-owning objects). */
export const KEEP_ON_DELETE = { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' } as const;

/**
 * A Git directory or a pinned Helm chart. A Git directory is always read as a
 * directory source (the type is explicit: no file in the folder can make Argo
 * CD render it with Helm or Kustomize), and only its `.yaml` files, the files
 * paved writes (`directory.include`).
 */
export type ApplicationSourceSpec =
  | { readonly kind: 'git'; readonly repoURL: string; readonly revision: string; readonly path: string; readonly recurse: boolean }
  | { readonly kind: 'helm'; readonly repoURL: string; readonly chart: string; readonly version: string; readonly releaseName: string; readonly values?: Record<string, unknown> };

/** Props of {@link ArgoApplication}. */
export interface ArgoApplicationProps {
  /** The Application's name (in the `argocd` namespace). */
  readonly name: string;
  /** The AppProject it belongs to. */
  readonly project: string;
  /** The namespace objects without one go to. */
  readonly destinationNamespace: string;
  /** What to deploy. */
  readonly source: ApplicationSourceSpec;
  /** When, relative to its siblings, the root syncs it. */
  readonly wave: number;
  /**
   * Delete objects that left the source. Off for anything that owns data.
   * @default true
   */
  readonly prune?: boolean;
  /**
   * Apply on the server side (needed for CRDs larger than the annotation limit).
   * @default false
   */
  readonly serverSideApply?: boolean;
  /**
   * Fields a controller sets that Argo CD must not fight over.
   * @default []
   */
  readonly ignoreDifferences?: readonly ApplicationSpecIgnoreDifferences[];
  /**
   * Labels.
   * @default {}
   */
  readonly labels?: Record<string, string>;
}

/** How Argo CD retries a failed sync of paved's Applications: five times, from 10 s, doubling, at most 5 min apart. */
export const SYNC_RETRY = { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } } as const;

/**
 * An Argo CD Application with the platform's sync rules: automated sync with
 * self-heal, bounded retries with backoff, pruning as asked, a sync wave, and
 * the finalizer that cleans up what it deployed.
 */
export class ArgoApplication extends Construct {
  /** The Application's name. */
  public readonly name: string;
  /** Its project. */
  public readonly project: string;
  /** Its wave. */
  public readonly wave: number;

  constructor(scope: Construct, id: string, props: ArgoApplicationProps) {
    super(scope, id);
    this.name = props.name;
    this.project = props.project;
    this.wave = props.wave;
    const src = props.source;
    const syncOptions = ['CreateNamespace=false', 'PrunePropagationPolicy=foreground', 'PruneLast=true'];
    if (props.serverSideApply) syncOptions.push('ServerSideApply=true');
    if (props.ignoreDifferences?.length) syncOptions.push('RespectIgnoreDifferences=true');
    new Application(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: ARGOCD_NAMESPACE,
        labels: { 'app.kubernetes.io/managed-by': 'paved', ...props.labels },
        annotations: { 'argocd.argoproj.io/sync-wave': String(props.wave) },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: props.project,
        destination: { server: IN_CLUSTER, namespace: props.destinationNamespace },
        source:
          src.kind === 'git'
            ? { repoUrl: src.repoURL, targetRevision: src.revision, path: src.path, directory: { recurse: src.recurse, include: PAVED_MANIFEST_GLOB } }
            : { repoUrl: src.repoURL, chart: src.chart, targetRevision: src.version, helm: { releaseName: src.releaseName, ...(src.values ? { valuesObject: src.values } : {}) } },
        syncPolicy: {
          automated: { prune: props.prune ?? true, selfHeal: true },
          retry: SYNC_RETRY,
          syncOptions,
        },
        ...(props.ignoreDifferences?.length ? { ignoreDifferences: [...props.ignoreDifferences] } : {}),
      },
    });
  }
}
