import type { ManifestObject } from '../validate/findings';

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A ServiceMonitor that scrapes nothing. */
export interface ServiceMonitorProblem {
  readonly monitor: ManifestObject;
  readonly field: string;
  readonly message: string;
}

/** A Service as KubeVela will create it: the rendered object and the Application file it comes from. */
export interface RenderedService {
  readonly file: string;
  readonly object: Obj;
}

const clusterOf = (file: string) => (file.includes('/') ? file.split('/')[0] : '');

/**
 * Checks that every ServiceMonitor of a tree selects a Service KubeVela will
 * render in its namespace (same cluster folder), and that each endpoint's port
 * (`port` by name, or `targetPort`) is one of that Service's: otherwise
 * Prometheus finds no target and the app's alerts on its metrics never fire.
 */
export function checkServiceMonitors(tree: readonly ManifestObject[], services: readonly RenderedService[]): ServiceMonitorProblem[] {
  const problems: ServiceMonitorProblem[] = [];
  for (const m of tree) {
    if (m.object.kind !== 'ServiceMonitor' || !String(m.object.apiVersion).startsWith('monitoring.coreos.com/')) continue;
    const namespace = asObject(m.object.metadata).namespace;
    const spec = asObject(m.object.spec);
    const wanted = asObject(asObject(spec.selector).matchLabels) as Record<string, string>;
    const candidates = services.filter((s) => clusterOf(s.file) === clusterOf(m.file) && asObject(s.object.metadata).namespace === namespace);
    const selected = candidates.filter((s) => {
      const labels = asObject(asObject(s.object.metadata).labels);
      return Object.entries(wanted).every(([k, v]) => labels[k] === v);
    });
    if (selected.length === 0) {
      const shown = Object.entries(wanted)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      problems.push({
        monitor: m,
        field: 'spec.selector',
        message: `selects no Service in namespace ${String(namespace)} (${shown}; rendered: ${candidates.map((s) => String(asObject(s.object.metadata).name)).join(', ') || 'none'}): Prometheus would scrape nothing`,
      });
      continue;
    }
    asArray(spec.endpoints).forEach((e, i) => {
      const endpoint = asObject(e);
      const ok = selected.some((s) =>
        asArray(asObject(s.object.spec).ports).some((p) => {
          const port = asObject(p);
          if (endpoint.port !== undefined) return port.name === endpoint.port;
          return endpoint.targetPort !== undefined && (port.targetPort ?? port.port) === endpoint.targetPort;
        }),
      );
      if (!ok) {
        const ports = selected.flatMap((s) => asArray(asObject(s.object.spec).ports).map((p) => `${String(asObject(p).name ?? '')}:${String(asObject(p).targetPort ?? asObject(p).port)}`));
        problems.push({
          monitor: m,
          field: `spec.endpoints[${i}]`,
          message: `names a port the selected Service does not have (${JSON.stringify(endpoint.port ?? endpoint.targetPort)}; it has ${ports.join(', ')}): Prometheus would scrape nothing`,
        });
      }
    });
  }
  return problems;
}
