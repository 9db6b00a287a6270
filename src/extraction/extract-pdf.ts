import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { ExtractedDocument, ExtractedPage, TextLine } from './extracted-document.ts';
import { ExtractionError, extractionMessages } from './extraction-error.ts';
import { loadPdfJs, textOnlyDocumentOptions } from './pdfjs.ts';

/*
 * Why pdf.js directly and not pdf-parse 2's getText(): pdf-parse is a wrapper over this very
 * pdfjs-dist (5.4.296, the same module instance), and its page text is built from the same
 * getTextContent() call, then flattened to a string, dropping the positions, sizes and weights
 * the checks need. Calling it as well would read every page twice. So one getTextContent() pass
 * per page gives text and geometry, and pdf-parse (tables, screenshots, images: nothing we use)
 * is not imported in the hot path.
 *
 * Measured with bench/extract.ts (200 generated PDFs, 3,456 pages, one sandbox worker, pages per
 * CPU second, pdftotext in the same run). Before pdf.js was patched: 184-186 against pdftotext's
 * 559-588, ratio 0.31-0.33 (0.35-0.37 on an earlier day). What had got it that far: native push
 * restored (native-builtins.ts), pdf.js loaded outside tsx (sandbox-worker-boot.mjs), no
 * standard-font programs (pdfjs.ts), GC flags in sandbox.ts. Variants that did not help, measured
 * then: a port of our own handing text chunks over without structuredClone, pdfjs-dist's
 * untranspiled worker build, other young-generation sizes, disableNormalization.
 *
 * What was left was pdf.js's own work, so pdf.js is patched (patches/pdfjs-dist+5.4.296.patch,
 * applied by patch-package on install; README says how to drop it on upgrade). Bench ratio after
 * each change, one run each in the same hour (they vary by about 0.05 run to run):
 * (a) getCurrentTextTransform, called twice per glyph, built two fresh matrices each time; it
 *     now writes into a given array, keeping every term Util.transform computes (zeros included,
 *     so -0 and NaN come out the same): 0.45;
 * (b) each Tf (one per line in many generators, after q) suspended the text loop on a promise
 *     for a font already loaded; a font loaded for this content stream is now set at once: 0.52-0.56;
 * (c) every shown string was kept as a key of the font's glyph-run cache (a dictionary insert and
 *     a retained array per string, for strings mostly shown once); the text pass skips it: 0.54-0.61;
 * (d) font weights came from an operator list of the first page with new fonts, a second parse
 *     that also compiles glyph outlines (8 % of pdf.js's time on the bench); the patch puts each
 *     font's name and bold/black flags into getTextContent's styles when fontExtraProperties is
 *     set, and boldFontIds reads them there: 0.60-0.67 over three runs (333-366 against
 *     pdftotext's 549-559). Tried and not kept: hex strings built in one call (no gain beyond
 *     the noise). Upstream pdf.js (mozilla/pdf.js src/core/evaluator.js at 007230e, newer than
 *     5.4.296) still builds both matrices per glyph and awaits loadFont on every Tf.
 * Every change left extraction output, pdf.js's raw text items and the redaction check
 * byte-identical on 258 PDFs (fixtures, shared corpus, eval samples, bench corpus, two PDF manuals
 * from /usr/share/doc), the text styles differing only by the keys (d) adds:
 * scripts/extraction-snapshot.ts before and after, then compared.
 */

export interface PdfExtractionOptions {
  /** Never trust /Count: a file may claim billions of pages. Pages past this are not read. */
  maxPages: number;
}

/** What one text item becomes once placed in reading orientation. */
interface Run {
  text: string;
  x: number;
  /** Baseline, from the page top. */
  base: number;
  /** Font size on the page: the length of the item's vertical axis, in points. */
  size: number;
  width: number;
  bold: boolean;
}

type Matrix = [number, number, number, number, number, number];

const BOLD_FONT_NAME = /bold|black|heavy|semibold|demi/i;
/** Runs further apart than this many font sizes are separate visual lines (columns, left/right header parts). */
const SEPARATE_LINE_GAP_EMS = 3;
/** A gap wider than this (in font sizes) between two runs is a space the PDF did not draw as a glyph. */
const WORD_GAP_EMS = 0.15;

export async function extractPdf(
  bytes: Uint8Array,
  options: PdfExtractionOptions,
): Promise<ExtractedDocument> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    // pdf.js may hand the buffer to its worker; the caller's bytes stay untouched.
    data: bytes.slice(),
    ...textOnlyDocumentOptions(pdfjs),
  });
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => {});
    throw openingError(error);
  }
  try {
    const claimed = doc.numPages;
    if (!(claimed >= 1)) throw new ExtractionError(extractionMessages.pdfNoPages, true);
    const last = Math.min(claimed, options.maxPages);
    const pages: ExtractedPage[] = [];
    for (let number = 1; number <= last; number++) {
      let page: PDFPageProxy;
      try {
        page = await doc.getPage(number);
      } catch {
        // A page tree that ends before /Count says (poppler-67295-0.pdf claims 9,999,999,999
        // pages and has one) or breaks part-way: keep what could be read.
        break;
      }
      try {
        pages.push(await readPage(page, number));
      } finally {
        page.cleanup();
      }
    }
    if (pages.length === 0) throw new ExtractionError(extractionMessages.pdfDamaged, true);
    return { format: 'pdf', pages, pagesAreReal: true, hasPageNumberField: false };
  } finally {
    await doc.destroy().catch(() => {});
  }
}

function openingError(error: unknown): ExtractionError {
  if (error instanceof ExtractionError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') return new ExtractionError(extractionMessages.pdfPasswordProtected, true);
  return new ExtractionError(extractionMessages.pdfDamaged, true);
}

async function readPage(page: PDFPageProxy, number: number): Promise<ExtractedPage> {
  const viewport = page.getViewport({ scale: 1 });
  let items: unknown[];
  let styles: Record<string, unknown>;
  try {
    ({ items, styles } = await page.getTextContent());
  } catch {
    // pdf.js already skips what it can; a content stream it cannot read at all yields no text.
    items = [];
    styles = {};
  }
  const textItems = items.filter(isTextItem);
  if (textItems.length === 0) {
    return { number, width: viewport.width, height: viewport.height, lines: [], hasTextLayer: false };
  }
  const boldFonts = boldFontIds(styles);

  // The viewport applies /Rotate and the crop box. Some files also draw their text turned
  // (hello_world_rotated.pdf: rotated page, text running down it); a reader turns the page until
  // most text reads left to right, so "top of page" is taken in that orientation.
  const quarterTurns = dominantQuarterTurns(textItems, viewport.transform as Matrix);
  const turned = quarterTurns % 2 === 1;
  const width = turned ? viewport.height : viewport.width;
  const height = turned ? viewport.width : viewport.height;
  const toPage = multiply(
    turnBack(quarterTurns, viewport.width, viewport.height),
    viewport.transform as Matrix,
  );

  const runs: Run[] = [];
  const lines: TextLine[] = [];
  for (const item of textItems) {
    const [ia, ib, ic, id, ie, iff] = item.transform;
    const a = toPage[0] * ia + toPage[2] * ib;
    const b = toPage[1] * ia + toPage[3] * ib;
    const c = toPage[0] * ic + toPage[2] * id;
    const d = toPage[1] * ic + toPage[3] * id;
    const x = toPage[0] * ie + toPage[2] * iff + toPage[4];
    const y = toPage[1] * ie + toPage[3] * iff + toPage[5];
    const size = Math.hypot(c, d);
    const bold = boldFonts.has(item.fontName);
    if (a > 0 && Math.abs(b) <= a * 0.1) {
      runs.push({ text: item.str, x, base: y, size, width: item.width, bold });
    } else {
      // Text at an angle to the reading direction (a margin note, a stamp) stands alone.
      const text = item.str.trim();
      lines.push(lineOf(text, x, y - size, size, size, bold));
    }
  }
  lines.push(...groupIntoLines(runs));
  lines.sort((p, q) => (p.y ?? 0) - (q.y ?? 0) || (p.x ?? 0) - (q.x ?? 0));
  return { number, width, height, lines, hasTextLayer: true };
}

interface PdfTextItem {
  str: string;
  transform: Matrix;
  width: number;
  fontName: string;
}

function isTextItem(item: unknown): item is PdfTextItem {
  const candidate = item as Partial<PdfTextItem>;
  return (
    typeof candidate.str === 'string' && candidate.str.trim() !== '' && Array.isArray(candidate.transform)
  );
}

/**
 * The page's fonts (by pdf.js's id, the items' fontName) that are bold: pdf.js's own bold/black
 * flags, or the PDF font name (where "Bold" lives). Unpatched pdf.js hands these out only with an
 * operator list, a second parse of the page that also compiles glyph outlines (8 % of the bench's
 * time); our patch (patches/pdfjs-dist+5.4.296.patch) adds them to getTextContent's styles when
 * fontExtraProperties is set, as it already adds font substitution facts there.
 */
function boldFontIds(styles: Record<string, unknown>): Set<string> {
  const bold = new Set<string>();
  for (const [id, style] of Object.entries(styles)) {
    const font = style as { name?: unknown; bold?: unknown; black?: unknown };
    if (!('bold' in font)) {
      // Not a silent fallback: every line would lose its weight and font_below_minimum its heading test.
      throw new Error('pdf.js is not patched (text styles carry no font weight): run npm install');
    }
    const name = typeof font.name === 'string' ? font.name.replace(/^[A-Z]{6}\+/, '') : '';
    if (font.bold === true || font.black === true || BOLD_FONT_NAME.test(name)) bold.add(id);
  }
  return bold;
}

/** How many quarter turns clockwise the text most characters are in runs, once the viewport is applied. */
function dominantQuarterTurns(items: PdfTextItem[], viewport: Matrix): number {
  const chars = [0, 0, 0, 0];
  for (const item of items) {
    const [ia, ib] = item.transform;
    const a = viewport[0] * ia + viewport[2] * ib;
    const b = viewport[1] * ia + viewport[3] * ib;
    const turn =
      Math.abs(b) <= Math.abs(a) * 0.1
        ? a > 0
          ? 0
          : 2
        : Math.abs(a) <= Math.abs(b) * 0.1
          ? b > 0
            ? 1
            : 3
          : -1;
    if (turn >= 0) chars[turn] = (chars[turn] ?? 0) + item.str.length;
  }
  let best = 0;
  for (let turn = 1; turn < 4; turn++) if ((chars[turn] ?? 0) > (chars[best] ?? 0)) best = turn;
  return best;
}

/** Maps viewport coordinates (w × h) to those of the page turned back by `quarterTurns` clockwise turns of its text. */
function turnBack(quarterTurns: number, w: number, h: number): Matrix {
  switch (quarterTurns) {
    case 1:
      return [0, -1, 1, 0, 0, w];
    case 2:
      return [-1, 0, 0, -1, w, h];
    case 3:
      return [0, 1, -1, 0, h, 0];
    default:
      return [1, 0, 0, 1, 0, 0];
  }
}

/** m1 after m2, as pdf.js's Util.transform. */
function multiply(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

/**
 * Runs whose baselines lie within half a font size of each other share a visual line, so a
 * superscript footnote mark stays on its line; a line is cut where runs are far apart.
 */
function groupIntoLines(runs: Run[]): TextLine[] {
  runs.sort((p, q) => p.base - q.base || p.x - q.x);
  const lines: TextLine[] = [];
  let start = 0;
  while (start < runs.length) {
    const first = runs[start]!;
    let refBase = first.base;
    let refSize = first.size;
    let end = start + 1;
    while (end < runs.length) {
      const run = runs[end]!;
      if (Math.abs(run.base - refBase) > 0.5 * Math.max(refSize, run.size)) break;
      if (run.size > refSize) {
        refSize = run.size;
        refBase = run.base;
      }
      end++;
    }
    const line = runs.slice(start, end).sort((p, q) => p.x - q.x);
    let from = 0;
    for (let i = 1; i <= line.length; i++) {
      const prev = line[i - 1]!;
      const next = line[i];
      if (next && next.x - (prev.x + prev.width) <= SEPARATE_LINE_GAP_EMS * Math.max(prev.size, next.size))
        continue;
      lines.push(joinRuns(line, from, i));
      from = i;
    }
    start = end;
  }
  return lines;
}

function joinRuns(runs: Run[], from: number, to: number): TextLine {
  let text = '';
  let top = Number.POSITIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  let boldChars = 0;
  let chars = 0;
  const charsBySize = new Map<number, number>();
  for (let i = from; i < to; i++) {
    const run = runs[i]!;
    if (i > from) {
      const prev = runs[i - 1]!;
      const gap = run.x - (prev.x + prev.width);
      if (gap > WORD_GAP_EMS * Math.max(prev.size, run.size) && !/\s$/.test(text) && !/^\s/.test(run.text))
        text += ' ';
    }
    text += run.text;
    top = Math.min(top, run.base - run.size);
    bottom = Math.max(bottom, run.base);
    const length = run.text.length;
    chars += length;
    if (run.bold) boldChars += length;
    const size = Math.round(run.size * 100) / 100;
    charsBySize.set(size, (charsBySize.get(size) ?? 0) + length);
  }
  let dominantSize = 0;
  let most = -1;
  for (const [size, count] of charsBySize) {
    if (count > most) {
      most = count;
      dominantSize = size;
    }
  }
  return lineOf(text.trim(), runs[from]!.x, top, bottom - top, dominantSize, boldChars * 2 >= chars);
}

function lineOf(text: string, x: number, y: number, height: number, size: number, bold: boolean): TextLine {
  return {
    text,
    fontSizePt: Math.round(size * 100) / 100,
    bold,
    headingLevel: null,
    part: 'body',
    x: round2(x),
    y: round2(y),
    height: round2(height),
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
