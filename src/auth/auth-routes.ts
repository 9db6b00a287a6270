import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../app-context.ts';
import { ErrorSchema } from '../http/schemas.ts';
import { requireStaff } from './authenticate.ts';
import { ROLES } from './tokens.ts';

/** Who a staff token belongs to: a sign-in page checks a pasted token and shows the role with it. */
export function authRoutes(ctx: RouteContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/me',
      {
        schema: {
          summary: 'The role and name behind the bearer token',
          response: {
            200: Type.Object({ role: Type.String(), name: Type.String() }),
            '4xx': ErrorSchema,
          },
        },
      },
      async (request) => {
        const caller = await requireStaff(ctx.staffTokens, request, ROLES);
        return { role: caller.role, name: caller.name };
      },
    );
  };
}
