/**
 * Which resource (plural name) and scope an object's kind is, as the API
 * server's REST mapping says: the built-in kinds of Kubernetes 1.35 (a
 * table), the custom resources of the schema catalog, and the
 * CustomResourceDefinitions handed in. Admission rules name resources, not
 * kinds, so an object whose kind maps to no resource cannot be matched.
 *
 * @internal
 */
import type { SchemaCatalog } from '../catalog';

/** One served resource. */
export interface ResourceInfo {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The plural, lower-case name rules use (`deployments`). */
  readonly resource: string;
  readonly namespaced: boolean;
}

/** Group, version and kind of an apiVersion and kind. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

type Row = readonly [group: string, versions: string, kind: string, resource: string, namespaced: boolean];

/** The built-in resources of Kubernetes 1.35 that objects are created as (list kinds, reviews and subresources aside). */
const BUILT_IN: readonly Row[] = [
  ['', 'v1', 'ConfigMap', 'configmaps', true],
  ['', 'v1', 'Endpoints', 'endpoints', true],
  ['', 'v1', 'Event', 'events', true],
  ['', 'v1', 'LimitRange', 'limitranges', true],
  ['', 'v1', 'Namespace', 'namespaces', false],
  ['', 'v1', 'Node', 'nodes', false],
  ['', 'v1', 'PersistentVolume', 'persistentvolumes', false],
  ['', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true],
  ['', 'v1', 'Pod', 'pods', true],
  ['', 'v1', 'PodTemplate', 'podtemplates', true],
  ['', 'v1', 'ReplicationController', 'replicationcontrollers', true],
  ['', 'v1', 'ResourceQuota', 'resourcequotas', true],
  ['', 'v1', 'Secret', 'secrets', true],
  ['', 'v1', 'Service', 'services', true],
  ['', 'v1', 'ServiceAccount', 'serviceaccounts', true],
  ['admissionregistration.k8s.io', 'v1', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false],
  ['admissionregistration.k8s.io', 'v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false],
  ['admissionregistration.k8s.io', 'v1', 'ValidatingAdmissionPolicy', 'validatingadmissionpolicies', false],
  ['admissionregistration.k8s.io', 'v1', 'ValidatingAdmissionPolicyBinding', 'validatingadmissionpolicybindings', false],
  ['apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false],
  ['apiregistration.k8s.io', 'v1', 'APIService', 'apiservices', false],
  ['apps', 'v1', 'ControllerRevision', 'controllerrevisions', true],
  ['apps', 'v1', 'DaemonSet', 'daemonsets', true],
  ['apps', 'v1', 'Deployment', 'deployments', true],
  ['apps', 'v1', 'ReplicaSet', 'replicasets', true],
  ['apps', 'v1', 'StatefulSet', 'statefulsets', true],
  ['autoscaling', 'v1,v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true],
  ['batch', 'v1', 'CronJob', 'cronjobs', true],
  ['batch', 'v1', 'Job', 'jobs', true],
  ['certificates.k8s.io', 'v1', 'CertificateSigningRequest', 'certificatesigningrequests', false],
  ['coordination.k8s.io', 'v1', 'Lease', 'leases', true],
  ['discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true],
  ['events.k8s.io', 'v1', 'Event', 'events', true],
  ['flowcontrol.apiserver.k8s.io', 'v1', 'FlowSchema', 'flowschemas', false],
  ['flowcontrol.apiserver.k8s.io', 'v1', 'PriorityLevelConfiguration', 'prioritylevelconfigurations', false],
  ['networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false],
  ['networking.k8s.io', 'v1', 'Ingress', 'ingresses', true],
  ['networking.k8s.io', 'v1', 'IPAddress', 'ipaddresses', false],
  ['networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true],
  ['networking.k8s.io', 'v1', 'ServiceCIDR', 'servicecidrs', false],
  ['node.k8s.io', 'v1', 'RuntimeClass', 'runtimeclasses', false],
  ['policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false],
  ['rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true],
  ['rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true],
  ['resource.k8s.io', 'v1', 'DeviceClass', 'deviceclasses', false],
  ['resource.k8s.io', 'v1', 'ResourceClaim', 'resourceclaims', true],
  ['resource.k8s.io', 'v1', 'ResourceClaimTemplate', 'resourceclaimtemplates', true],
  ['resource.k8s.io', 'v1', 'ResourceSlice', 'resourceslices', false],
  ['scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', false],
  ['storage.k8s.io', 'v1', 'CSIDriver', 'csidrivers', false],
  ['storage.k8s.io', 'v1', 'CSINode', 'csinodes', false],
  ['storage.k8s.io', 'v1', 'CSIStorageCapacity', 'csistoragecapacities', true],
  ['storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false],
  ['storage.k8s.io', 'v1', 'VolumeAttachment', 'volumeattachments', false],
  ['storage.k8s.io', 'v1', 'VolumeAttributesClass', 'volumeattributesclasses', false],
];

/** The REST mapping: kinds to resources, and the versions a resource is served in (its equivalents). */
export class ResourceMap {
  /** The built-in resources, those of the catalog's custom resources, and those of the given CRD objects. */
  public static of(catalog: SchemaCatalog | undefined, crds: readonly Record<string, unknown>[] = []): ResourceMap {
    const map = new ResourceMap();
    for (const [group, versions, kind, resource, namespaced] of BUILT_IN) for (const version of versions.split(',')) map.add({ group, version, kind, resource, namespaced });
    for (const k of catalog?.knownKinds() ?? []) if (k.plural) map.add({ group: k.group, version: k.version, kind: k.kind, resource: k.plural, namespaced: k.scope === 'Namespaced' });
    for (const crd of crds) for (const info of crdResources(crd)) map.add(info);
    return map;
  }

  private readonly byKind = new Map<string, ResourceInfo>();
  private readonly byResource = new Map<string, ResourceInfo[]>();
  private equivalentsOf = new WeakMap<ResourceInfo, readonly ResourceInfo[]>();

  /** Adds (or replaces) a served resource. */
  public add(info: ResourceInfo): void {
    this.equivalentsOf = new WeakMap();
    this.byKind.set(`${info.group}/${info.version}/${info.kind}`, info);
    const key = `${info.group}/${info.resource}`;
    this.byResource.set(key, [...(this.byResource.get(key) ?? []).filter((i) => i.version !== info.version), info]);
  }

  /** The resource of an apiVersion and kind, if known. */
  public forKind(apiVersion: string, kind: string): ResourceInfo | undefined {
    const { group, version } = splitApiVersion(apiVersion);
    return this.byKind.get(`${group}/${version}/${kind}`);
  }

  /** The other served versions of the same resource (matchPolicy Equivalent), in the order they were added. */
  public equivalents(info: ResourceInfo): readonly ResourceInfo[] {
    let found = this.equivalentsOf.get(info);
    if (!found) {
      found = (this.byResource.get(`${info.group}/${info.resource}`) ?? []).filter((i) => i.version !== info.version);
      this.equivalentsOf.set(info, found);
    }
    return found;
  }
}

/**
 * The served versions of a CustomResourceDefinition object, or of a Crossplane
 * v2 CompositeResourceDefinition (Crossplane serves its composite resource as
 * a CRD of the same group, names and versions; namespaced unless its scope says otherwise).
 */
function crdResources(crd: Record<string, unknown>): ResourceInfo[] {
  const spec = crd.spec as { group?: unknown; scope?: unknown; names?: { kind?: unknown; plural?: unknown }; versions?: { name?: unknown; served?: unknown }[] } | undefined;
  const isCrd = crd.kind === 'CustomResourceDefinition' && crd.apiVersion === 'apiextensions.k8s.io/v1';
  const isXrd = crd.kind === 'CompositeResourceDefinition' && crd.apiVersion === 'apiextensions.crossplane.io/v2';
  if (!(isCrd || isXrd) || !spec || typeof spec.group !== 'string' || typeof spec.names?.kind !== 'string' || typeof spec.names.plural !== 'string') return [];
  const { group } = spec;
  const kind = spec.names.kind;
  const resource = spec.names.plural;
  return (Array.isArray(spec.versions) ? spec.versions : [])
    .filter((v) => typeof v.name === 'string' && v.served !== false)
    .map((v) => ({ group, version: v.name as string, kind, resource, namespaced: spec.scope !== 'Cluster' && spec.scope !== 'LegacyCluster' }));
}
