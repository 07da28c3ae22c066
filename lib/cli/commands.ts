import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import type { TreeDiff } from '../diff/tree-diff';
import type { RenderedObject } from '../render/kubevela';
import { type Finding, type ManifestObject, type ValidationReport, describeObject, errorCount, formatReport } from '../validate/findings';
import { loadManifests } from '../validate/manifests';
import { checkRestrictedPodSpec } from '../validate/policies';
import { missingOrg, readConfig, releasesRoot } from './definition';
import { synthInSandbox } from './sandboxed-synth';
import { synthRecord } from './synth-record';
import { synthIntoScratch } from './scratch-synth';
import { Org } from '../org/org';
import { compareStrings } from '../private/compare';
import { terminalValue } from '../private/escape';

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The modules that load much code (constructs, schemas, CUE), loaded only by
 * the commands that use them: `paved diff` does not load the constructs.
 */
const modules = {
  gitops: () => require('../synth/gitops') as typeof import('../synth/gitops'),
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
  // paved synth starts the process that runs the definition first: what other commands use is loaded when they run
  diff: () => require('../diff/tree-diff') as typeof import('../diff/tree-diff'),
  backstage: () => require('../validate/backstage-check') as typeof import('../validate/backstage-check'),
  serviceMonitors: () => require('../monitoring/servicemonitor-check') as typeof import('../monitoring/servicemonitor-check'),
  portal: () => require('../portal/catalog') as typeof import('../portal/catalog'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** Where a command writes: standard output (results) and standard error (progress, problems). */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  /** Asks a question on the terminal; absent when there is none (CI, pipes). */
  readonly ask?: (question: string) => Promise<string>;
  /** Whether the program that runs paved synthesizes the cloud stacks right after (`npm run synth`): then nobody needs telling. */
  readonly cloudSynthFollows?: boolean;
}

/** Exit codes, as diff(1): 0 nothing to report, 1 findings or changes, 2 the command itself failed. */
export const EXIT = { OK: 0, FINDINGS: 1, ERROR: 2 } as const;

const ms = (n: number) => `${n.toFixed(0)} ms`;

/** The tree a command works on: `dir`, or the package's `paved.out`, or gitops, from the command's folder. */
export function defaultTree(io: Io, dir?: string): string {
  return path.resolve(io.cwd, dir ?? readConfig(io.cwd).out ?? 'gitops');
}

/** Whether a tree holds one folder per environment (cluster) at its top level. */
export function isEnvironmentTree(dir: string): boolean {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return false;
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  return entries.some((e) => e.isDirectory()) && entries.every((e) => e.isDirectory() || !/\.ya?ml$/.test(e.name));
}

// --- synth

export interface SynthOptions {
  readonly env?: string[];
  readonly team?: string[];
  readonly out?: string;
  readonly definition?: string;
  readonly org?: string;
}

/**
 * `paved synth`: builds, validates and writes the GitOps tree atomically. The
 * definition runs in a sandbox (lib/cli/sandbox.ts): a process of its own,
 * with only the variables the org allows, that may not write, spawn or read
 * outside the project; this process writes the tree.
 */
export async function synthCommand(io: Io, options: SynthOptions): Promise<number> {
  const started = Date.now();
  const outDir = defaultTree(io, options.out);
  const shown = path.relative(io.cwd, outDir) || '.';
  // nothing it reads changed since the last synth into this tree, and the tree is as that synth left it
  const definitionFile = options.definition ?? readConfig(io.cwd).definition;
  const record = synthRecord(
    io.cwd,
    outDir,
    { env: options.env, team: options.team, definition: options.definition, org: options.org, out: shown },
    options.org ?? readConfig(io.cwd).org,
    releasesRoot(io.cwd, definitionFile),
  );
  if (record?.upToDate) {
    io.out(`paved synth: ${shown} is up to date (the compiled definitions, the dependencies and the tree are unchanged since the last synth) in ${ms(Date.now() - started)}\n`);
    return EXIT.OK;
  }
  const { result, checks } = await synthInSandbox(io, {
    cwd: io.cwd,
    definition: options.definition,
    org: options.org,
    env: options.env,
    team: options.team,
    outDir,
    checks: record?.keptChecks,
    onLoaded: ({ source, org, definitions }) => {
      io.out(`paved synth: ${source}${options.env ? ` --env ${options.env.join(',')}` : ''}${options.team ? ` --team ${options.team.join(',')}` : ''} → ${shown}\n`);
      io.out(`  loaded definition: ${org.environments.length} environment(s), ${org.teams.length} team(s), ${definitions} app definition(s) (${ms(Date.now() - started)})\n`);
    },
    onStage: (stage, t) => io.out(`  ${stage} (${ms(t)})\n`),
    onWaitForLock: (holder) => io.out(`  waiting: ${shown} is being written by another paved run (${holder})\n`),
  });
  for (const line of result.recovered) io.out(`  recovered: ${line}\n`);
  if (!result.written) {
    io.err(`synth failed with ${result.errors.length} problem(s); ${shown} is unchanged:\n`);
    for (const e of result.errors) io.err(`  - ${e.replace(/\n/g, '\n    ')}\n`);
    return EXIT.FINDINGS;
  }
  const files = [...result.files.keys()];
  io.out(
    `${result.unchanged ? `${shown} is up to date: ${files.length} files, the same bytes, nothing written` : `wrote ${files.length} files to ${shown}`}${result.kept ? ` (kept ${result.kept} files it does not own)` : ''} in ${ms(Date.now() - started)}:\n`,
  );
  for (const [kind, n] of Object.entries(result.objectsByKind).sort(([a], [b]) => compareStrings(a, b))) {
    io.out(`  ${String(n).padStart(6)}  ${kind}\n`);
  }
  // files that are not objects: reports, and the new-service template's files, counted by folder
  const other = files.filter((f) => !/\.ya?ml$/.test(f));
  const { SERVICE_TEMPLATE_FOLDER } = modules.portal();
  const inTemplate = other.filter((f) => f.startsWith(`${SERVICE_TEMPLATE_FOLDER}/`)).length;
  // each team's preview apps folder holds a README.md (so the folder exists while no app of the team is previewed)
  const previewReadmes = other.filter((f) => f.split('/')[1] === 'previews' && f.endsWith('/README.md')).length;
  const named = [
    ...other.filter((f) => !f.startsWith(`${SERVICE_TEMPLATE_FOLDER}/`) && !(f.split('/')[1] === 'previews' && f.endsWith('/README.md'))),
    ...(inTemplate ? [`${inTemplate} in ${SERVICE_TEMPLATE_FOLDER}/`] : []),
    ...(previewReadmes ? [`${previewReadmes} README.md in <env>/previews/<team>/apps/`] : []),
  ];
  if (other.length) io.out(`  ${String(other.length).padStart(6)}  other (${named.join(', ')})\n`);
  if (result.foreign.length) {
    io.out(`kept ${result.foreign.length} file(s) paved did not write (they stay until you delete them, e.g. with git rm):\n`);
    for (const f of result.foreign) io.out(`  ${terminalValue(f)}\n`);
  }
  io.out(`validated ${result.validation?.objects ?? 0} objects: 0 errors, ${result.validation?.findings.length ?? 0} warnings\n`);
  // the schema checks the sandbox ran, kept for the next synth (only synths read them; paved validate checks anew)
  for (const [key, problems] of Object.entries(checks)) record?.checks.keep(key, problems);
  record?.record();
  // the cloud side is another program (cdktf): say so where there is one, so nobody takes this for both
  const cdktf = path.join(io.cwd, 'cdktf.json');
  if (fs.existsSync(cdktf) && !io.cloudSynthFollows) {
    const app = (JSON.parse(fs.readFileSync(cdktf, 'utf8')) as { app?: string }).app;
    io.out(`note: paved synth writes the GitOps tree only; the cloud stacks (cdktf.out/) are written by ${app ? `\`${app}\`` : 'the cdktf app'} (npm run synth runs both)\n`);
  }
  return EXIT.OK;
}

// --- validate

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

/** `paved validate`: validates a tree of YAML files. */
/** What `paved validate` is given besides its options: the release gates' check (`paved releases --check`, which lives beside the release commands). */
export interface ValidateChecks {
  readonly releaseGates?: (io: Io) => { readonly records: number; readonly failures: readonly string[] } | undefined;
}

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
  const report = modules.validator().validateObjects(objects, {
    catalog,
    knownNamespaces,
    clusterPerTopLevelFolder: isEnvironmentTree(root),
    ...(routing ? { routing } : {}),
    ...(tenants ? { tenants } : {}),
    ...(tenantRules ? { tenantRules } : {}),
  });
  // the teams' budgets and quotas, from what the files ask for: claims priced from their parameters, pods counted
  const limits = tenantOrg ? modules.teamLimits().teamUsageFindings(tenantOrg, objects, orgFile ?? 'org.json') : [];
  // and the org's other rules the synth applies to what it builds (environments, labels, secret keys, names, production pods)
  const orgRules = tenantOrg ? modules.orgRules().orgRuleFindings(tenantOrg, objects) : [];
  // Backstage's own validators and policies on the catalog entities, as its catalog would run them
  let findings = [
    ...parseFindings,
    ...modules.previews().previewFindings(modules.previews().checkPreviews(objects, previewTeams)),
    ...report.findings,
    ...limits,
    ...orgRules,
    ...(await modules.backstage().checkEntitiesWithBackstage(objects.filter((m) => modules.backstage().isCatalogEntity(m.object)))),
  ];
  let renderedLine = '';
  let renderedObjects: ManifestObject[] = [];
  if (options.render) {
    const rendered = await modules.render().renderApplications(objects, { catalog });
    findings = [
      ...findings,
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
    renderedLine = `rendered ${rendered.applications} KubeVela Applications into ${rendered.objects.length} objects and checked their pod specs\n`;
    renderedObjects = rendered.objects.map((r) => ({ file: r.file, object: r.object }));
  }
  // proof before apply: the admission policies evaluated on what each team's deployer and the platform will apply
  let admissionLines: string[] = [];
  if (tenantRules) {
    const proofs = modules.proof().proveTree(tenantRules, objects, renderedObjects, { perTopLevelFolder: isEnvironmentTree(root), catalog });
    findings = [...findings, ...proofs.flatMap((p) => p.findings)];
    admissionLines = modules.proof().proofSummary(proofs);
  }
  // the release gates, where the definition's project keeps release records in Git (as paved releases --check)
  // (only for the project's own tree: another folder's history is not this repository's)
  const ownTree = path.resolve(root) === path.resolve(defaultTree(io, undefined));
  const gates = options.releases === false || !ownTree ? undefined : checks.releaseGates?.(io);
  if (gates)
    findings = [
      ...findings,
      ...gates.failures.map((f): Finding => ({ severity: 'error', rule: 'release', file: f.slice(0, f.indexOf(': ')), object: 'release gates', field: '', message: f.slice(f.indexOf(': ') + 2) })),
    ];
  const full: ValidationReport = { ...report, findings };
  if (options.format === 'json') {
    io.out(`${JSON.stringify({ ...full, errors: errorCount(full) }, null, 2)}\n`);
  } else {
    io.out(
      `paved validate: ${path.relative(io.cwd, root) || '.'}${options.schemas?.length ? ` (+ CRDs from ${options.schemas.join(', ')})` : ''}${platformNamespaces.length ? ` (a team's part: the platform's namespaces ${platformNamespaces.join(', ')} are known from ${orgFile})` : ''}\n`,
    );
    io.out(`${formatReport(full)}\n`);
    io.out(renderedLine);
    for (const line of admissionLines) io.out(`${line}\n`);
    if (gates)
      io.out(
        gates.failures.length === 0
          ? `release gates: every build HEAD puts somewhere passes (${gates.records} record(s), and the apps teams propose)\n`
          : `release gates: ${gates.failures.length} failure(s)\n`,
      );
    io.out(`in ${ms(Date.now() - started)}\n`);
  }
  return errorCount(full) > 0 ? EXIT.FINDINGS : EXIT.OK;
}

// --- render

export interface RenderCliOptions {
  readonly app?: string;
  readonly out?: string;
}

/** `paved render`: renders KubeVela Applications into the objects KubeVela would create. */
export async function renderCommand(io: Io, dir: string | undefined, options: RenderCliOptions): Promise<number> {
  const root = defaultTree(io, dir);
  // (the previews' copies are read as a sample pull request's previews apply them: in its namespaces, on its hosts)
  const { objects } = loadManifests(root);
  const result = await modules.render().renderApplications(objects, { app: options.app });
  if (options.app !== undefined && result.applications === 0) {
    io.err(`paved render: no KubeVela Application named "${options.app}" in ${path.relative(io.cwd, root) || '.'}\n`);
    return EXIT.FINDINGS;
  }
  if (options.out) {
    const files = new Map<string, string>();
    for (const r of result.objects) {
      const file = path.join(path.dirname(r.file), 'rendered', `${String(r.object.kind).toLowerCase()}-${String((r.object.metadata as { name?: string }).name)}.yaml`);
      files.set(file, `# rendered by paved from ${r.file} (${r.origin})\n${stringify(r.object, { lineWidth: 0 })}`);
    }
    for (const [file, content] of files) {
      const full = path.resolve(io.cwd, options.out, file);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
    }
    io.err(`rendered ${result.applications} Applications into ${result.objects.length} objects in ${options.out}\n`);
  } else {
    io.out(result.objects.map((r) => `# ${r.application}, component ${r.component} (${r.origin}) from ${r.file}\n${stringify(r.object, { lineWidth: 0 })}`).join('---\n'));
    io.err(`rendered ${result.applications} Applications into ${result.objects.length} objects\n`);
  }
  const t = terminalValue;
  for (const p of result.problems) io.err(`cannot render ${t(p.application)} (${t(p.file)}): ${t(p.field)}: ${t(p.message, 4096)}\n`);
  return result.problems.length > 0 ? EXIT.FINDINGS : EXIT.OK;
}

// --- diff (the command is diff-command.ts)

/** Prints a diff in a format: text, Markdown (a pull request comment) or JSON. */
export function printDiff(io: Io, diff: TreeDiff, format: string | undefined, fullDiffUrl?: string): void {
  if (format === 'json') io.out(`${JSON.stringify(modules.diff().diffToJson(diff), null, 2)}\n`);
  else if (format === 'markdown') io.out(`${modules.diff().formatDiffMarkdown(diff, fullDiffUrl !== undefined ? { fullDiffUrl } : {})}\n`);
  else io.out(`${modules.diff().formatDiffText(diff)}\n`);
}

// --- check

/** `paved check`: synthesizes into a scratch copy (the definition in a sandbox, as `paved synth`) and fails if the committed tree differs. */
export async function checkCommand(io: Io, options: SynthOptions & { readonly format?: string }): Promise<number> {
  const root = defaultTree(io, options.out);
  const synth = await synthIntoScratch(io, root, options);
  try {
    const { result, differing } = synth;
    if (!result.written) {
      io.err(`paved check: synth failed with ${result.errors.length} problem(s):\n`);
      for (const e of result.errors) io.err(`  - ${e}\n`);
      return EXIT.FINDINGS;
    }
    const shown = path.relative(io.cwd, root) || '.';
    if (differing.length === 0) {
      io.out(`paved check: ${shown} is up to date (${synth.files} files)\n`);
      return EXIT.OK;
    }
    io.out(`paved check: ${shown} differs from what synth writes (${differing.length} file(s)); run 'paved synth' and commit:\n`);
    for (const d of differing.slice(0, 50)) io.out(`  ${terminalValue(d)}\n`);
    if (differing.length > 50) io.out(`  ... and ${differing.length - 50} more\n`);
    printDiff(
      io,
      modules.diff().diffTreeFiles(modules.diff().readTreeFilesFromDirectory(root), modules.diff().readTreeFilesFromDirectory(synth.tree), { clusterPerTopLevelFolder: true }),
      options.format,
    );
    return EXIT.FINDINGS;
  } finally {
    fs.rmSync(synth.scratch, { recursive: true, force: true });
  }
}
