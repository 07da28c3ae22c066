import { compareStrings } from '../../private/compare';
import { isEnvVarName } from '../../private/names';
import { describeSecret, plainEnvProblem, scanValue, secretAdvice } from '../../private/secret-values';
import type { Facet } from './facet';

/**
 * The app's plain environment variables, sorted by name: never secrets (a secret in a plain variable, its value
 * or even its name, would land in Git: refused, without repeating it).
 * @internal
 */
export const envFacet: Facet = (props, { check, envNames }) => {
  const plainEnv = props.env ?? {};
  for (const [name, value] of Object.entries(plainEnv)) {
    const nameLeak = scanValue(name);
    if (!check.check(nameLeak.length === 0, 'env', `<redacted: ${name.length} characters>`, `variable names that are not secrets (one holds ${nameLeak.map(describeSecret).join(' and ')})`)) continue;
    check.check(isEnvVarName(name), `env.${name}`, name, 'an environment variable name: letters, digits and "_", not starting with a digit');
    check.check(typeof value === 'string', `env.${name}`, value, 'a string');
    const leak = typeof value === 'string' ? plainEnvProblem(name, value) : undefined;
    check.check(leak === undefined, `env.${name}`, `<redacted: ${String(value).length} characters>`, `a value that is not a secret (${leak ?? ''}): ${secretAdvice(props.team.secretPrefix)}`);
    envNames.claim(name);
  }
  return {
    env: Object.entries(plainEnv)
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([name, value]) => ({ name, value })),
  };
};
