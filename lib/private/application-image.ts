import { yaml } from './yaml';

/**
 * Reading the build an app's KubeVela Application runs from its file's text,
 * as Argo CD reads the file: the release gates (lib/release) and the diff's
 * release lines (lib/diff) read it alike.
 */

/** The YAML documents of a file's text that are not empty, as data (a problem where it is not YAML, or holds an alias too many). */
export function yamlDocuments(text: string): { readonly documents: readonly unknown[] } | { readonly problem: string } {
  const docs = yaml.parseAllDocuments(text, { uniqueKeys: true });
  if (!Array.isArray(docs)) return { documents: [] };
  const broken = docs.find((d) => d.errors.length > 0);
  if (broken) return { problem: `not YAML as Argo CD reads it (${broken.errors[0].message.split('\n')[0]})` };
  try {
    // an empty document (a --- at the end) holds nothing, as Argo CD reads it
    return { documents: docs.map((d) => d.toJS({ maxAliasCount: 64 }) as unknown).filter((d) => d !== null && d !== undefined) };
  } catch (e) {
    return { problem: `not YAML as Argo CD reads it (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** An Application's components, and the image of the one named after the app; a problem where the document is not that. */
export function appComponentImage(
  doc: unknown,
  app: string,
): { readonly image: string; readonly components: readonly ({ name?: unknown; properties?: { image?: unknown } } | null)[] } | { readonly problem: string } {
  const application = doc as { kind?: unknown; spec?: { components?: unknown } } | null;
  if (application?.kind !== 'Application' || !Array.isArray(application.spec?.components)) return { problem: 'not an Application with spec.components' };
  const components = application.spec.components as ({ name?: unknown; properties?: { image?: unknown } } | null)[];
  const image = components.find((c) => c?.name === app)?.properties?.image;
  if (typeof image !== 'string') return { problem: `no component named ${app} (after the app) with an image` };
  return { image, components };
}
