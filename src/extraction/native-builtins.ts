/**
 * pdfjs-dist's legacy build (the Node build, also what pdf-parse 2 loads) installs core-js
 * polyfills that *replace* Array.prototype.push and JSON.parse for the whole process, because
 * V8 11 (Node 20) mishandles push on arrays with a non-writable length. Measured here: 30M
 * pushes went from 195 ms to 1,650 ms, and putting the native push back gave 15-25 % more
 * pages/s on the bench corpus. No code here relies on that edge case, so the natives are
 * captured before pdf.js loads and put back afterwards.
 *
 * Import this module before anything that imports pdfjs-dist, so its capture runs first.
 */
const nativePush = Array.prototype.push;
const nativeJsonParse = JSON.parse;

export function restoreNativeBuiltins(): void {
  if (Array.prototype.push !== nativePush) {
    Object.defineProperty(Array.prototype, 'push', {
      value: nativePush,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  if (JSON.parse !== nativeJsonParse) {
    Object.defineProperty(JSON, 'parse', {
      value: nativeJsonParse,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}
