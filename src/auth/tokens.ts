import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import type { Role } from '../db/database.ts';

export const ROLES: readonly Role[] = ['analyst', 'confidentiality_officer', 'admin'];

/**
 * Tokens are 256 random bits, shown once and stored only as their SHA-256: a stolen database gives no
 * usable token. A slow hash would add nothing for secrets this long, and lookups stay one index probe.
 */
export function newSecret(prefix: 'dkt' | 'rcpt'): { token: string; hash: string } {
  const token = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashSecret(token) };
}

export const hashSecret = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Compares two hex digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export async function createApiToken(db: Db, role: Role, name: string): Promise<string> {
  const { token, hash } = newSecret('dkt');
  await db.insertInto('api_tokens').values({ role, name, token_hash: hash, revoked_at: null }).execute();
  return token;
}

export interface StaffCaller {
  kind: 'staff';
  tokenId: string;
  name: string;
  role: Role;
}

export async function findStaffByTokenHash(db: Db, hash: string): Promise<StaffCaller | null> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'token_hash'])
    .where('token_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || !sameDigest(row.token_hash, hash)) return null;
  return { kind: 'staff', tokenId: row.id, name: row.name, role: row.role };
}

export interface ApiTokenSummary {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Every staff token, newest first, without its secret (only a hash is kept, so there is none to show). */
export async function listApiTokens(db: Db): Promise<ApiTokenSummary[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'created_at', 'revoked_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    createdAt: new Date(r.created_at),
    revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
  }));
}

/**
 * Ends a token at once: the database announces the change on commit and the API forgets the tokens it
 * had verified (staff-token-cache.ts), so the next request with it is refused.
 * Returns false when no live token has that id (unknown, or revoked already).
 */
export async function revokeApiToken(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
