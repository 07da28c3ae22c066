import type { Team } from '../org/team';

/** The label that names an object's owning team. */
export const TEAM_LABEL = 'paved.dev/team';

/** Labels every object paved writes for a team carries. */
export function commonLabels(team: Team): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': 'paved',
    [TEAM_LABEL]: team.name,
  };
}
