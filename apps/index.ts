import type { TeamApps } from '../lib';
import { payments } from './payments';
import { search } from './search';

/** Every team's apps; a new team adds its entry here. */
export const apps: readonly TeamApps[] = [payments, search];
