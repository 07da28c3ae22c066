import type { PlatformEnvironment } from '../../k8s/platform-environment';
import { platformNamespacesOf } from '../../k8s/platform-namespaces';
import { routingContextOf } from '../../traffic/routing';
import { type ManifestObject, errorCount, formatReport } from '../../validate/findings';
import { withPreviews } from '../../validate/preview-render';
import { ruleContextsOf } from '../../validate/tenant-rules';
import { tenantsOf } from '../../validate/tenants';
import { validateObjects } from '../../validate/validator';
import type { GitOpsBuild } from '../build-options';
import type { TreeOutput } from './render';
import type { Problems, SynthInput } from './state';

/**
 * The validate stage: the validator on every manifest, with the previews as a
 * sample pull request makes them, the tenant boundary and the tenant rules as
 * the org draws them. The build's result: the tree when nothing is wrong, else
 * every problem (the validator's only on the parts the others do not concern).
 */
export function validate(input: SynthInput, environments: readonly PlatformEnvironment[], manifests: readonly ManifestObject[], out: TreeOutput, { errors }: Problems): GitOpsBuild {
  const { org, options } = input;
  const { files, objectsByKind, flaggedFiles } = out;
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
