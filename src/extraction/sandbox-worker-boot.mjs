// Entry of the sandbox child (plain JavaScript on purpose). pdf.js is loaded here, natively,
// before tsx's loader is registered: through tsx the two pdf.js bundles (5 MB of JavaScript)
// are transformed and kept with inline source maps, which measured 5-6 s to start and
// ~490 MiB resident against 0.5 s and ~75 MiB natively. The TypeScript of the worker is then
// loaded through tsx and finds pdf.js already in the module cache.
const nativePush = Array.prototype.push;
const nativeJsonParse = JSON.parse;
await import('pdfjs-dist/legacy/build/pdf.mjs');
await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
// Same reason as native-builtins.ts: pdf.js's core-js polyfills replace these process-wide.
Object.defineProperty(Array.prototype, 'push', {
  value: nativePush,
  writable: true,
  configurable: true,
  enumerable: false,
});
Object.defineProperty(JSON, 'parse', {
  value: nativeJsonParse,
  writable: true,
  configurable: true,
  enumerable: false,
});

const { register } = await import('tsx/esm/api');
register();
await import('./sandbox-worker.ts');
