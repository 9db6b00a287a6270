import type { FastifyRequest } from 'fastify';
import type { Role } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { StaffTokens } from './staff-token-cache.ts';
import { hashSecret, type StaffCaller, sameDigest } from './tokens.ts';

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? '';
}

export function receiptToken(request: FastifyRequest): string | null {
  const header = request.headers['x-receipt-token'];
  if (typeof header === 'string' && header) return header;
  const query = (request.query as Record<string, unknown> | undefined)?.receipt_token;
  return typeof query === 'string' && query ? query : null;
}

export const unauthenticated = () =>
  new AppError(
    401,
    'unauthenticated',
    'Sign in: send "Authorization: Bearer TOKEN" with a token from your docket administrator.',
  );

/** The staff member behind a bearer token, holding one of `roles`; 401 without a valid token, 403 without the role. */
export async function requireStaff(
  tokens: StaffTokens,
  request: FastifyRequest,
  roles: readonly Role[],
): Promise<StaffCaller> {
  const token = bearerToken(request);
  if (!token) throw unauthenticated();
  const caller = await tokens.find(token);
  if (!caller) {
    request.authFailed = true;
    throw new AppError(
      401,
      'unauthenticated',
      'That token is not valid (mistyped, revoked or expired). Ask your docket administrator for a new one.',
    );
  }
  if (!roles.includes(caller.role)) {
    throw new AppError(
      403,
      'forbidden',
      `Your role (${caller.role}) cannot use this. It needs: ${roles.join(' or ')}.`,
    );
  }
  return caller;
}

/** Whether a receipt token opens this submission (compared as digests, never as plain text). */
export function receiptMatches(token: string, storedHash: string): boolean {
  return sameDigest(hashSecret(token), storedHash);
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request presented a token that was refused: counted by the failed-auth rate limit. */
    authFailed?: boolean;
  }
}
