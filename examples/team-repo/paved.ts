/**
 * The definition `paved synth` reads (see "paved" in package.json): this team's
 * apps. The org (environments, this team's zone, prefix and namespace) is the
 * one the platform publishes as gitops/org.json: never copied by hand.
 */
import type { TeamApps } from 'paved';
import { mobileBff } from './apps/mobile-bff';
import { pushWorker } from './apps/push-worker';

export const apps: readonly TeamApps[] = [{ team: 'mobile', apps: [mobileBff, pushWorker] }];
