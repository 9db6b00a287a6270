/**
 * PDF side of the failed-redaction check. The RFI warns that a box drawn over text hides nothing
 * from anyone who selects or extracts the text; this finds text that is (1) extractable, (2) drawn
 * before a filled rectangle that (3) covers most of each of its characters, where (4) the rendered
 * page shows the rectangle opaque over those characters, and (5) the text says something.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { renderPage } from './box-opacity.ts';
import { area, boundsOf, intersection, type Rect } from './geometry.ts';
import { isHarmlessText } from './harmless-text.ts';
import { type DrawnGlyph, type FilledBox, readPageDrawing } from './pdf-drawing.ts';
import type { RecoverableText } from './recoverable-text.ts';

/** The page tree's /Count is the file's claim, not a fact (one sample claims ten billion pages). */
const MAX_PAGES = 2000;
/** Pages that fail to load in a row before we take /Count as lying and stop. */
const MAX_FAILED_PAGES_IN_A_ROW = 3;
/** A character is hidden when a box covers at least this share of its area; less leaves it legible. */
const MIN_COVERED_SHARE = 0.8;
/** Share of the font size below the baseline and above it that a character box spans (an em box). */
const DESCENT = 0.2;
const ASCENT = 0.8;

const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** One character of getTextContent's output with the box it occupies. */
interface TextChar {
  text: string;
  rect: Rect;
  /** Index of the text item it belongs to, and its place there: to rebuild words in reading order. */
  item: number;
  index: number;
  /** The item's font size in page space. */
  size: number;
}

interface TextContentItem {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
}

export async function findRecoverablePdfText(bytes: Uint8Array): Promise<RecoverableText[]> {
  const doc = await getDocument({
    // pdf.js may transfer (detach) the buffer it is given; the caller's bytes stay theirs.
    data: bytes.slice(),
    isEvalSupported: false,
    cMapUrl: `${path.join(pdfjsRoot, 'cmaps')}/`,
    cMapPacked: true,
    standardFontDataUrl: `${path.join(pdfjsRoot, 'standard_fonts')}/`,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    return await findInDocument(doc);
  } finally {
    await doc.destroy();
  }
}

async function findInDocument(doc: PDFDocumentProxy): Promise<RecoverableText[]> {
  const found: RecoverableText[] = [];
  const pageCount = Math.min(doc.numPages, MAX_PAGES);
  let failedInARow = 0;
  for (let number = 1; number <= pageCount; number++) {
    let page: PDFPageProxy;
    try {
      page = await doc.getPage(number);
      failedInARow = 0;
    } catch {
      if (++failedInARow >= MAX_FAILED_PAGES_IN_A_ROW) break;
      continue;
    }
    try {
      const leak = await findOnPage(page);
      if (leak) found.push({ page: number, ...leak });
    } finally {
      page.cleanup();
    }
  }
  return found;
}

async function findOnPage(page: PDFPageProxy): Promise<Omit<RecoverableText, 'page'> | null> {
  const drawing = await readPageDrawing(page);
  // Most pages fill no rectangle at all; they need neither text layout nor rendering.
  if (drawing.boxes.length === 0 || drawing.glyphs.length === 0) return null;

  const chars = textChars(await page.getTextContent());
  const hiddenByBox = new Map<FilledBox, TextChar[]>();
  for (const box of drawing.boxes) {
    const hidden = chars.filter((c) => coveredShare(c.rect, box.rect) >= MIN_COVERED_SHARE && !drawnOver(c, box, drawing.glyphs));
    if (hidden.length > 0 && !isHarmlessText(joinChars(hidden))) hiddenByBox.set(box, hidden);
  }
  if (hiddenByBox.size === 0) return null;

  const raster = await renderPage(page);
  const texts: string[] = [];
  for (const [box, hidden] of hiddenByBox) {
    const regions = hidden.map((c) => intersection(c.rect, box.rect)).filter((r): r is Rect => r !== null);
    if (raster.isOpaque(regions)) texts.push(joinChars(hidden));
  }
  return texts.length > 0 ? { text: texts.join(' … '), boxes: texts.length } : null;
}

/**
 * getTextContent gives strings with a start, a direction and a total width, not per-character
 * boxes; we split the width evenly over the characters, which is exact for monospace text and
 * close enough for the 80 % test elsewhere (a box either covers a word or it does not).
 */
function textChars(content: { items: unknown[] }): TextChar[] {
  const chars: TextChar[] = [];
  content.items.forEach((raw, item) => {
    const { str, transform, width, height } = raw as TextContentItem;
    if (!str || !transform || transform.length < 6 || !width || width <= 0) return;
    const letters = Array.from(str);
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = transform;
    const along = Math.hypot(a, b);
    const up = Math.hypot(c, d);
    if (along === 0 || up === 0) return;
    const size = height && height > 0 ? height : up;
    const dx = a / along;
    const dy = b / along;
    const ux = c / up;
    const uy = d / up;
    const step = width / letters.length;
    letters.forEach((letter, index) => {
      if (letter.trim() === '') return;
      const sx = e + dx * step * index;
      const sy = f + dy * step * index;
      const corners: Array<[number, number]> = [];
      for (const along2 of [0, step]) {
        for (const up2 of [-DESCENT * size, ASCENT * size]) {
          corners.push([sx + dx * along2 + ux * up2, sy + dy * along2 + uy * up2]);
        }
      }
      chars.push({ text: letter, rect: boundsOf(corners), item, index, size });
    });
  });
  return chars;
}

function coveredShare(char: Rect, box: Rect): number {
  const overlap = intersection(char, box);
  const whole = area(char);
  return overlap && whole > 0 ? area(overlap) / whole : 0;
}

/**
 * Whether this character is painted again after the box, visibly: then it sits on top (a table
 * heading on its shading) and the box hides nothing. getTextContent items carry no operator
 * index, so we find the character among the glyphs the operator walk placed, by position: both
 * come from the same content stream with the same text matrices, so a character and its glyph
 * share a centre to within a fraction of the font size. Text drawn after the box in the box's own
 * colour, or invisibly (render mode 3), still counts as hidden. A character no glyph matches
 * (unusual fonts, vertical writing) is treated as under the box; rendering has the last word.
 */
function drawnOver(char: TextChar, box: FilledBox, glyphs: DrawnGlyph[]): boolean {
  const cx = (char.rect.x0 + char.rect.x1) / 2;
  const cy = (char.rect.y0 + char.rect.y1) / 2;
  const tolerance = Math.max(char.rect.x1 - char.rect.x0, char.rect.y1 - char.rect.y0) * 0.5;
  for (const glyph of glyphs) {
    if (glyph.order < box.order || glyph.invisible || glyph.color === box.color) continue;
    if (Math.abs(glyph.x - cx) <= tolerance && Math.abs(glyph.y - cy) <= tolerance) return true;
  }
  return false;
}

/** Characters back into words: items in content order, a space where an item or a gap breaks them. */
function joinChars(chars: TextChar[]): string {
  const sorted = [...chars].sort((p, q) => p.item - q.item || p.index - q.index);
  let text = '';
  let previous: TextChar | undefined;
  for (const c of sorted) {
    if (previous && (previous.item !== c.item || c.index !== previous.index + 1)) text += ' ';
    text += c.text;
    previous = c;
  }
  return text.replace(/\s+/g, ' ').trim();
}
