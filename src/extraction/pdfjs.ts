import { createRequire } from 'node:module';
import path from 'node:path';
import { restoreNativeBuiltins } from './native-builtins.ts';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/**
 * Where pdf.js finds its predefined CMaps (CID fonts such as Japanese text in non-embedded
 * fonts extract only with them) and image-decoder wasm. They ship inside pdfjs-dist, so reading
 * them is the library loading itself, not extraction touching files.
 *
 * No standardFontDataUrl, on purpose: with it, pdf.js loads and converts a Foxit font program
 * for every non-embedded standard font (Times, Helvetica…) of every document, only to render.
 * Text needs the PDF's encoding and pdf.js's built-in metrics, not glyph outlines. Measured on
 * the bench corpus: 1.55x pages/s without it, and identical output (text, sizes, weights,
 * positions) on all 46 PDFs of fixtures/, the shared corpus and the eval samples.
 */
const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const pdfjsResourceDirs = {
  cMapUrl: `${path.join(pdfjsRoot, 'cmaps')}${path.sep}`,
  wasmUrl: `${path.join(pdfjsRoot, 'wasm')}${path.sep}`,
};

/**
 * getDocument options for reading text only: no fonts installed for drawing, no eval'd glyph
 * programs, no XFA, canvas or image decoders. Shared by extraction and scripts/extraction-snapshot.ts,
 * which must read documents exactly as extraction does.
 */
export function textOnlyDocumentOptions(pdfjs: PdfJs) {
  return {
    ...pdfjsResourceDirs,
    cMapPacked: true,
    isEvalSupported: false,
    disableFontFace: true,
    // With our patch, text styles carry each font's name and weight (extract-pdf.ts boldFontIds).
    fontExtraProperties: true,
    useSystemFonts: false,
    enableXfa: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  };
}

let loading: Promise<PdfJs> | undefined;

/**
 * Loads pdf.js once per process. The worker module is imported here too: pdf.js runs its
 * "fake worker" in the same thread under Node and picks up `globalThis.pdfjsWorker`, so
 * loading it up front keeps the first document from paying for it and lets the polyfilled
 * builtins be restored after both modules ran (see native-builtins.ts).
 */
export function loadPdfJs(): Promise<PdfJs> {
  loading ??= (async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const workerModule: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
    await import(workerModule);
    restoreNativeBuiltins();
    return pdfjs;
  })();
  return loading;
}
