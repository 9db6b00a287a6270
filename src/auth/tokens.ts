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

export async function findStaffByToken(db: Db, token: string): Promise<StaffCaller | null> {
  const hash = hashSecret(token);
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'token_hash'])
    .where('token_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || !sameDigest(row.token_hash, hash)) return null;
  return { kind: 'staff', tokenId: row.id, name: row.name, role: row.role };
}
