import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoutes } from '../../src/web/web-routes.ts';

let dist: string;

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'docket-web-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>Docket</title>');
  await writeFile(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
});
afterAll(async () => {
  await rm(dist, { recursive: true, force: true });
});

async function appServing(dir: string) {
  const app = Fastify({ logger: false });
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: 'No such route.' } }),
  );
  await app.register(webRoutes(dir));
  app.get('/api/v1/ping', async () => ({ ok: true }));
  return app;
}

describe('the web interface is served beside the API', () => {
  it('serves the page at / with a policy that allows only its own scripts, styles and API', async () => {
    const app = await appServing(dist);
    const page = await app.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['cache-control']).toBe('no-cache');
    await app.close();
  });

  it('lets hashed bundles be cached for good', async () => {
    const app = await appServing(dist);
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    await app.close();
  });

  it('leaves the API alone: API routes answer, and unknown paths get the JSON 404', async () => {
    const app = await appServing(dist);
    expect((await app.inject({ url: '/api/v1/ping' })).json()).toEqual({ ok: true });
    const missing = await app.inject({ url: '/api/v1/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    expect((await app.inject({ url: '/../package.json' })).statusCode).toBe(404);
    await app.close();
  });

  it('says how to build it when the bundle is missing', async () => {
    const app = await appServing(path.join(dist, 'not-built'));
    const page = await app.inject({ url: '/' });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('npm run build:web');
    await app.close();
  });
});
