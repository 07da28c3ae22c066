import { PostgreSQLInstance } from '../../crossplane/postgresql';
import type { WebserviceEnvVar } from '../../private/kubevela';
import type { AppInfrastructure } from '../app-catalog';
import { type Facet, createClaim } from './facet';

/** The variables an app reads its database from, and the connection Secret's keys they hold. */
const DATABASE_ENV = [
  ['DB_HOST', 'address'],
  ['DB_PORT', 'port'],
  ['DB_USER', 'username'],
  ['DB_PASSWORD', 'password'],
] as const;

/**
 * A PostgreSQL database of the platform's, in the app's namespace (priced in the team's budget); the app reads it
 * through DB_HOST, DB_PORT, DB_USER and DB_PASSWORD.
 * @internal
 */
export const databaseFacet: Facet = (props, ctx) => {
  const database = props.database;
  if (!database) return {};
  const { app, check, envNames, namespace, teamScope } = ctx;
  const conn = `${app}-db-conn`;
  const infrastructure: AppInfrastructure[] = [];
  createClaim(ctx, () => {
    const db = new PostgreSQLInstance(ctx.scope, `${app}-db`, { namespace, team: props.team, size: database.size, storageGB: database.storageGB, connectionSecretName: conn });
    teamScope?._addCost(`${namespace}/${db.name} (PostgreSQLInstance)`, db.monthlyUsd);
    infrastructure.push({ name: db.name, type: 'database', kind: `${db.apiVersion}/${db.kind}`, summary: `PostgreSQL, ${db.size}, ${database.storageGB} GB` });
  });
  const env: WebserviceEnvVar[] = DATABASE_ENV.map(([envVar, key]) => {
    check.check(envNames.claim(envVar), 'database', envVar, `a database whose variable ${envVar} is not already set by \`env\` or \`secrets\``);
    return { name: envVar, valueFrom: { secretKeyRef: { name: conn, key } } };
  });
  return { env, infrastructure };
};
