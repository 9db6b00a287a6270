import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { AppContext, RouteContext } from './app-context.ts';
import { auditRoutes } from './audit/audit-routes.ts';
import { authRoutes } from './auth/auth-routes.ts';
import { limitFailedAuth } from './auth/failed-auth-limit.ts';
import { StaffTokenCache } from './auth/staff-token-cache.ts';
import { docketRoutes } from './docket/docket-routes.ts';
import { installErrorHandler } from './http/error-handler.ts';
import { intakeRoutes } from './intake/intake-routes.ts';
import { queryRoutes } from './query/query-routes.ts';
import { LiveRankingIndex } from './query/ranking/live-ranking-index.ts';
import { statusRoutes } from './submissions/status-routes.ts';
import { webRoutes } from './web/web-routes.ts';

/** Request logs name the route and the caller's address, never a query string (receipt tokens ride there) or a header. */
const logSerializers = {
  req(request: { method: string; url: string; ip?: string }) {
    return { method: request.method, url: request.url.split('?')[0], remoteAddress: request.ip };
  },
};

declare module 'fastify' {
  interface FastifyInstance {
    /** The in-memory search ranking, for readiness and for tests and benchmarks to wait on its load. */
    searchIndex: LiveRankingIndex | null;
  }
}

/** Builds the HTTP app around its context; listening is server.ts's job, so tests inject into the same app. */
export async function buildApp(
  ctx: AppContext,
  options: { logger?: FastifyServerOptions['logger'] } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    // Whoever supplies the logger, requests are logged through the same serializers.
    logger:
      options.logger === undefined
        ? { level: ctx.config.LOG_LEVEL, serializers: logSerializers }
        : typeof options.logger === 'object'
          ? { ...options.logger, serializers: logSerializers }
          : options.logger,
    // Ids in logs tie a request's lines together without exposing anything about it.
    genReqId: () => crypto.randomUUID(),
    trustProxy: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const staffTokens = new StaffTokenCache(ctx.db, {
    databaseUrl: ctx.config.DATABASE_URL,
    maxAgeMs: ctx.config.STAFF_TOKEN_CACHE_SECONDS * 1000,
    log: app.log,
  });
  await staffTokens.start();
  app.addHook('onClose', () => staffTokens.close());
  const searchIndex =
    ctx.config.SEARCH_RANKING === 'memory'
      ? new LiveRankingIndex(ctx.db, { databaseUrl: ctx.config.DATABASE_URL, log: app.log })
      : null;
  await searchIndex?.start();
  app.addHook('onClose', async () => {
    await searchIndex?.close();
  });
  app.decorate('searchIndex', searchIndex);
  const routes: RouteContext = { ...ctx, staffTokens, searchRanking: searchIndex };

  installErrorHandler(app);
  await app.register(helmet, { contentSecurityPolicy: false });
  await app.register(multipart, { throwFileSizeLimit: true });
  await limitFailedAuth(app, ctx.config.AUTH_FAILURES_PER_MINUTE);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Docket API', version: '1.0.0', description: 'Public comments on federal RFIs' },
    },
  });

  app.get('/live', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/ready', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await ctx.db.selectFrom('dockets').select('id').limit(1).execute();
      return { ok: true };
    } catch {
      return reply
        .status(503)
        .send({ error: { code: 'not_ready', message: 'The database is not reachable.' } });
    }
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(docketRoutes(routes));
  await app.register(authRoutes(routes));
  await app.register(intakeRoutes(routes));
  await app.register(statusRoutes(routes));
  await app.register(queryRoutes(routes));
  await app.register(auditRoutes(routes));
  await app.register(webRoutes());
  return app;
}
