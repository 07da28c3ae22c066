import type { ServiceAccountRef } from '../k8s/app-project';
import type { RbacRule } from '../k8s/team-rbac';
import { EXTERNAL_DNS_IDENTITY, LOAD_BALANCER_CONTROLLER_IDENTITY } from '../org/identities';

/**
 * The Kubernetes rights the platform's controllers get from their own Helm
 * charts (RBAC paved does not render: the charts do, with paved's values).
 * Read once from each chart's templates at the version named here; the access
 * report says when a tree installs another version, and a test holds these
 * versions to the example platform's (platform/versions.ts), so an upgrade
 * reads them again.
 */
export interface ChartControllerRights {
  /** The controller, as the report names it. */
  readonly controller: string;
  /** The add-on (its Argo CD Application) that installs it. */
  readonly addOn: string;
  /** The chart version the rules were read from. */
  readonly chartVersion: string;
  /** Where: repository, tag, template. */
  readonly source: string;
  /** The service account it runs as. */
  readonly serviceAccount: ServiceAccountRef;
  /** Its cluster-wide rules as the chart renders them with paved's values. */
  readonly rules: readonly RbacRule[];
  /** What the rules do not show. */
  readonly note?: string;
}

const READ = ['get', 'list', 'watch'];
const ALL = ['*'];
const rule = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): RbacRule => ({ apiGroups, resources, verbs, ...(resourceNames ? { resourceNames } : {}) });

/** vela-core with `authentication.enabled` (paved's values): ClusterRole `vela-core:manager`. */
const VELA_CORE: ChartControllerRights = {
  controller: 'KubeVela (vela-core)',
  addOn: 'vela-core',
  chartVersion: '1.10.9',
  source: 'kubevela/kubevela v1.10.9 charts/vela-core/templates/kubevela-controller.yaml (authentication.enabled: true)',
  serviceAccount: { namespace: 'vela-system', name: 'vela-core' },
  rules: [
    rule(['core.oam.dev', 'terraform.core.oam.dev', 'prism.oam.dev', 'standard.oam.dev'], ['*'], ALL),
    rule(['cluster.open-cluster-management.io'], ['managedclusters'], READ),
    rule([''], ['users', 'groups', 'serviceaccounts'], ['impersonate']),
    rule([''], ['namespaces', 'secrets', 'services'], READ),
    rule([''], ['configmaps', 'events'], ALL),
    rule(['apps'], ['controllerrevisions'], ALL),
    rule(['apiregistration.k8s.io'], ['apiservices'], [...READ, 'update']),
    rule(['coordination.k8s.io'], ['leases'], ALL),
    rule(['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], READ),
    rule(['flowcontrol.apiserver.k8s.io'], ['prioritylevelconfigurations', 'flowschemas'], READ),
    rule(['authentication.k8s.io'], ['tokenreviews'], ALL),
    rule(['authorization.k8s.io'], ['subjectaccessreviews'], ALL),
  ],
  note: 'what an Application renders it applies as the user its webhook recorded, never with these rights; its ResourceTrackers (cluster-scoped) and ApplicationRevisions it writes itself. Its impersonation is not limited by name: whoever controls vela-core controls the cluster',
};

/** argo-cd's server: ClusterRole `argocd-server` (exec off, Applications in other namespaces on). */
const ARGOCD_SERVER: ChartControllerRights = {
  controller: 'Argo CD server (UI and API)',
  addOn: 'argocd',
  chartVersion: '10.1.1',
  source: 'argoproj/argo-helm argo-cd-10.1.1 charts/argo-cd/templates/argocd-server/clusterrole.yaml',
  serviceAccount: { namespace: 'argocd', name: 'argocd-server' },
  rules: [
    rule(['*'], ['*'], ['delete', 'get', 'patch']),
    rule([''], ['events'], ['list', 'create']),
    rule([''], ['pods', 'pods/log'], ['get']),
    rule(['argoproj.io'], ['applications', 'applicationsets'], ['get', 'list', 'update', 'watch']),
    rule(['argoproj.io'], ['applications'], ['create', 'delete', 'update', 'patch']),
    rule(['batch'], ['jobs'], ['create']),
    rule(['argoproj.io'], ['workflows'], ['create']),
  ],
  note: 'not a path from Git: what a person does in the UI or CLI, as far as Argo CD RBAC lets them (teams: get and sync their own Applications; platform-admins: everything)',
};

/** crossplane with its RBAC manager (the chart's default): ClusterRole `crossplane:system:aggregate-to-crossplane`. */
const CROSSPLANE: ChartControllerRights = {
  controller: 'Crossplane',
  addOn: 'crossplane',
  chartVersion: '2.3.4',
  source: 'crossplane/crossplane v2.3.4 cluster/charts/crossplane/templates/clusterrole.yaml',
  serviceAccount: { namespace: 'crossplane-system', name: 'crossplane' },
  rules: [
    rule([''], ['events'], ['create', 'update', 'patch', 'delete']),
    rule(['apiextensions.k8s.io'], ['customresourcedefinitions', 'customresourcedefinitions/status'], ALL),
    rule([''], ['secrets'], [...READ, 'create', 'update', 'patch', 'delete']),
    rule([''], ['serviceaccounts', 'services'], ALL),
    rule(['apiextensions.crossplane.io', 'ops.crossplane.io', 'pkg.crossplane.io', 'protection.crossplane.io'], ['*'], ALL),
    rule(['extensions', 'apps'], ['deployments'], ['get', 'list', 'create', 'update', 'patch', 'delete', 'watch']),
    rule(['', 'coordination.k8s.io'], ['configmaps', 'leases'], ['get', 'list', 'create', 'update', 'patch', 'watch', 'delete']),
    rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'], ['get', 'list', 'create', 'update', 'patch', 'watch', 'delete']),
  ],
  note: "its RBAC manager (`crossplane-rbac-manager`: escalate and bind on roles) aggregates into these rules every verb on each XRD's composite kinds and each provider's managed kinds; the managed resources reach AWS as the providers' IRSA role",
};

/** external-secrets with paved's values (no ClusterSecretStores, no ClusterExternalSecrets): ClusterRole `external-secrets-controller`. */
const EXTERNAL_SECRETS: ChartControllerRights = {
  controller: 'External Secrets',
  addOn: 'external-secrets',
  chartVersion: '2.9.0',
  source: 'external-secrets/external-secrets v2.9.0 deploy/charts/external-secrets/templates/rbac.yaml (processClusterStore and processClusterExternalSecret: false)',
  serviceAccount: { namespace: 'external-secrets', name: 'external-secrets' },
  rules: [
    rule(['external-secrets.io'], ['secretstores', 'externalsecrets', 'pushsecrets', 'clusterpushsecrets'], READ),
    rule(
      ['external-secrets.io'],
      ['externalsecrets', 'externalsecrets/status', 'secretstores', 'secretstores/status', 'pushsecrets', 'pushsecrets/status', 'clusterpushsecrets', 'clusterpushsecrets/status'],
      ['get', 'update', 'patch'],
    ),
    rule(['generators.external-secrets.io'], ['generatorstates'], [...READ, 'create', 'update', 'patch', 'delete', 'deletecollection']),
    rule(
      ['generators.external-secrets.io'],
      [
        'acraccesstokens',
        'cloudsmithaccesstokens',
        'clustergenerators',
        'ecrauthorizationtokens',
        'fakes',
        'gcraccesstokens',
        'githubaccesstokens',
        'gitlabdeploytokens',
        'quayaccesstokens',
        'passwords',
        'sshkeys',
        'stssessiontokens',
        'uuids',
        'vaultdynamicsecrets',
        'webhooks',
        'grafanas',
        'mfas',
        'beyondtrustworkloadcredentialsdynamicsecrets',
      ],
      READ,
    ),
    rule([''], ['serviceaccounts', 'namespaces'], READ),
    rule([''], ['configmaps'], READ),
    rule([''], ['secrets'], [...READ, 'create', 'update', 'delete', 'patch']),
    rule([''], ['serviceaccounts/token'], ['create']),
    rule([''], ['events'], ['create', 'patch']),
    rule(['external-secrets.io'], ['pushsecrets'], ['create', 'update', 'delete']),
  ],
  note: "it reads AWS Secrets Manager as each SecretStore's service account (a token it requests for the team's `external-secrets` account, whose IAM role reads only the team's prefix), never with an identity of its own",
};

/** aws-load-balancer-controller: ClusterRole `aws-load-balancer-controller-role` (Secrets not allowed, the chart's default). */
const LOAD_BALANCER_CONTROLLER: ChartControllerRights = {
  controller: 'AWS Load Balancer Controller',
  addOn: 'aws-load-balancer-controller',
  chartVersion: '3.5.0',
  source: 'aws/eks-charts 5239609 (v3.5.0) stable/aws-load-balancer-controller/templates/rbac.yaml',
  serviceAccount: LOAD_BALANCER_CONTROLLER_IDENTITY,
  rules: [
    rule([''], ['configmaps'], ['create', 'delete', 'get', 'update']),
    rule([''], ['endpoints', 'namespaces', 'nodes', 'pods'], READ),
    rule([''], ['events'], ['create', 'patch']),
    rule([''], ['pods/status', 'services/status'], ['patch', 'update']),
    rule([''], ['services'], ['get', 'list', 'patch', 'update', 'watch']),
    rule(['discovery.k8s.io'], ['endpointslices'], READ),
    rule(['elbv2.k8s.aws'], ['albtargetcontrolconfigs'], ['get']),
    rule(['elbv2.k8s.aws'], ['ingressclassparams'], READ),
    rule(['elbv2.k8s.aws'], ['targetgroupbindings'], ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']),
    rule(['elbv2.k8s.aws'], ['targetgroupbindings/status'], ['patch', 'update']),
    rule(['extensions', 'networking.k8s.io'], ['ingresses'], ['get', 'list', 'patch', 'update', 'watch']),
    rule(['extensions', 'networking.k8s.io'], ['ingresses/status'], ['patch', 'update']),
    rule(['networking.k8s.io'], ['ingressclasses'], READ),
    rule(['aga.k8s.aws'], ['globalaccelerators'], ['get', 'list', 'patch', 'watch']),
    rule(['aga.k8s.aws'], ['globalaccelerators/finalizers', 'globalaccelerators/status'], ['patch', 'update']),
    rule(['gateway.k8s.aws'], ['listenerruleconfigurations', 'loadbalancerconfigurations', 'targetgroupconfigurations'], ['get', 'list', 'patch', 'watch']),
    rule(['gateway.k8s.aws'], ['listenerruleconfigurations/finalizers', 'loadbalancerconfigurations/finalizers', 'targetgroupconfigurations/finalizers'], ['patch', 'update']),
    rule(['gateway.k8s.aws'], ['listenerruleconfigurations/status', 'loadbalancerconfigurations/status', 'targetgroupconfigurations/status'], ['get', 'patch', 'update']),
    rule(['gateway.networking.k8s.io'], ['gatewayclasses', 'gateways', 'referencegrants'], ['get', 'list', 'patch', 'watch']),
    rule(['gateway.networking.k8s.io'], ['gatewayclasses/finalizers', 'gateways/finalizers'], ['patch', 'update']),
    rule(
      ['gateway.networking.k8s.io'],
      ['gatewayclasses/status', 'gateways/status', 'grpcroutes/status', 'httproutes/status', 'listenersets/status', 'tcproutes/status', 'tlsroutes/status', 'udproutes/status'],
      ['get', 'patch', 'update'],
    ),
    rule(['gateway.networking.k8s.io'], ['grpcroutes', 'httproutes', 'listenersets', 'tcproutes', 'tlsroutes', 'udproutes'], READ),
    rule(
      ['gateway.networking.k8s.io'],
      ['grpcroutes/finalizers', 'httproutes/finalizers', 'listenersets/finalizers', 'tcproutes/finalizers', 'tlsroutes/finalizers', 'udproutes/finalizers'],
      ['update'],
    ),
  ],
  note: 'the load balancer, listeners, rules and target groups it makes in AWS as its IRSA role',
};

/** external-dns with `sources: [ingress]`: ClusterRole `external-dns`. */
const EXTERNAL_DNS: ChartControllerRights = {
  controller: 'external-dns',
  addOn: 'external-dns',
  chartVersion: '1.21.1',
  source: 'kubernetes-sigs/external-dns external-dns-helm-chart-1.21.1 charts/external-dns/templates/clusterrole.yaml (sources: [ingress])',
  serviceAccount: EXTERNAL_DNS_IDENTITY,
  rules: [rule(['extensions', 'networking.k8s.io'], ['ingresses'], READ)],
  note: "read only in the cluster; the records it writes in the environment's hosted zones as its IRSA role",
};

/** Every controller whose rights come from its chart, as recorded. */
export const CHART_CONTROLLER_RIGHTS: readonly ChartControllerRights[] = [VELA_CORE, ARGOCD_SERVER, CROSSPLANE, EXTERNAL_SECRETS, LOAD_BALANCER_CONTROLLER, EXTERNAL_DNS];

/** The rules the argo-cd chart (10.1.1) gives the application controller in `argocd` (its Role), which paved leaves as they are. */
export const ARGOCD_CONTROLLER_NAMESPACE_RULES: readonly RbacRule[] = [
  rule([''], ['secrets', 'configmaps'], READ),
  rule(['argoproj.io'], ['applications', 'applicationsets', 'appprojects'], ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete']),
  rule([''], ['events'], ['create', 'list']),
  rule(['apps'], ['deployments'], READ),
];
