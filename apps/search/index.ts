import type { TeamApps } from '../../lib';
import { indexer } from './indexer';
import { searchApi } from './search-api';

/** The search team's apps. */
export const search: TeamApps = { team: 'search', apps: [searchApi, indexer] };
