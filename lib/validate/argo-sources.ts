/** An Argo CD Application's source, with the field that holds it. */
export interface ApplicationSource {
  /** `spec.source`, or `spec.sources[i]`: where the object gives it. */
  readonly field: string;
  readonly source: Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);

/**
 * The sources an Argo CD Application's spec gives (`spec.source`, then each
 * of `spec.sources`), each named by the field the object uses: findings on a
 * source point at the field it is written in.
 */
export function applicationSources(spec: Obj): ApplicationSource[] {
  const out: ApplicationSource[] = [];
  const single = asObject(spec.source);
  if (single) out.push({ field: 'spec.source', source: single });
  if (Array.isArray(spec.sources)) {
    spec.sources.forEach((s, i) => {
      const source = asObject(s);
      if (source) out.push({ field: `spec.sources[${i}]`, source });
    });
  }
  return out;
}
