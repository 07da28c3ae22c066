import { ApiObject, App } from 'cdk8s';
import { type Construct, type IConstruct } from 'constructs';
import { stringify } from 'yaml';
import { PlatformEnvironment } from '../k8s/platform-environment';
import { AppConstruct } from '../app/app-construct';
import { appServiceNode } from '../app/service-node';
import { isAddOn } from '../k8s/addons/addon';
import { GitOpsRoot } from '../k8s/gitops-root';
import { PlatformNamespaces, platformNamespacesOf } from '../k8s/platform-namespaces';
import { TenantAdmissionPolicies } from '../k8s/tenant-admission';
import { TeamScope } from '../k8s/team-scope';
import { TeamPreviews } from '../k8s/team-previews';
import { PREVIEWS_FOLDER, isPreviewFile, previewFolderOf } from '../org/preview-names';
import { previewCopies } from './preview-copies';
import { withPreviews } from '../validate/preview-render';
import { BoundaryWatch, runTeamDefinitions } from '../k8s/team-boundary';
import { checkBudgetsAcrossEnvironments } from '../k8s/team-budget';
import { chargeKeptFiles } from '../k8s/team-limits';
import { tenantsOf } from '../validate/tenants';
import { ruleContextsOf } from '../validate/tenant-rules';
import { type ServiceNode, buildServiceGraph, serviceNodesOf } from '../k8s/service-graph';
import type { Org } from '../org/org';
import { type ReleaseRecord, checkReleaseRecords } from '../org/release-records';
import { placementOf } from '../private/placement';
import { routingContextOf } from '../traffic/routing';
import { StaticFile } from '../private/static-file';
import { ACCESS_REPORT_FILE, accessReport } from '../report/access-report';
import {
  CATALOG_FOLDER,
  type CatalogEntityFile,
  DEFAULT_PLATFORM_TEAM,
  type PortalProps,
  appEntities,
  catalogLocation,
  platformTeamEntity,
  teamAppsLocation,
  teamEntities,
  teamLocation,
} from '../portal/catalog';
import { serviceTemplate } from '../portal/service-template';
import { isCatalogEntity } from '../validate/backstage-check';
import { PavedValidationError, formatProblem, show } from '../private/problems';
import { type ManifestObject, type ValidationReport, errorCount, formatReport } from '../validate/findings';
import { type ValidateOptions, validateObjects } from '../validate/validator';
import { listFiles } from '../private/files';
import { brokenEntries, explainError } from './build-errors';
import { compareStrings } from '../private/compare';
import { fileOrigins, secretsInBuild } from './secret-origins';

export { listFiles };

/**
 * One team's app definition: called once per environment with the team's scope
 * there (its namespace, `scope.team`, `scope.environment`), it creates the
 * team's app(s) in it.
 */
export type AppDefinition = (scope: TeamScope) => void;

/** The app definitions of one team. */
export interface TeamApps {
  /** The team's name, as in the org. */
  readonly team: string;
  /** The team's app definitions. */
  readonly apps: readonly AppDefinition[];
}

/** What a platform (or a team repository) defines: the org and the apps. */
export interface PlatformDefinition {
  /** The organisation. */
  readonly org: Org;
  /** Every team's app definitions (in a team repository: that team's). */
  readonly apps: readonly TeamApps[];
  /**
   * The platform's own part of each environment: add-ons and their
   * configuration. Called once per environment with its chart; not called
   * when only some teams are synthesized.
   * @default - no add-ons
   */
  readonly platform?: (environment: PlatformEnvironment) => void;

  /**
   * How the Backstage catalog and the new-service template are generated.
   * @default - apps in "apps/<team>", a "platform" group owning the template, images on ghcr.io
   */
  readonly portal?: PortalProps;
}

/** What to synthesize. */
export interface GitOpsBuildOptions extends PlatformDefinition {
  /**
   * Synthesize only these environments.
   * @default - every environment of the org
   */
  readonly environments?: readonly string[];

  /**
   * Synthesize only these teams' parts (their namespaces and apps).
   * @default - every team of the org
   */
  readonly teams?: readonly string[];

  /**
   * Options for the validator run on the result.
   * @default - the bundled catalog
   */
  readonly validate?: ValidateOptions;

  /**
   * Objects already in the tree that this build does not own (e.g. apps a team
   * proposes from its own repository); validated together with the new ones.
   * @default []
   */
  readonly existing?: readonly ManifestObject[];

  /**
   * The apps' release records (`releases/<team>/<app>/<env>.yaml`, read with
   * `readReleaseFolder`): an app without `image` runs its record's image.
   * Each must be of an app the definitions create in that environment.
   * @default []
   */
  readonly releases?: readonly ReleaseRecord[];
}

/** The synthesized tree, in memory. */
export interface GitOpsBuild {
  /** Problems with the input, one line each: construct path, prop, value, what is allowed. */
  readonly errors: readonly string[];
  /** The files, by path relative to the tree's root, sorted; empty when there are errors. */
  readonly files: ReadonlyMap<string, string>;
  /** Objects per `apiVersion/kind`. */
  readonly objectsByKind: Readonly<Record<string, number>>;
  /** The validator's report on the tree, when it was built. */
  readonly validation?: ValidationReport;
}

const HEADER = '# Generated by paved (npm run synth) from the TypeScript definitions: do not edit.\n';

/**
 * How objects are written: no line folding, no anchors, and no directives (a
 * new document has only the default `!!` tag handle, which is never written,
 * so `directives: false` writes the same bytes without walking every node to
 * look for tags).
 */
const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false, directives: false } as const;

/** The file, at the tree's root, in which a full synth publishes the org for team repositories. */
export const ORG_FILE = 'org.json';

/** The header of every YAML file paved writes. */
export { HEADER };

/**
 * Which files of the tree a build owns (writes and deletes); every other file
 * is left as it is. A full synth owns everything but the `apps/` folders (in
 * every environment and in the catalog) of teams that define their apps in
 * their own repository; `--env`/`--team` narrow it to those environments' and
 * teams' folders, and the catalog's team folders only when every environment
 * is synthesized (an app's catalog entry describes all of them).
 */
export function ownedBy(options: Pick<GitOpsBuildOptions, 'org' | 'environments' | 'teams'>): (file: string) => boolean {
  const envs = options.environments ?? options.org.environments.map((e) => e.name);
  const external = options.org.teams.filter((t) => t.appsRepository !== undefined).map((t) => t.name);
  const filtered = options.environments !== undefined || options.teams !== undefined;
  return (file: string) => {
    const [env, area, team, sub] = file.split('/');
    if (!filtered) return !((envs.includes(env) || env === CATALOG_FOLDER) && area === 'teams' && external.includes(team) && sub === 'apps');
    if (env === CATALOG_FOLDER) return options.environments === undefined && area === 'teams' && options.teams !== undefined && options.teams.includes(team);
    if (!envs.includes(env)) return false;
    // a team's part: its folders, and its apps' preview copies (previews/<team>/apps)
    return options.teams === undefined || ((area === 'teams' || (area === PREVIEWS_FOLDER && sub === 'apps')) && options.teams.includes(team));
  };
}

/**
 * Builds the GitOps tree in memory: instantiates every environment, team and
 * app, collects every problem (all of them, not just the first), renders one
 * YAML file per object at `<env>/<placement>/<kind>-<name>.yaml`, and runs the
 * validator on the result (with `existing` objects). Nothing is written.
 */
export function buildGitOps(options: GitOpsBuildOptions): GitOpsBuild {
  try {
    return buildChecked(options, 'watched');
  } catch (e) {
    if (!(e instanceof BoundaryCrossed)) throw e;
  }
  const checked = buildChecked(options, 'per definition');
  if (checked.errors.length > 0) return checked;
  return {
    errors: [
      'synth: a team definition changed an object it did not create, and a second build did not show which: the definitions built another tree the second time (a definition must depend on its scope only, not on a counter, the clock or another run)',
    ],
    files: new Map(),
    objectsByKind: {},
  };
}

/**
 * How the tenant boundary sees changes to objects a definition did not create:
 * `watched` compares every object once, after all the team definitions of an
 * environment (linear in the tree); `per definition` compares after each
 * definition (the tree times the definitions), which names the definition that
 * changed what: a build does that only when the watch saw a change.
 */
type BoundaryCheck = 'watched' | 'per definition';

/** The watch saw a definition change an object it did not create. */
class BoundaryCrossed extends Error {}

function buildChecked(options: GitOpsBuildOptions, boundary: BoundaryCheck): GitOpsBuild {
  const errors: string[] = [];
  try {
    return buildStaged(options, errors, boundary);
  } catch (e) {
    if (e instanceof BoundaryCrossed) throw e;
    // a part that depends on a problem already found can fail in ways of its own: the problems found say what to fix
    if (errors.length === 0) throw e;
    return { errors, files: new Map(), objectsByKind: {} };
  }
}

function buildStaged(given: GitOpsBuildOptions, errors: string[], boundary: BoundaryCheck): GitOpsBuild {
  // the previews' folders this build writes are never kept (a full synth writes them all, a team's part its apps' copies)
  const rewritten = (file: string) => {
    const at = previewFolderOf(file);
    return at !== undefined && (given.teams === undefined || (at.part === 'apps' && given.teams.includes(at.team)));
  };
  const options = given.existing ? { ...given, existing: given.existing.filter((m) => !rewritten(m.file)) } : given;
  const { org } = options;
  const platformPart = options.teams === undefined;
  const collect = (where: string, e: unknown) => {
    if (e instanceof PavedValidationError) errors.push(...e.problems.map(formatProblem));
    else errors.push(`${where}: ${explainError(e)}`);
  };
  // the org's own problems (a definition loaded with Org.deferProblems), then those of every
  // environment and team they do not touch: a broken environment or team is left out, the rest is built
  errors.push(...org.problems.map(formatProblem));
  const brokenEnvironments = brokenEntries(org.problems, 'environments').map((i) => org.environments[i]?.name);
  const brokenTeams = brokenEntries(org.problems, 'teams').map((i) => org.teams[i]?.name);

  const envFilter = options.environments ?? org.environments.map((e) => e.name);
  const teamFilter = (options.teams ?? org.teams.map((t) => t.name)).filter((t) => !brokenTeams.includes(t));
  envFilter.forEach((name) => {
    if (!org.environments.some((e) => e.name === name)) errors.push(`synth: environment = ${show(name)} is not allowed: one of ${org.environments.map((e) => e.name).join(', ')}`);
  });
  teamFilter.forEach((name) => {
    if (!org.teams.some((t) => t.name === name)) errors.push(`synth: team = ${show(name)} is not allowed: one of ${org.teams.map((t) => t.name).join(', ')}`);
  });
  options.apps.forEach((entry, i) => {
    const team = org.teams.find((t) => t.name === entry.team);
    if (!team) {
      errors.push(`apps[${i}]: team = ${show(entry.team)} is not allowed: a team of the org (${org.teams.map((t) => t.name).join(', ')})`);
    } else if (team.appsRepository !== undefined && options.teams === undefined && entry.apps.length > 0) {
      errors.push(
        `apps[${i}]: team = ${show(entry.team)} is not allowed: a team whose apps are defined here (team ${team.name} defines them in ${team.appsRepository}; synthesize them there with --team ${team.name})`,
      );
    }
  });

  errors.push(...checkReleaseRecords(org, options.releases ?? []).map(formatProblem));

  const app = new App();
  const environments: PlatformEnvironment[] = [];
  // each environment's tenant boundary watch, compared with the objects as rendered for the tree
  const watches: BoundaryWatch[] = [];
  // apps whose definition failed: problems that only follow from their absence are not reported
  const failedApps = new Set<string>();
  for (const env of org.environments.filter((e) => envFilter.includes(e.name) && !brokenEnvironments.includes(e.name))) {
    const platform = new PlatformEnvironment(app, env.name, { org, environment: env, releases: options.releases ?? [] });
    environments.push(platform);
    if (platformPart) {
      new PlatformNamespaces(platform, 'Namespaces');
      // the tenant rules, as the cluster's admission policies
      new TenantAdmissionPolicies(platform, 'TenantAdmission');
      try {
        options.platform?.(platform);
      } catch (e) {
        collect(`${platform.node.path} (platform definition)`, e);
      }
    }
    // every team's scope first, then their definitions: the boundary watches the tree from there
    const scopes: TeamScope[] = [];
    for (const team of org.teams.filter((t) => teamFilter.includes(t.name) && !brokenTeams.includes(t.name))) {
      try {
        scopes.push(new TeamScope(platform, team.name, { team }));
      } catch (e) {
        collect(`${platform.node.path}/${team.name}`, e);
      }
    }
    // the apps a team proposes as files count in its budget and quotas as the apps built here: priced and counted from what they ask for
    errors.push(...chargeKeptFiles(org, env, scopes, options.existing ?? []));
    const watch = boundary === 'watched' && scopes.length > 0 ? new BoundaryWatch(app) : undefined;
    for (const scope of scopes) {
      const team = scope.team;
      const definitions = options.apps
        .filter((a) => a.team === team.name)
        .flatMap((entry) => entry.apps.map((define, i) => ({ name: `app definition ${define.name || i}`, define: () => define(scope) })));
      // the boundary: what each definition added and changed is checked against what the team owns
      runTeamDefinitions(scope, definitions, watch).forEach((run, i) => {
        errors.push(...run.problems);
        if (run.error !== undefined) {
          collect(`${scope.node.path} (${definitions[i].name})`, run.error);
          for (const c of run.removed) if (c instanceof AppConstruct) failedApps.add(`${team.name}/${c.node.id}`);
          // (its other apps may be missing too: their records are not called stray)
          failedApps.add(`${team.name}/*`);
        }
      });
    }
    if (watch) {
      // the apps' Applications get the URLs of the apps they call next: compared now; the rest when the tree is rendered
      const applications = platform.node
        .findAll()
        .filter((c): c is AppConstruct => c instanceof AppConstruct)
        .flatMap((a) => a.node.findAll().filter((o): o is ApiObject => ApiObject.isApiObject(o) && o.kind === 'Application' && o.apiVersion.startsWith('core.oam.dev/')));
      // a definition changed an object it did not create: built again, checking after each definition, to say which
      if (watch.settle(applications)) throw new BoundaryCrossed();
      watches.push(watch);
    }
    // the service graph: declared calls resolved, URLs given, one NetworkPolicy per app and two per call
    const built = platform.node.findAll().filter((c): c is AppConstruct => c instanceof AppConstruct);
    errors.push(...strayReleaseRecords(options.releases ?? [], env.name, scopes, built, failedApps));
    const builtKeys = new Set(built.map((a) => `${a.team.name}/${a.name}`));
    const nodes: ServiceNode[] = [...built.map(appServiceNode), ...serviceNodesOf(env, options.existing ?? []).filter((n) => !builtKeys.has(`${n.team}/${n.app}`))];
    // a team's part: the policies in its own namespaces (every call into them is known: the other teams' apps are read
    // from the tree), none in another team's, whose files it keeps; calls to others are checked by the platform's synth
    const partial = options.teams !== undefined;
    const problems = buildServiceGraph(org, env, nodes, (team) => (partial && !teamFilter.includes(team) ? undefined : (platform.teamScope(org.team(team)) as unknown as Construct | undefined)));
    for (const p of problems) {
      const callee = /^calls = "([^/]+)\//.exec(p.message)?.[1];
      if (partial && callee !== undefined && !teamFilter.includes(callee)) continue;
      if ([...failedApps].some((key) => p.message.includes(`"${key}"`))) continue;
      errors.push(`${p.caller.source}: ${p.message}`);
    }
  }
  // each environment's entry point, once everything it points at exists
  if (platformPart) {
    for (const platform of environments) {
      const addOns = platform.node.findAll().filter(isAddOn);
      const proposed = new Set((options.existing ?? []).filter((m) => m.file.startsWith(`${platform.environment.name}/teams/`) && m.file.split('/')[3] === 'apps').map((m) => m.file.split('/')[2]));
      const built = new Set(
        platform.node
          .findAll()
          .filter((c): c is AppConstruct => c instanceof AppConstruct)
          .map((a) => a.team.name),
      );
      try {
        new GitOpsRoot(platform, 'Root', {
          helmRepositories: [...new Set(addOns.map((a) => a.spec.repoURL))],
          teamsWithApps: org.teams.map((t) => t.name).filter((t) => built.has(t) || proposed.has(t)),
          leftOut: brokenTeams,
        });
      } catch (e) {
        collect(`${platform.node.path}/Root`, e);
      }
      // previews of pull requests, per team with apps here (those of its own repository too)
      if (platform.environment.previews) {
        for (const team of org.teams.filter((t) => !brokenTeams.includes(t.name) && (built.has(t.name) || proposed.has(t.name)))) {
          try {
            new TeamPreviews(platform, `Previews-${team.name}`, { team });
          } catch (e) {
            collect(`${platform.node.path}/Previews-${team.name}`, e);
          }
        }
      }
    }
  }
  // rules that depend on calls after construction
  for (const platform of environments) {
    for (const c of platform.node.findAll()) {
      for (const message of c.node.validate()) errors.push(`${c.node.path}: ${message}`);
    }
  }
  // a team's budget covers all its environments: only a run that builds them all can add them up
  if (options.environments === undefined) {
    const scopes = environments.flatMap((p) => p.node.findAll().filter((c): c is TeamScope => c instanceof TeamScope));
    errors.push(...checkBudgetsAcrossEnvironments(org, scopes, options.existing ?? []));
  }
  // from here on every part that built is rendered and validated, even when another part failed:
  // the run reports all its problems at once (and writes nothing if there is any). What the validator
  // finds in the objects of a construct a problem was already found in is not reported again.
  const flagged = new Set(errors.map((e) => e.split(': ')[0]).filter((where) => !where.includes(' (')));
  const isFlagged = (c: IConstruct) => c.node.scopes.some((s) => flagged.has(s.node.path));
  const flaggedFiles = new Set<string>();

  // render, one file per object
  const rendered: { file: string; source: IConstruct; object: Record<string, unknown> }[] = [];
  for (const platform of environments) {
    for (const c of platform.node.findAll()) {
      if (!ApiObject.isApiObject(c)) continue;
      let object: Record<string, unknown>;
      try {
        object = c.toJson() as Record<string, unknown>;
      } catch (e) {
        if (!isFlagged(c)) collect(c.node.path, e);
        continue;
      }
      const folder = placementOf(c);
      const file = [platform.environment.name, folder, `${c.kind.toLowerCase()}-${c.name}.yaml`].filter(Boolean).join('/');
      rendered.push({ file, source: c, object });
      if (isFlagged(c)) flaggedFiles.add(file);
    }
  }
  if (watches.length > 0) {
    const final = new Map<ApiObject, string>(rendered.map((r) => [r.source as ApiObject, JSON.stringify(r.object)]));
    if (watches.some((w) => w.changedIn(final))) throw new BoundaryCrossed();
  }
  const files = new Map<string, string>();
  const objectsByKind: Record<string, number> = {};
  const owners = new Map<string, IConstruct>();
  for (const r of rendered.sort((a, b) => compareStrings(a.file, b.file))) {
    const owner = owners.get(r.file);
    if (owner) {
      errors.push(
        `${r.source.node.path}: ${r.object.kind} "${String((r.object.metadata as { name?: string }).name)}" is also written by ${owner.node.path} (${r.file}): give one of them another name`,
      );
      continue;
    }
    owners.set(r.file, r.source);
    files.set(r.file, `${HEADER}${stringify(r.object, YAML_OPTIONS)}`);
    const key = `${String(r.object.apiVersion)}/${String(r.object.kind)}`;
    objectsByKind[key] = (objectsByKind[key] ?? 0) + 1;
  }
  // files written as they are (e.g. a chart Argo CD renders): the same path must have the same content
  for (const platform of environments) {
    for (const f of platform.node.findAll().filter(StaticFile.isStaticFile)) {
      const existing = files.get(f.path);
      if (existing !== undefined && existing !== f.content) errors.push(`${f.node.path}: ${f.path} is also written, with other content, by another construct`);
      files.set(f.path, f.content);
    }
  }

  // the Backstage catalog: environment-independent, so only when every environment is built
  const entityFiles: CatalogEntityFile[] = [];
  if (options.environments === undefined) {
    const entries = environments.flatMap((p) =>
      p.node
        .findAll()
        .filter((c): c is AppConstruct => c instanceof AppConstruct)
        .map((a) => a.catalog),
    );
    for (const p of environments) {
      for (const a of p.node.findAll().filter((c): c is AppConstruct => c instanceof AppConstruct && isFlagged(c))) flaggedFiles.add(`${CATALOG_FOLDER}/teams/${a.team.name}/apps/${a.name}/`);
    }
    entityFiles.push(...org.teams.filter((t) => teamFilter.includes(t.name)).flatMap(teamEntities));
    const apps = appEntities(org, entries, options.portal);
    errors.push(...apps.problems);
    entityFiles.push(...apps.files);
    // each team whose apps are defined here: its apps' entities under a Location of its own, as a team repository proposes it
    entityFiles.push(...org.teams.filter((t) => teamFilter.includes(t.name) && t.appsRepository === undefined).map((t) => teamAppsLocation(t.name)));
    if (platformPart) {
      const platformTeam = options.portal?.platformTeam ?? DEFAULT_PLATFORM_TEAM;
      if (org.teams.some((t) => t.name === platformTeam.name)) {
        errors.push(`portal: platformTeam.name = ${show(platformTeam.name)} is not allowed: a name no team of the org has (the catalog has one Group per team)`);
      } else {
        entityFiles.push(platformTeamEntity(platformTeam));
      }
      const template = serviceTemplate(org, options.portal);
      errors.push(...template.problems);
      entityFiles.push({ file: template.file, entity: template.entity });
      for (const [file, content] of template.files) files.set(file, content);
      const kept = (options.existing ?? []).filter((m) => isCatalogEntity(m.object)).map((m) => m.file);
      entityFiles.push(catalogLocation(org, [...entityFiles.map((f) => f.file), ...kept]));
    } else {
      // a team's own synth: its apps' entities under a Location of its own, which it proposes with them
      for (const team of teamFilter.filter((t) => org.team(t).appsRepository !== undefined)) {
        const apps = teamAppsLocation(team);
        entityFiles.push(apps);
        // and, for this tree only (the platform's Location lists them), the team's Group and System
        const own = entityFiles.filter((f) => f.file.startsWith(`${CATALOG_FOLDER}/teams/${team}/`) && !f.file.startsWith(`${CATALOG_FOLDER}/teams/${team}/apps/`)).map((f) => f.file);
        entityFiles.push(teamLocation(team, [...own, apps.file]));
      }
    }
    for (const f of entityFiles) {
      files.set(f.file, `${HEADER}${stringify(f.entity, { lineWidth: 0, aliasDuplicateObjects: false })}`);
      const key = `${f.entity.apiVersion}/${f.entity.kind}`;
      objectsByKind[key] = (objectsByKind[key] ?? 0) + 1;
    }
  }

  const written = rendered.filter((r) => owners.get(r.file) === r.source).map((r) => ({ file: r.file, object: r.object }));
  // the platform's synth copies every team's apps with previews; a team's own synth its own, which it proposes with them
  const previews = previewCopies(environments, [...written, ...(options.existing ?? [])], platformPart ? undefined : teamFilter);
  for (const [file, content] of previews.files) files.set(file, content);
  const manifests: ManifestObject[] = [
    // the objects written (one refused for another's file is not)
    ...written,
    ...previews.objects,
    ...entityFiles.map((f) => ({ file: f.file, object: f.entity as unknown as Record<string, unknown> })),
    ...(options.existing ?? []),
  ];
  if (options.environments === undefined && options.teams === undefined) {
    files.set(ORG_FILE, `${JSON.stringify(org.toJSON(), null, 2)}\n`);
    // a preview's namespace-less objects are rights in no namespace until a pull request names one (ACCESS.md says so)
    files.set(
      ACCESS_REPORT_FILE,
      accessReport(
        org,
        manifests.filter((m) => !isPreviewFile(m.file)),
      ),
    );
    // the service index (CATALOG.md) and when each app last changed are not written here: every new app would edit
    // them, so two pull requests that add apps would always conflict; paved publish writes them into the published tree
  }
  // no secret value, plain or encoded, in any file written: named by the construct and the field that hold it
  const leaks = secretsInBuild(
    files,
    fileOrigins(
      org,
      environments,
      rendered.filter((r) => owners.get(r.file) === r.source),
      entityFiles,
    ),
  );
  errors.push(...leaks.errors);
  for (const file of leaks.files) flaggedFiles.add(file);
  // a team's part alone relies on the platform's namespaces, which a full synth writes
  const platformNamespaces = options.teams !== undefined ? platformNamespacesOf(org) : [];
  // the previews as a sample pull request makes them, checked like every team's objects
  const sample = withPreviews(
    manifests,
    org.teams.flatMap((t) => environments.filter((p) => p.environment.previews).map((p) => ({ name: t.name, zone: p.environment.zoneFor(t), env: p.environment.name }))),
  );
  errors.push(...sample.problems);
  const validation = validateObjects(sample.objects, {
    ...options.validate,
    knownNamespaces: [...(options.validate?.knownNamespaces ?? []), ...platformNamespaces],
    clusterPerTopLevelFolder: true,
    // the tenant boundary, as the org draws it (the teams' projects in the tree state the same)
    tenants: tenantsOf(org),
    // and the tenant rules its admission policies enforce
    tenantRules: ruleContextsOf(org),
    // a team's part alone routes through the platform's class and zones, which a full synth writes
    ...(options.teams !== undefined ? { routing: { ...routingContextOf(org), ...options.validate?.routing } } : {}),
  });
  // after other problems: only what the validator finds in the parts they do not concern
  const shown =
    errors.length === 0
      ? validation
      : { ...validation, findings: validation.findings.filter((f) => !flaggedFiles.has(f.file) && ![...flaggedFiles].some((d) => d.endsWith('/') && f.file.startsWith(d))) };
  if (errorCount(shown) > 0) {
    const what = errors.length > 0 ? 'the parts that built fail validation' : 'the synthesized tree fails validation';
    return { errors: [...errors, `${what}:\n${formatReport(shown)}`], files: new Map(), objectsByKind, validation: shown };
  }
  if (errors.length > 0) return { errors, files: new Map(), objectsByKind: {}, validation };
  return { errors, files, objectsByKind, validation };
}

export { explainError } from './build-errors';

/** The records of this environment whose app the definitions of its (built) teams did not create here. */
function strayReleaseRecords(releases: readonly ReleaseRecord[], env: string, scopes: readonly TeamScope[], built: readonly AppConstruct[], failed: ReadonlySet<string>): string[] {
  const teams = new Set(scopes.map((s) => s.team.name));
  const apps = new Set(built.map((a) => `${a.team.name}/${a.name}`));
  return releases
    .filter((r) => r.environment === env && teams.has(r.team) && !apps.has(`${r.team}/${r.app}`) && !failed.has(`${r.team}/${r.app}`) && !failed.has(`${r.team}/*`))
    .map((r) => {
      const defined = built.filter((a) => a.team.name === r.team).map((a) => a.name);
      return formatProblem({
        path: r.file,
        prop: 'app',
        value: `${r.team}/${r.app}`,
        allowed: `an app team ${r.team}'s definitions create in ${env} (${defined.length > 0 ? defined.join(', ') : 'none'}): a record of an app that does not run there deploys nothing`,
      });
    });
}
