import type { TeamApps } from '../../lib';
import { checkout } from './checkout';
import { myApp } from './my-app';

/** The payments team's apps. */
export const payments: TeamApps = { team: 'payments', apps: [myApp, checkout] };
