import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * Slows down token guessing: each address may present `failuresPerMinute` refused tokens (staff bearer
 * or receipt) a minute; after that every request carrying a token is answered 429 until the minute
 * is over. Only failures count, so a busy analyst or a polling receipt page is never throttled.
 * Counts live in this process's memory: one API process per install, as start.ts runs it.
 */
export async function limitFailedAuth(app: FastifyInstance, failuresPerMinute: number): Promise<void> {
  await app.register(rateLimit, { global: false });
  const failures = app.createRateLimit({ max: failuresPerMinute, timeWindow: 60_000 });

  app.addHook('onRequest', async (request) => {
    if (!presentsToken(request.headers, request.url)) return;
    const status = await failures(request, { increment: false });
    // A peek reports the failures so far; once they reach the allowance, the next attempt is refused.
    if (!status.isAllowed && status.remaining === 0) {
      throw new AppError(
        429,
        'too_many_failed_attempts',
        `Too many refused tokens from your address. Wait ${Math.max(1, Math.ceil(status.ttlInSeconds))} seconds, then try again with a valid token.`,
      );
    }
  });
  app.addHook('onResponse', async (request) => {
    if (request.authFailed) await failures(request);
  });
}

function presentsToken(headers: Record<string, unknown>, url: string): boolean {
  return (
    headers.authorization !== undefined ||
    headers['x-receipt-token'] !== undefined ||
    url.includes('receipt_token=')
  );
}
