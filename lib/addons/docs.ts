/**
 * docs/addons.md, derived from the registry: what each add-on installs, where,
 * the CRDs it brings, its cloud role and its upstream support policy. A test
 * holds the file to it; to write it again:
 * `npx tsc -b tsconfig.json && node dist/lib/addons/docs.js > docs/addons.md`.
 */
import type { AddOnDeclaration } from './declaration';
import { pinnedVersion } from './declaration';
import { ADD_ONS } from './registry';

const code = (s: string) => `\`${s}\``;

/** How an add-on is installed: its chart and version, or its packages at their tag. */
function installs(a: AddOnDeclaration): string {
  const r = a.release;
  if (r.chart) return `chart ${code(`${r.chart.name} ${r.chart.version}`)} (${r.chart.repoURL})`;
  return `${(r.packages ?? []).map((p) => code(`${p}:${pinnedVersion(a)}`)).join(', ')} (by \`PlatformServices\`)`;
}

/** One row of the table. */
function row(a: AddOnDeclaration): string {
  const app = a.application;
  const namespace = app === undefined ? '-' : typeof app.namespace === 'string' ? code(app.namespace) : 'per environment';
  const crds = (app?.apiGroups ?? []).map(code).join(', ') || '-';
  const role = a.cloudRole ? `${code(a.cloudRole.id)}, trusted by ${a.cloudRole.serviceAccounts.map((sa) => code(`${sa.namespace}/${sa.name}`)).join(', ')}` : '-';
  const support = a.release.support ? `${a.release.support.policy} (${a.release.support.source})` : '-';
  const when = a.when ? ' (not in every environment)' : '';
  return `| ${code(a.name)}${when} | ${installs(a)} | ${a.release.repo} ${a.release.tag} | ${namespace} | ${crds} | ${role} | ${support} |`;
}

/** The Markdown of docs/addons.md. */
export function addOnsMarkdown(): string {
  return [
    '# Add-ons',
    '',
    '<!-- Written from lib/addons/registry.ts by lib/addons/docs.ts: do not edit. -->',
    '',
    'Every add-on the platform knows, in the order of the registry (`ADD_ONS`, lib/addons/registry.ts). Each is declared',
    'in a file of its own in lib/addons/; the platform namespaces, the release table of the schema catalog, the example',
    "org's version table, the cloud roles and this page come from the registry. Adding one: a new file there with its",
    '`declareAddOn({...})`, and its line in the registry.',
    '',
    '| add-on | installs | upstream release | namespace | CRDs (API groups) | cloud role (IRSA) | support policy |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...ADD_ONS.map(row),
    '',
  ].join('\n');
}

if (require.main === module) process.stdout.write(addOnsMarkdown());
