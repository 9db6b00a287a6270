/**
 * Bundles the web interface (src/web/client) with Vite into dist/web. `npm run build:web`; `npm start`
 * runs it first, and the browser tests build before they start the server.
 */

import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';
import { WEB_DIST_DIR } from './web-routes.ts';

const CLIENT_ROOT = fileURLToPath(new URL('./client/', import.meta.url));

export async function buildWeb(outDir: string = WEB_DIST_DIR): Promise<void> {
  await build({
    root: CLIENT_ROOT,
    base: '/',
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      // Browsers from the last two years; no legacy bundle to keep.
      target: 'es2022',
      sourcemap: true,
    },
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await buildWeb();
  console.log(`web interface built into ${path.relative(process.cwd(), WEB_DIST_DIR) || '.'}`);
}
