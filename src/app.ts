import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { AppContext } from './app-context.ts';
import { auditRoutes } from './audit/audit-routes.ts';
import { authRoutes } from './auth/auth-routes.ts';
import { limitFailedAuth } from './auth/failed-auth-limit.ts';
import { docketRoutes } from './docket/docket-routes.ts';
import { installErrorHandler } from './http/error-handler.ts';
import { intakeRoutes } from './intake/intake-routes.ts';
import { queryRoutes } from './query/query-routes.ts';
import { statusRoutes } from './submissions/status-routes.ts';
import { webRoutes } from './web/web-routes.ts';

/** Request logs name the route and the caller's address, never a query string (receipt tokens ride there) or a header. */
const logSerializers = {
  req(request: { method: string; url: string; ip?: string }) {
    return { method: request.method, url: request.url.split('?')[0], remoteAddress: request.ip };
  },
};

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

  await app.register(docketRoutes(ctx));
  await app.register(authRoutes(ctx));
  await app.register(intakeRoutes(ctx));
  await app.register(statusRoutes(ctx));
  await app.register(queryRoutes(ctx));
  await app.register(auditRoutes(ctx));
  await app.register(webRoutes());
  return app;
}
