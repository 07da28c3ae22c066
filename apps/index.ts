import { TeamApps, loadTeamApps } from '../lib';

/**
 * Every team's apps: one folder per team, one file per app (`apps/<team>/<app>.ts`,
 * exporting its `AppDefinition`). A new app is one new file; `npx paved new app` writes it.
 */
export const apps: readonly TeamApps[] = loadTeamApps(__dirname);
