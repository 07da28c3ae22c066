import { Construct } from 'constructs';
import type { ApplicationSpecIgnoreDifferences } from '../../../imports/argocd-application-argoproj.io';
import { ArgoApplication, SyncWave } from '../argocd-application';
import { PLATFORM_PROJECT } from '../app-project';
import type { AddOnDeclaration } from '../../addons/declaration';
import { addOnsIn } from '../../addons/registry';
import { PlatformEnvironment } from '../platform-environment';

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
 * An add-on is declared as data in lib/addons/ and registered in `ADD_ONS`;
 * {@link addOnSpec} turns its declaration into an {@link AddOnSpec}, and
 * {@link DeclaredAddOn} builds one whose values its declaration holds.
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

/**
 * The spec of a declared add-on in the environment of `scope`: its chart,
 * namespace, CRDs and ignored fields from its declaration, its values from
 * `values` or else its declaration's.
 */
export function addOnSpec(scope: Construct, declaration: AddOnDeclaration, version: string, values?: Record<string, unknown>): AddOnSpec {
  const { org, environment } = PlatformEnvironment.of(scope);
  const app = declaration.application;
  const chart = declaration.release.chart;
  if (!app || !chart) throw new Error(`${scope.node.path}: add-on ${declaration.name} is not installed by a Helm chart (its declaration has no application or no chart)`);
  const resolved = values ?? app.values?.({ org, environment });
  if (!resolved) throw new Error(`${scope.node.path}: add-on ${declaration.name} declares no values: build it with its own class`);
  const ignored = typeof app.ignoreDifferences === 'function' ? app.ignoreDifferences(environment) : (app.ignoreDifferences ?? []);
  return {
    name: declaration.name,
    namespace: typeof app.namespace === 'function' ? app.namespace(environment) : app.namespace,
    repoURL: chart.repoURL,
    chart: chart.name,
    version,
    values: resolved,
    apiGroups: app.apiGroups ?? [],
    serverSideApply: app.serverSideApply ?? false,
    ignoreDifferences: ignored,
  };
}

/** Props of {@link DeclaredAddOn}. */
export interface DeclaredAddOnProps extends AddOnProps {
  /** The add-on's declaration (lib/addons/), with its values. */
  readonly declaration: AddOnDeclaration;
}

/** An add-on built from its declaration alone: one whose values are data of the org and the environment. */
export class DeclaredAddOn extends AddOn {
  constructor(scope: Construct, id: string, props: DeclaredAddOnProps) {
    super(scope, id, addOnSpec(scope, props.declaration, props.version));
  }
}

/** A construct ID from an add-on's name (`cert-manager` → `CertManager`). */
function constructId(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_m, _dash: string, c: string) => c.toUpperCase());
}

/**
 * Builds, in an environment, every registered add-on it runs that is not built
 * yet and whose declaration holds its values (a {@link DeclaredAddOn} each, in
 * the registry's order), pinned by `version`. An org calls it after the
 * add-ons it builds with their own classes: a new add-on is then its
 * declaration and its line in the registry.
 */
export function addDeclaredAddOns(env: Construct, version: (addOn: string) => string): DeclaredAddOn[] {
  const { environment } = PlatformEnvironment.of(env);
  const built = new Set(
    env.node
      .findAll()
      .filter(isAddOn)
      .map((a) => a.spec.name),
  );
  return addOnsIn(environment)
    .filter((d) => d.application?.values !== undefined && !built.has(d.name))
    .map((declaration) => new DeclaredAddOn(env, constructId(declaration.name), { declaration, version: version(declaration.name) }));
}
