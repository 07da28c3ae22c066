/**
 * The program of the process that runs a definition for `paved` (started by
 * lib/cli/sandbox.ts, under Node.js's permission model, with an empty
 * environment). It answers the messages of lib/cli/sandbox-protocol.ts in
 * order: it loads the definition module with the team modules held back,
 * then sets the environment the org allows and loads the team modules with
 * paved's own loader, then builds the tree and hands its files back. It
 * writes nothing but its own cache entries.
 * @internal
 */
import * as path from 'path';
import { useCacheFolders } from '../private/cache';
import { deepFreeze } from '../private/deep-freeze';
import { describeFailure } from '../private/os-errors';
import { PavedValidationError } from '../private/problems';
import { deferAppModules, deferredFolders, loadDeferred, setDefinitionEnvironment, withoutLeftOut } from '../synth/app-modules';
import { CheckMemo, withCheckMemo } from '../validate/check-memo';
import { type LoadedDefinition, loadDefinitionModule } from './definition';
import type { PortalProps } from '../portal/catalog';
import type { BuildMessage, ChildMessage, EvaluateMessage, LoadMessage, ParentMessage } from './sandbox-protocol';

let definition: LoadedDefinition | undefined;

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

function load(m: LoadMessage): ChildMessage {
  useCacheFolders(m.cache.write, m.cache.read);
  // no team module runs while the definition module loads: they wait for the environment
  deferAppModules();
  definition = loadDefinitionModule(process.cwd(), { ...(m.definition !== undefined ? { definition: m.definition } : {}), ...(m.org !== undefined ? { org: m.org } : {}) });
  return {
    type: 'loaded',
    org: definition.org.toJSON(),
    source: definition.source,
    orgFromFile: definition.orgFromFile,
    appTeams: definition.apps.map((a) => a.team),
    folders: deferredFolders(),
    ...(definition.portal ? { portal: JSON.parse(JSON.stringify(definition.portal)) as PortalProps } : {}),
  };
}

/**
 * The environment the org allows, and everything the team modules are handed
 * frozen: paved's public API (its classes, their prototypes and its
 * constants), so that a module cannot change what another team's definition
 * (or the synth) uses.
 */
function evaluate(m: EvaluateMessage): ChildMessage {
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, m.env);
  setDefinitionEnvironment(m.env);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const api = require(path.join(__dirname, '..', 'index.js')) as Record<string, unknown>;
  for (const value of Object.values(api)) deepFreeze(value, { functions: true });
  const result = loadDeferred(m.listings);
  if (result.problems.length > 0) throw new PavedValidationError(result.problems);
  const definitions = withoutLeftOut(definition?.apps ?? []).reduce((n, t) => n + t.apps.length, 0);
  return { type: 'evaluated', definitions, loaded: [...Object.keys(require.cache), ...result.loaded] };
}

function build(m: BuildMessage): ChildMessage {
  if (!definition) throw new Error('build before load');
  const loaded = definition;
  const memo = new CheckMemo(m.checks);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildGitOps } = require('../synth/gitops') as typeof import('../synth/gitops');
  const result = withCheckMemo(memo, () =>
    buildGitOps({
      org: loaded.org,
      apps: withoutLeftOut(loaded.apps),
      platform: loaded.platform,
      portal: loaded.portal,
      ...(m.environments ? { environments: m.environments } : {}),
      ...(m.teams ? { teams: m.teams } : {}),
      existing: m.existing,
      releases: m.releases,
    }),
  );
  return {
    type: 'built',
    errors: result.errors,
    files: [...result.files],
    objectsByKind: result.objectsByKind,
    ...(result.validation ? { validation: result.validation } : {}),
    checks: memo.entries(),
  };
}

function answer(m: ParentMessage): ChildMessage {
  switch (m.type) {
    case 'load':
      return load(m);
    case 'evaluate':
      return evaluate(m);
    case 'build':
      return build(m);
  }
}

/**
 * Loads the modules that build the tree while paved, told that the definitions
 * ran, reads the tree the build starts from (a build always follows): the
 * build then starts with them loaded. A module that fails to load fails the
 * build, where it is reported.
 */
function preloadBuild(): void {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../synth/gitops');
  } catch {
    // required again by build, which reports it
  }
}

/** A value as it can be sent (a function or a class instance a problem names is sent as its text). */
function cloneable(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return String(value);
  }
}

if (require.main === module) {
  // the parent is gone: so is this process
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: ParentMessage) => {
    let reply: ChildMessage;
    try {
      reply = answer(m);
    } catch (e) {
      reply = e instanceof PavedValidationError ? { type: 'failed', problems: e.problems.map((p) => ({ ...p, value: cloneable(p.value) })) } : { type: 'failed', message: describeFailure(e) };
    }
    void send(reply).then(() => {
      if (reply.type === 'built' || reply.type === 'failed') process.exit(0);
      if (reply.type === 'evaluated') preloadBuild();
    });
  });
}
