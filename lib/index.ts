// The public API of paved: re-exports only.

// organisation model
export * from './org/org';
export { DEFAULT_PUBLISH_BRANCH } from './org/gitops-repository';
export type { GitOpsPublishProps, GitOpsRepository, GitOpsRepositoryProps, PublishedRevision } from './org/gitops-repository';
export * from './org/environment';
export * from './org/kubernetes-versions';
export * from './org/team';
export * from './org/team-kinds';
export * from './org/image-policy';
export { type ReleaseRecord, type ReleaseOrg, RELEASES_FOLDER, readReleaseFolder, releaseRecordFile, formatReleaseRecord, parseReleaseRecord, checkReleaseRecords } from './org/release-records';
export * from './org/aws-regions';
export * from './org/cluster-metadata';

// the team-facing API
export * from './app/app-construct';
export * from './app/app-props';
export * from './app/app-catalog';

// cdk8s constructs of the platform
export * from './k8s/platform-environment';
export * from './k8s/team-scope';
export * from './k8s/app-project';
export * from './k8s/platform-namespaces';
export * from './k8s/team-rbac';
export * from './k8s/tenant-admission';
export * from './k8s/team-deployer';
export * from './k8s/argocd-application';
export * from './k8s/gitops-root';
export * from './k8s/repository-credentials';
// add-ons: each declared as data in lib/addons/ and registered in one list (ADD_ONS)
export * from './addons/declaration';
export * from './addons/cloud-rights';
export { ADD_ONS, addOnNamed, addOnsIn, addOnNamespacesIn, type AddOnName } from './addons/registry';
export * from './k8s/addons/addon';
export * from './k8s/addons/argocd';
export * from './k8s/addons/external-secrets';
export * from './k8s/addons/crossplane';
export * from './k8s/addons/kubevela';
export * from './k8s/addons/metrics-server';
export * from './k8s/definitions/platform-definitions';
export * from './definitions';
export * from './traffic/load-balancer-controller';
export * from './traffic/external-dns';
export * from './monitoring/stack';
export * from './monitoring/app-monitoring';
export * from './monitoring/app-alerts';
export * from './validate/languages/promql';
export { appDashboard, dashboardUid, dashboardTag, DASHBOARD_LABEL } from './monitoring/dashboard';
export * from './monitoring/metrics';
export { checkPrometheusRule } from './validate/rules-check';
export { checkServiceMonitors } from './monitoring/servicemonitor-check';
export type { RuleProblem } from './validate/rules-check';
export type { ServiceMonitorProblem, RenderedService } from './monitoring/servicemonitor-check';
export { coveredByZoneCertificate, ROUTE_TLS_SECRET_NAME, LISTEN_PORTS_ANNOTATION, ROUTE_LISTEN_PORTS } from './app/facets/route';
export { TEAM_LABEL } from './k8s/labels';

// self-service infrastructure (Crossplane)
export * from './crossplane/abstraction';
export * from './crossplane/aws-provider';
export * from './crossplane/cluster-metadata-config';
export * from './crossplane/object-bucket';
export * from './crossplane/platform-services';
export * from './crossplane/postgresql';
export * from './org/pricing';
export * from './org/identities';

// synthesis
export * from './synth/gitops';
export { synthGitOps } from './synth/synth-gitops';
export type { GitOpsSynthOptions, GitOpsSynthResult } from './synth/synth-gitops';
export * from './synth/change-day';
export * from './synth/discover';
export * from './synth/write';

// Backstage: catalog entities, the new-service template, the service index
export * from './portal/catalog';
export * from './portal/service-template';
export * from './portal/service-index';
export * from './portal/scaffold';
export * from './portal/new-app';

// reports
export * from './report/access-report';
export * from './report/controller-rights';
export * from './report/support-report';

// validation
export * from './validate/catalog';
export * from './validate/findings';
export * from './validate/validator';
export { tenantsOf, tenantsFromProjects, checkTenantFiles } from './validate/tenants';
export type { TenantBoundary, TenantProblem } from './validate/tenants';
export { runTeamDefinition } from './k8s/team-boundary';
export { checkEntitiesWithBackstage, checkCatalog, isCatalogEntity } from './validate/backstage-check';
export type { CatalogSources, CatalogTeam } from './validate/catalog-ownership';
export { checkRestrictedPodSpec } from './validate/policies';
export { PavedValidationError } from './private/problems';
export type { Problem } from './private/problems';
