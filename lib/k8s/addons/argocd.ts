import { type Construct } from 'constructs';
import { ARGOCD_NAMESPACE } from '../app-project';
import { AddOn, type AddOnProps } from './addon';

/** Props of {@link ArgoCdAddOn}. */
export interface ArgoCdAddOnProps extends AddOnProps {
  /**
   * Identity provider groups that administer Argo CD.
   * @default - none: administration only through Git
   */
  readonly adminGroups?: readonly string[];

  /**
   * Namespaces besides `argocd` whose Applications Argo CD reconciles (each
   * still bound by its project's `sourceNamespaces`).
   * @default []
   */
  readonly applicationNamespaces?: readonly string[];
}

/**
 * Lets Argo CD report an Application's health from its resources, so that the
 * root Application waits for each wave's Applications to be healthy before
 * the next wave (Argo CD does not assess Application health by default).
 */
export const APPLICATION_HEALTH_LUA = [
  'hs = {}',
  'hs.status = "Progressing"',
  'hs.message = ""',
  'if obj.status ~= nil and obj.status.health ~= nil then',
  '  hs.status = obj.status.health.status',
  '  if obj.status.health.message ~= nil then hs.message = obj.status.health.message end',
  'end',
  'return hs',
].join('\n');

/**
 * Argo CD itself, self-managed after the bootstrap installed it: the same
 * chart, now from Git. Its ApplicationSet CRD is 1.4 MB, so it syncs server-side.
 */
export class ArgoCdAddOn extends AddOn {
  constructor(scope: Construct, id: string, props: ArgoCdAddOnProps) {
    const admins = props.adminGroups ?? [];
    super(scope, id, {
      name: 'argocd',
      namespace: ARGOCD_NAMESPACE,
      repoURL: 'https://argoproj.github.io/argo-helm',
      chart: 'argo-cd',
      version: props.version,
      values: {
        crds: { install: true, keep: true },
        configs: {
          cm: {
            'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_LUA,
            'application.resourceTrackingMethod': 'annotation',
            'admin.enabled': false,
          },
          params: { 'application.namespaces': (props.applicationNamespaces ?? []).join(',') },
          rbac: {
            'policy.default': '',
            scopes: '[groups]',
            'policy.csv': admins.map((g) => `g, ${g}, role:admin`).join('\n'),
          },
        },
      },
      apiGroups: ['argoproj.io'],
      serverSideApply: true,
      ignoreDifferences: [],
    });
  }
}
