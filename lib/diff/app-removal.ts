/**
 * The removal of a whole app from an environment: a reviewer must see it as
 * one item, with what Argo CD and the controllers will do, however its objects
 * are listed.
 */
import { phrase, words } from '../private/escape';
import { reviewItem } from './review-item';
import type { DiffObject, ReviewItem } from './types';

/** An app's folder in a tree: `[<env>/]teams/<team>/apps/<app>/`, and the team and app it names. */
function appOf(file: string): { folder: string; team: string; app: string } | undefined {
  const m = /^(?:([^/]+)\/)?teams\/([^/]+)\/apps\/([^/]+)\//.exec(file);
  return m ? { folder: m[0], team: m[2], app: m[3] } : undefined;
}

const isVelaApplication = (o: DiffObject) => o.object.kind === 'Application' && String(o.object.apiVersion).startsWith('core.oam.dev/');

/** What a removed object does when it goes, in the words of the review. */
function consequence(o: DiffObject): string | undefined {
  const kind = String(o.object.kind);
  if (isVelaApplication(o)) return 'Argo CD prunes its KubeVela Application, and KubeVela deletes what it runs (its pods, Services and route)';
  if (kind === 'ExternalSecret') return 'its ExternalSecret goes, and the Secret it writes with it';
  return undefined;
}

/**
 * One item per app whose KubeVela Application is removed and not replaced in
 * its folder: the app stops running in that environment. The claims it leaves
 * are reviewed on their own (they stay, still billed).
 */
export function appRemovals(added: readonly DiffObject[], removed: readonly DiffObject[]): ReviewItem[] {
  const stillThere = new Set(added.filter(isVelaApplication).flatMap((o) => appOf(o.file)?.folder ?? []));
  const out: ReviewItem[] = [];
  for (const application of removed.filter(isVelaApplication)) {
    const app = appOf(application.file);
    if (!app || stillThere.has(app.folder)) continue;
    const parts = removed.filter((o) => o.file.startsWith(app.folder));
    const what = [...new Set(parts.flatMap((o) => consequence(o) ?? []))].join('; ');
    const others = parts.filter((o) => !consequence(o)).length;
    const where = application.environment ? phrase` from ${application.environment}` : words('');
    const more = others ? words(`; ${others} more of its objects go (listed below)`) : words('');
    out.push(
      reviewItem(
        application,
        phrase`app ${`${app.team}/${app.app}`} removed${where}: it stops serving; ${words(what)}${more}. Intended? A team repository that proposes its apps must propose all of them: an app left out of a proposal is removed`,
      ),
    );
  }
  return out;
}
