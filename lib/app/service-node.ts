import type { ServiceNode } from '../k8s/service-graph';
import type { AppConstruct } from './app-construct';

/**
 * An app as the service graph sees it: what it calls and who may call it, its port, database and scraping; the
 * URLs of the apps it calls come back as environment variables added to the app's state (`_addEnv`), which its
 * Application renders.
 * @internal
 */
export function appServiceNode(app: AppConstruct): ServiceNode {
  return {
    team: app.team.name,
    app: app.name,
    namespace: app.namespace,
    port: app.port,
    calls: app.calls,
    callableBy: app.callableBy,
    database: app.hasDatabase,
    scraped: app.scraped,
    source: app.node.path,
    addEnv: (name: string, value: string) => app._addEnv(name, value),
  };
}
