import type { PlatformEnvironment } from '../../k8s/platform-environment';
import { isPreviewFile } from '../../org/preview-names';
import type { CatalogEntityFile } from '../../portal/catalog';
import { ACCESS_REPORT_FILE, accessReport } from '../../report/access-report';
import type { ManifestObject } from '../../validate/findings';
import { previewCopies } from '../preview-copies';
import { ORG_FILE } from '../tree-format';
import type { TreeOutput } from './render';
import type { SynthInput } from './state';

/**
 * The publish stage: the tree's files beside the objects and the catalog: the
 * apps' preview copies, and in a full synth the org for team repositories
 * (org.json) and who may do what (ACCESS.md). Returns every manifest the
 * validator checks: the objects written, the preview copies, the catalog's
 * entities and the objects kept.
 */
export function publish(input: SynthInput, environments: readonly PlatformEnvironment[], out: TreeOutput, entityFiles: readonly CatalogEntityFile[]): ManifestObject[] {
  const { org, existing, teams: teamFilter } = input;
  const written = out.written.map((r) => ({ file: r.file, object: r.object }));
  // the platform's synth copies every team's apps with previews; a team's own synth its own, which it proposes with them
  const previews = previewCopies(environments, [...written, ...existing], input.platformPart ? undefined : teamFilter);
  for (const [file, content] of previews.files) out.files.set(file, content);
  const manifests: ManifestObject[] = [
    // the objects written (one refused for another's file is not)
    ...written,
    ...previews.objects,
    ...entityFiles.map((f) => ({ file: f.file, object: f.entity as unknown as Record<string, unknown> })),
    ...existing,
  ];
  if (input.everyEnvironment && input.platformPart) {
    out.files.set(ORG_FILE, `${JSON.stringify(org.toJSON(), null, 2)}\n`);
    // a preview's namespace-less objects are rights in no namespace until a pull request names one (ACCESS.md says so)
    out.files.set(
      ACCESS_REPORT_FILE,
      accessReport(
        org,
        manifests.filter((m) => !isPreviewFile(m.file)),
      ),
    );
    // the service index (CATALOG.md) and when each app last changed are not written here: every new app would edit
    // them, so two pull requests that add apps would always conflict; paved publish writes them into the published tree
  }
  return manifests;
}
