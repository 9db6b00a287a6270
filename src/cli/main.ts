/**
 * `npm run cli -- COMMAND …`: the operator's tools. Each prints its result as the last line of stdout
 * and fails with one line on stderr saying what to do.
 */
import { parseArgs } from 'node:util';
import { verifyAuditChain } from '../audit/audit-log.ts';
import { createApiToken, listApiTokens, ROLES, revokeApiToken } from '../auth/tokens.ts';
import { loadConfig } from '../config.ts';
import { createDb, type Db } from '../db/connection.ts';
import type { Role } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { readDocketFile } from '../docket/docket-file.ts';
import { importDocket, setCommentDeadline } from '../docket/docket-repository.ts';
import { isUuid } from '../http/schemas.ts';
import { retagCommand } from './retag-command.ts';

const USAGE = `usage:
  npm run cli -- token create --role ${ROLES.join('|')} --name LABEL
  npm run cli -- token list
  npm run cli -- token revoke TOKEN_ID
  npm run cli -- docket import FILE.json
  npm run cli -- docket deadline DOCKET_ID ISO_DATETIME
  npm run cli -- audit verify
  npm run cli -- retag [--docket DOCKET_ID] [--batch FILES]`;

type Command = (db: Db, args: string[]) => Promise<string>;

const commands: Record<string, Command> = {
  retag: retagCommand,
  'token create': async (db, args) => {
    const { values } = parseArgs({ args, options: { role: { type: 'string' }, name: { type: 'string' } } });
    if (!values.role || !ROLES.includes(values.role as Role))
      throw new Error(`--role must be one of ${ROLES.join(', ')}`);
    if (!values.name?.trim()) throw new Error('--name LABEL is required (who or what the token is for)');
    const token = await createApiToken(db, values.role as Role, values.name.trim());
    console.log(
      `Created a ${values.role} token for "${values.name.trim()}". It is shown once; keep it secret:`,
    );
    return token;
  },
  'token list': async (db) => {
    const tokens = await listApiTokens(db);
    for (const t of tokens) {
      const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'live';
      console.log(`${t.id}  ${t.role.padEnd(23)} ${state.padEnd(32)} ${t.name}`);
    }
    return `${tokens.length} tokens, ${tokens.filter((t) => !t.revokedAt).length} live.`;
  },
  'token revoke': async (db, args) => {
    const id = args[0];
    if (!id || !isUuid(id)) throw new Error('give the id of the token to revoke (see: token list)');
    if (!(await revokeApiToken(db, id))) throw new Error(`no live token with id ${id} (see: token list)`);
    return `Token ${id} is revoked; the next request that presents it is refused.`;
  },
  'docket import': async (db, args) => {
    const path = args[0];
    if (!path) throw new Error('give the docket file: docket import dockets/NAME.json');
    const docket = await readDocketFile(path);
    await importDocket(db, docket);
    return `Imported docket ${docket.id} with ${docket.sections.reduce((n, s) => n + s.questions.length, 0)} questions.`;
  },
  'audit verify': async (db) => {
    const verdict = await verifyAuditChain(db);
    if (verdict.ok) return `Audit trail intact: ${verdict.events} events, every link checked.`;
    throw new Error(
      `audit trail broken at event ${verdict.brokenAt}: ${verdict.reason} (${verdict.events} events read)`,
    );
  },
  'docket deadline': async (db, args) => {
    const [docketId, when] = args;
    const deadline = when ? new Date(when) : null;
    if (!docketId || !deadline || Number.isNaN(deadline.getTime()))
      throw new Error('give a docket id and an ISO 8601 date-time with offset');
    if (!(await setCommentDeadline(db, docketId, deadline))) throw new Error(`no docket "${docketId}"`);
    return `Comment deadline of ${docketId} is now ${deadline.toISOString()}.`;
  },
};

async function main(argv: string[]): Promise<number> {
  // Commands are one word ("retag") or two ("token create").
  const words = commands[argv.slice(0, 2).join(' ')] ? 2 : 1;
  const command = commands[argv.slice(0, words).join(' ')];
  if (!command) {
    console.error(USAGE);
    return 2;
  }
  const db = createDb(loadConfig().DATABASE_URL, 2);
  try {
    await migrateToLatest(db);
    console.log(await command(db, argv.slice(words)));
    return 0;
  } catch (error) {
    console.error(`cli: ${(error as Error).message}`);
    return 1;
  } finally {
    await db.destroy();
  }
}

process.exitCode = await main(process.argv.slice(2));
