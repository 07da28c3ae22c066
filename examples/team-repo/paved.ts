/**
 * The definition `paved synth` reads (see "paved" in package.json): this team's
 * apps, one file each in apps/ (`npx paved new app` writes a new one). The org
 * (environments, this team's zone, prefix and namespace) is the one the platform
 * publishes as gitops/org.json: never copied by hand.
 */
import * as path from 'path';
import { TeamApps, loadAppDefinitions } from '@acme/paved';

export const apps: readonly TeamApps[] = [{ team: 'mobile', apps: loadAppDefinitions(path.join(__dirname, 'apps')) }];
