import { isFrozenChange } from '../private/deep-freeze';
import { show } from '../private/problems';

/** The indexes of the org's `environments` or `teams` entries that have a problem. */
export function brokenEntries(problems: readonly { prop: string }[], list: 'environments' | 'teams'): number[] {
  const indexes = problems
    .map((p) => new RegExp(`^${list}\\[(\\d+)\\]`).exec(p.prop)?.[1])
    .filter((i): i is string => i !== undefined)
    .map(Number);
  return [...new Set(indexes)];
}

/**
 * An error a definition threw, in words a team can act on: the construct
 * library's messages about ids said in paved's terms, anything else as it was.
 */
export function explainError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const duplicate = /There is already a Construct with name '([^']*)' in (\w+)(?: \[([^\]]*)\])?/.exec(message);
  if (duplicate) {
    return `id = ${show(duplicate[1])} is not allowed: an id no other construct in ${duplicate[3] ? `${duplicate[2]} "${duplicate[3]}"` : 'the same scope'} has (two constructs, e.g. two apps or an app's database and another construct, were given the same id)`;
  }
  if (/Only root constructs may have an empty ID/.test(message)) return 'id = "" is not allowed: a non-empty id (the app\'s name)';
  if (/Cannot add children to .* during synthesis|Cannot add children during synthesis/.test(message))
    return 'a construct was added after synthesis began: create every construct in the definition itself';
  // the org, its environments and teams, and the data paved shares with every definition, are frozen
  if (isFrozenChange(e)) {
    const owner = /of object '#<(Org|Team|Environment)>'/.exec(message)?.[1];
    return `changed ${owner ? `the org's ${owner === 'Org' ? 'definition' : owner.toLowerCase()}` : 'data the platform shares with every definition (the org, an environment or team of it, or a constant of paved)'}, which it does not own (the platform's: ${message}): a team's definitions change only the objects they create`;
  }
  // the process that runs the definitions may not read outside the project, write, or start processes
  const denied = e as { code?: unknown; permission?: unknown; resource?: unknown };
  if (denied.code === 'ERR_ACCESS_DENIED') {
    return `${message} (${String(denied.permission)}${denied.resource === undefined ? '' : ` ${String(denied.resource)}`}): a definition runs in a process that reads only paved and the project's compiled code, writes nothing, and starts no process, worker or inspector`;
  }
  return message;
}
