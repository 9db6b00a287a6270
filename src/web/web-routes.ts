import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

/** Where `npm run build:web` (run by `npm start` and by the browser tests) writes the bundle. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/**
 * The page may load only its own bundle and talk only to this server: a snippet that somehow carried
 * markup could still not load a script or send data elsewhere. The client never needs inline code.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Serves the web interface's built files at `/`, beside the API under /api/v1. A path that is no file
 * falls through to the app's not-found handler, so unknown API paths still get the JSON 404. Files are
 * looked up per request, so a rebuild is served without a restart. Routing in the browser is by URL
 * fragment: receipt tokens in links never reach the server's logs or a Referer.
 */
export function webRoutes(distDir: string = WEB_DIST_DIR): FastifyPluginAsync {
  return async (app) => {
    if (!existsSync(path.join(distDir, 'index.html'))) {
      app.get('/', { schema: { hide: true } }, async (_request, reply) =>
        reply
          .status(503)
          .type('text/plain; charset=utf-8')
          .send('The web interface is not built. Run `npm run build:web` (npm start does it), then reload.'),
      );
      return;
    }
    await app.register(fastifyStatic, {
      root: distDir,
      prefix: '/',
      index: ['index.html'],
      setHeaders(reply, filePath) {
        if (filePath.endsWith('.html')) {
          reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
          // The page names hashed bundles; it must be re-read so a new build is picked up.
          reply.header('cache-control', 'no-cache');
        } else if (filePath.includes(`${path.sep}assets${path.sep}`)) {
          reply.header('cache-control', 'public, max-age=31536000, immutable');
        }
      },
    });
  };
}
