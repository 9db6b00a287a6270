import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/database.ts';
import { readDocketFile } from '../src/docket/docket-file.ts';
import { importDocket } from '../src/docket/docket-repository.ts';

/** Seeds the first docket, ITA-ITA-2025-0070, from its data file (the RFI's 28 questions). */
export async function up(db: Kysely<any>): Promise<void> {
  const path = fileURLToPath(new URL('../dockets/ita-ita-2025-0070.json', import.meta.url));
  await importDocket(db as Kysely<Database>, await readDocketFile(path));
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('dockets').where('id', '=', 'ITA-ITA-2025-0070').execute();
}
