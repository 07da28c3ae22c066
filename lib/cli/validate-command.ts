/** `paved validate`: a tree of YAML checked as the synth checks what it builds, and more. */
import * as fs from 'fs';
import * as path from 'path';
import type { RenderedObject } from '../render/kubevela';
import { type Finding, type ManifestObject, type ValidationReport, describeObject, errorCount, formatReport } from '../validate/findings';
import { loadManifests } from '../validate/manifests';
import { checkRestrictedPodSpec } from '../validate/policies';
import type { SchemaCatalog } from '../validate/catalog';
import { EXIT, type Io, ms } from './command';
import { missingOrg, readConfig } from './definition';
import { defaultTree, isEnvironmentTree } from './tree';
import { Org } from '../org/org';

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The modules that load much code (constructs, schemas, CUE), loaded only by
 * `paved validate` when it runs (a tree's checks need only some of them).
 */
const modules = {
  validator: () => require('../validate/validator') as typeof import('../validate/validator'),
  catalog: () => require('../validate/catalog') as typeof import('../validate/catalog'),
  coreCheck: () => require('../validate/core-check') as typeof import('../validate/core-check'),
  render: () => require('../render/kubevela') as typeof import('../render/kubevela'),
  platformNamespaces: () => require('../k8s/platform-namespaces') as typeof import('../k8s/platform-namespaces'),
  routing: () => require('../traffic/routing') as typeof import('../traffic/routing'),
  tenants: () => require('../validate/tenants') as typeof import('../validate/tenants'),
  tenantRules: () => require('../validate/tenant-rules') as typeof import('../validate/tenant-rules'),
  proof: () => require('../validate/tenant-rules/proof') as typeof import('../validate/tenant-rules/proof'),
  previews: () => require('../validate/preview-render') as typeof import('../validate/preview-render'),
  teamLimits: () => require('../k8s/team-limits') as typeof import('../k8s/team-limits'),
  orgRules: () => require('../validate/org-rules') as typeof import('../validate/org-rules'),
  backstage: () => require('../validate/backstage-check') as typeof import('../validate/backstage-check'),
  serviceMonitors: () => require('../monitoring/servicemonitor-check') as typeof import('../monitoring/servicemonitor-check'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** Options of `paved validate`. */
export interface ValidateCliOptions {
  readonly org?: string;
  readonly schemas?: string[];
  readonly namespace?: string[];
  readonly render?: boolean;
  readonly format?: string;
  /** `--no-releases`: leave the release gates out (they need the repository's Git history). */
  readonly releases?: boolean;
}

/** The checks on rendered workloads: Pod Security restricted, and requests and limits on every container. */
export function checkRendered(objects: readonly RenderedObject[]): Finding[] {
  const { checkCoreObject } = modules.coreCheck();
  const findings: Finding[] = [];
  const podSpecPaths: Record<string, string[]> = {
    Deployment: ['spec', 'template', 'spec'],
    StatefulSet: ['spec', 'template', 'spec'],
    DaemonSet: ['spec', 'template', 'spec'],
    Job: ['spec', 'template', 'spec'],
    CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  };
  for (const r of objects) {
    const parts = podSpecPaths[String(r.object.kind)];
    const label = `${describeObject(r.object)} (rendered from ${r.application})`;
    const add = (field: string, message: string, rule: Finding['rule'] = 'policy') => findings.push({ severity: 'error', rule, file: r.file, object: label, field, message });
    for (const p of checkCoreObject(r.object)) add(p.field, p.message, 'schema');
    if (!parts) continue;
    const podSpec = parts.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], r.object) as Record<string, unknown> | undefined;
    for (const p of checkRestrictedPodSpec(podSpec, parts.join('.'))) add(p.field, p.message);
    const containers = (podSpec?.containers ?? []) as Record<string, unknown>[];
    containers.forEach((c, i) => {
      const resources = (c.resources ?? {}) as { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
      const at = `${parts.join('.')}.containers[${i}].resources`;
      for (const key of ['cpu', 'memory']) if (resources.requests?.[key] === undefined) add(`${at}.requests.${key}`, 'must be set (the scheduler and quotas need requests)');
      if (resources.limits?.memory === undefined) add(`${at}.limits.memory`, 'must be set (a container without a memory limit can starve its node)');
    });
  }
  return findings;
}

/** What `paved validate` is given besides its options: the release gates' check (`paved releases --check`, which lives beside the release commands). */
export interface ValidateChecks {
  readonly releaseGates?: (io: Io) => ReleaseGates | undefined;
}

/** The release gates' result: how many records, and each failure as `<file>: <message>`. */
type ReleaseGates = { readonly records: number; readonly failures: readonly string[] };

/**
 * The org a tree is checked as, and what follows from it: `--org` or the
 * package's `paved.org` (a team's repository: the tree is the team's part), or
 * else the org.json the platform's tree publishes beside the teams' folders.
 */
function treeOrgOf(io: Io, root: string, options: ValidateCliOptions) {
  // in a team's repository (package.json names the org the platform publishes) the tree is the team's part:
  // the platform's namespaces exist in the clusters without their Namespace objects here, as when it synthesized
  const orgFile = options.org ?? readConfig(io.cwd).org;
  if (orgFile && !fs.existsSync(path.resolve(io.cwd, orgFile))) throw missingOrg(orgFile);
  const org = orgFile ? Org.fromFile(path.resolve(io.cwd, orgFile)) : undefined;
  // the platform's tree publishes its org beside the teams' folders: the tenant boundary comes from it
  const treeOrgFile = path.join(root, 'org.json');
  const tenantOrg = org ?? (fs.existsSync(treeOrgFile) ? Org.fromFile(treeOrgFile) : undefined);
  const platformNamespaces = org ? modules.platformNamespaces().platformNamespacesOf(org) : [];
  const knownNamespaces = [...(options.namespace ?? []), ...platformNamespaces];
  // and its routes go through the platform's ingress class and zones
  const routing = org ? modules.routing().routingContextOf(org) : undefined;
  const tenants = tenantOrg ? modules.tenants().tenantsOf(tenantOrg) : undefined;
  const tenantRules = tenantOrg ? modules.tenantRules().ruleContextsOf(tenantOrg) : undefined;
  // (the previews' folders were read as a sample pull request's previews apply them): their namespaces hold the team's walls
  const previewTeams = tenantOrg ? tenantOrg.environments.filter((e) => e.previews).flatMap((e) => tenantOrg.teams.map((t) => ({ name: t.name, zone: e.zoneFor(t), env: e.name }))) : [];
  return { orgFile, tenantOrg, platformNamespaces, knownNamespaces, routing, tenants, tenantRules, previewTeams };
}

/** The checks of what the files ask of the org: the teams' budgets and quotas, the org's rules, Backstage's validators. */
async function orgFindings(tree: ReturnType<typeof treeOrgOf>, objects: ManifestObject[]): Promise<Finding[]> {
  const { tenantOrg } = tree;
  // the teams' budgets and quotas, from what the files ask for: claims priced from their parameters, pods counted
  const limits = tenantOrg ? modules.teamLimits().teamUsageFindings(tenantOrg, objects, tree.orgFile ?? 'org.json') : [];
  // and the org's other rules the synth applies to what it builds (environments, labels, secret keys, names, production pods)
  const orgRules = tenantOrg ? modules.orgRules().orgRuleFindings(tenantOrg, objects) : [];
  // Backstage's own validators and policies on the catalog entities, as its catalog would run them
  return [...limits, ...orgRules, ...(await modules.backstage().checkEntitiesWithBackstage(objects.filter((m) => modules.backstage().isCatalogEntity(m.object))))];
}

/** `--render`: the Applications rendered as KubeVela would, and the checks on what they render. */
async function renderedChecks(objects: ManifestObject[], catalog: SchemaCatalog): Promise<{ findings: Finding[]; line: string; objects: ManifestObject[] }> {
  const rendered = await modules.render().renderApplications(objects, { catalog });
  const findings = [
    ...rendered.problems.map((p): Finding => ({ severity: 'error', rule: 'schema', file: p.file, object: p.application, field: p.field, message: p.message })),
    ...checkRendered(rendered.objects),
    // every ServiceMonitor scrapes a Service KubeVela renders for its app, on one of its ports
    ...modules
      .serviceMonitors()
      .checkServiceMonitors(
        objects,
        rendered.objects.filter((r) => r.object.kind === 'Service'),
      )
      .map((p): Finding => ({
        severity: 'error',
        rule: 'reference',
        file: p.monitor.file,
        object: describeObject(p.monitor.object),
        field: p.field,
        message: p.message,
      })),
  ];
  return {
    findings,
    line: `rendered ${rendered.applications} KubeVela Applications into ${rendered.objects.length} objects and checked their pod specs\n`,
    objects: rendered.objects.map((r) => ({ file: r.file, object: r.object })),
  };
}

/** The release gates' failures as findings (each `<file>: <message>`). */
function gateFindings(gates: ReleaseGates | undefined): Finding[] {
  return (gates?.failures ?? []).map((f): Finding => ({
    severity: 'error',
    rule: 'release',
    file: f.slice(0, f.indexOf(': ')),
    object: 'release gates',
    field: '',
    message: f.slice(f.indexOf(': ') + 2),
  }));
}

/** What `paved validate` prints besides the report: its header, and the lines of the checks beyond the files'. */
interface ValidateLines {
  readonly header: string;
  readonly rendered: string;
  readonly admission: readonly string[];
  readonly gates: ReleaseGates | undefined;
  readonly started: number;
}

/** Prints the report, as JSON or as text with the lines of the other checks. */
function printValidation(io: Io, full: ValidationReport, format: string | undefined, lines: ValidateLines): void {
  if (format === 'json') {
    io.out(`${JSON.stringify({ ...full, errors: errorCount(full) }, null, 2)}\n`);
    return;
  }
  io.out(lines.header);
  io.out(`${formatReport(full)}\n`);
  io.out(lines.rendered);
  for (const line of lines.admission) io.out(`${line}\n`);
  if (lines.gates)
    io.out(
      lines.gates.failures.length === 0
        ? `release gates: every build HEAD puts somewhere passes (${lines.gates.records} record(s), and the apps teams propose)\n`
        : `release gates: ${lines.gates.failures.length} failure(s)\n`,
    );
  io.out(`in ${ms(Date.now() - lines.started)}\n`);
}

/** `paved validate`: validates a tree of YAML files. */
export async function validateCommand(io: Io, dir: string | undefined, options: ValidateCliOptions, checks: ValidateChecks = {}): Promise<number> {
  const started = Date.now();
  const root = defaultTree(io, dir);
  if (!fs.existsSync(root)) {
    io.err(`paved validate: ${root} does not exist\n`);
    return EXIT.ERROR;
  }
  const { SchemaCatalog } = modules.catalog();
  const catalog = options.schemas?.length ? SchemaCatalog.bundled().withCrds(options.schemas.map((s) => path.resolve(io.cwd, s))) : SchemaCatalog.bundled();
  const { objects, findings: parseFindings } = loadManifests(root);
  const tree = treeOrgOf(io, root, options);
  const { routing, tenants, tenantRules } = tree;
  const report = modules.validator().validateObjects(objects, {
    catalog,
    knownNamespaces: tree.knownNamespaces,
    clusterPerTopLevelFolder: isEnvironmentTree(root),
    ...(routing ? { routing } : {}),
    ...(tenants ? { tenants } : {}),
    ...(tenantRules ? { tenantRules } : {}),
  });
  const previews = modules.previews();
  const checked = [...parseFindings, ...previews.previewFindings(previews.checkPreviews(objects, tree.previewTeams)), ...report.findings, ...(await orgFindings(tree, objects))];
  const rendered = options.render ? await renderedChecks(objects, catalog) : undefined;
  // proof before apply: the admission policies evaluated on what each team's deployer and the platform will apply
  const proofs = tenantRules ? modules.proof().proveTree(tenantRules, objects, rendered?.objects ?? [], { perTopLevelFolder: isEnvironmentTree(root), catalog }) : undefined;
  const admission = proofs ? modules.proof().proofSummary(proofs) : [];
  // the release gates, where the definition's project keeps release records in Git (as paved releases --check)
  // (only for the project's own tree: another folder's history is not this repository's)
  const ownTree = path.resolve(root) === path.resolve(defaultTree(io, undefined));
  const gates = options.releases === false || !ownTree ? undefined : checks.releaseGates?.(io);
  const findings = [...checked, ...(rendered?.findings ?? []), ...(proofs ?? []).flatMap((p) => p.findings), ...gateFindings(gates)];
  const full: ValidationReport = { ...report, findings };
  const { platformNamespaces, orgFile } = tree;
  const header = `paved validate: ${path.relative(io.cwd, root) || '.'}${options.schemas?.length ? ` (+ CRDs from ${options.schemas.join(', ')})` : ''}${platformNamespaces.length ? ` (a team's part: the platform's namespaces ${platformNamespaces.join(', ')} are known from ${orgFile})` : ''}\n`;
  printValidation(io, full, options.format, { header, rendered: rendered?.line ?? '', admission, gates, started });
  return errorCount(full) > 0 ? EXIT.FINDINGS : EXIT.OK;
}
