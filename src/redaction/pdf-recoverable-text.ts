/**
 * PDF side of the failed-redaction check. The RFI warns that a box drawn over text hides nothing
 * from anyone who selects or extracts the text; this finds text that is (1) extractable, (2) drawn
 * before a filled rectangle that (3) covers most of each of its characters, where (4) the rendered
 * page shows the rectangle opaque over those characters, and (5) the text says something.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { textOnlyDocumentOptions } from '../extraction/pdfjs.ts';
import { renderPage } from './box-opacity.ts';
import { area, boundsOf, intersection, type Rect } from './geometry.ts';
import { isHarmlessText } from './harmless-text.ts';
import { type DrawnGlyph, type FilledBox, type PageDrawing, readPageDrawing } from './pdf-drawing.ts';
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
  /** The glyph drawings at this character's place, when the item could be aligned with them. */
  drawings: DrawnGlyph[] | null;
}

interface TextContentItem {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
}

/** Opens a document the way rendering needs it: glyph outlines, standard fonts' substitutes and all. */
const openForRendering = (bytes: Uint8Array) =>
  pdfjs.getDocument({
    // pdf.js may transfer (detach) the buffer it is given; the caller's bytes stay theirs.
    data: bytes.slice(),
    isEvalSupported: false,
    cMapUrl: `${path.join(pdfjsRoot, 'cmaps')}/`,
    cMapPacked: true,
    standardFontDataUrl: `${path.join(pdfjsRoot, 'standard_fonts')}/`,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;

/**
 * The operator walk and the text layout read each document with extraction's text-only options:
 * they need the fonts' encodings and metrics, not their glyph programs. Loading those (and a
 * substitute program for every non-embedded standard font) made the check cost twice what reading
 * the text did. Only a page with a candidate box is rendered, from a second, full document opened
 * on the first such page: most files have none. Same verdicts, boxes and text on every PDF of
 * fixtures/, the shared corpus and the eval samples (scripts/extraction-snapshot.ts).
 */
export async function findRecoverablePdfText(bytes: Uint8Array): Promise<RecoverableText[]> {
  const doc = await pdfjs.getDocument({ data: bytes.slice(), ...textOnlyDocumentOptions(pdfjs) }).promise;
  let forRendering: Promise<PDFDocumentProxy> | undefined;
  const renderable = async (number: number) => {
    forRendering ??= openForRendering(bytes);
    return (await forRendering).getPage(number);
  };
  try {
    return await findInDocument(doc, renderable);
  } finally {
    await doc.destroy();
    if (forRendering) await (await forRendering.catch(() => null))?.destroy();
  }
}

async function findInDocument(
  doc: PDFDocumentProxy,
  renderable: (pageNumber: number) => Promise<PDFPageProxy>,
): Promise<RecoverableText[]> {
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
      const leak = await findOnPage(page, () => renderable(number));
      if (leak) found.push({ page: number, ...leak });
    } finally {
      page.cleanup();
    }
  }
  return found;
}

async function findOnPage(
  page: PDFPageProxy,
  renderable: () => Promise<PDFPageProxy>,
): Promise<Omit<RecoverableText, 'page'> | null> {
  const leaks = (await boxLeaksOnPage(page, renderable)).filter((leak) => leak.opaque);
  return leaks.length > 0 ? { text: leaks.map((leak) => leak.text).join(' … '), boxes: leaks.length } : null;
}

/** A filled box with meaningful text drawn under it, and whether the rendered page shows it opaque there. */
export interface BoxLeak {
  box: FilledBox;
  text: string;
  opaque: boolean;
}

/**
 * Every box on the page that has meaningful text under it; rendering decides `opaque`, on the same
 * page of a document opened for rendering (`renderable`), or on this page when it was.
 */
export async function boxLeaksOnPage(
  page: PDFPageProxy,
  renderable: () => Promise<PDFPageProxy> = async () => page,
): Promise<BoxLeak[]> {
  const drawing = await readPageDrawing(page);
  // Most pages fill no rectangle at all; they need neither text layout nor rendering.
  if (drawing.boxes.length === 0 || drawing.glyphs.length === 0) return [];

  const chars = textChars(await page.getTextContent(), drawing);
  const candidates: Array<{ box: FilledBox; hidden: TextChar[]; text: string }> = [];
  // Table rules and underlines are filled rectangles too, thinner than any character they could hide.
  const smallestChar = chars.reduce(
    (min, c) => Math.min(min, c.rect.x1 - c.rect.x0, c.rect.y1 - c.rect.y0),
    Infinity,
  );
  for (const box of drawing.boxes) {
    if (Math.min(box.rect.x1 - box.rect.x0, box.rect.y1 - box.rect.y0) < MIN_COVERED_SHARE * smallestChar)
      continue;
    const hidden = chars.filter(
      (c) => coveredShare(c.rect, box.rect) >= MIN_COVERED_SHARE && !drawnOver(c, box, drawing.glyphs),
    );
    const text = joinChars(hidden);
    if (hidden.length > 0 && !isHarmlessText(text)) candidates.push({ box, hidden, text });
  }
  if (candidates.length === 0) return [];

  const pageToRender = await renderable();
  let raster: Awaited<ReturnType<typeof renderPage>>;
  try {
    raster = await renderPage(pageToRender);
  } finally {
    if (pageToRender !== page) pageToRender.cleanup();
  }
  return candidates.map(({ box, hidden, text }) => {
    const regions = hidden.map((c) => intersection(c.rect, box.rect)).filter((r): r is Rect => r !== null);
    return { box, text, opaque: raster.isOpaque(regions) };
  });
}

/**
 * Per-character boxes for the text items that touch a box. getTextContent gives each item's
 * string, start, direction and total width, not where each character sits. The operator walk
 * knows exactly where each glyph was painted and when, but not which extracted string it became.
 * Both read the same content stream with the same text matrices, so an item's glyphs are the
 * painted glyphs lying along its baseline between its start and its end. When their count
 * (repaints at one place merged) equals the item's non-space character count, character k is
 * glyph k: it takes the glyph's exact box and drawing order. Otherwise (spacing characters
 * pdf.js inserted, odd fonts, vertical text) we split the width evenly over the characters,
 * which is close for a box that covers whole words, and look the order up by position.
 */
function textChars(content: { items: unknown[] }, drawing: PageDrawing): TextChar[] {
  const chars: TextChar[] = [];
  content.items.forEach((raw, item) => {
    const { str, transform, width, height } = raw as TextContentItem;
    if (!str || !transform || transform.length < 6 || !width || width <= 0) return;
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = transform;
    const along = Math.hypot(a, b);
    const up = Math.hypot(c, d);
    if (along === 0 || up === 0) return;
    const size = height && height > 0 ? height : up;
    const frame = { e, f, dx: a / along, dy: b / along, ux: c / up, uy: d / up, size };
    const itemRect = frameRect(frame, 0, width);
    // Text no box reaches cannot be hidden; skip the alignment work for it.
    if (!drawing.boxes.some((box) => intersection(itemRect, box.rect))) return;

    const letters = Array.from(str);
    const placed = letters.filter((l) => l.trim() !== '').length;
    const places = glyphPlaces(frame, width, drawing.glyphs);
    const aligned = places.length === placed;
    const step = width / letters.length;
    let k = 0;
    letters.forEach((letter, index) => {
      if (letter.trim() === '') return;
      const place = aligned ? places[k++] : undefined;
      const rect = place ? place.rect : frameRect(frame, step * index, step * (index + 1));
      chars.push({ text: letter, rect, item, index, drawings: place ? place.drawings : null });
    });
  });
  return chars;
}

interface ItemFrame {
  e: number;
  f: number;
  dx: number;
  dy: number;
  ux: number;
  uy: number;
  size: number;
}

/** The em-box rectangle between two distances along an item's baseline. */
function frameRect(fr: ItemFrame, from: number, to: number): Rect {
  const corners: Array<[number, number]> = [];
  for (const t of [from, to]) {
    for (const s of [-DESCENT * fr.size, ASCENT * fr.size]) {
      corners.push([fr.e + fr.dx * t + fr.ux * s, fr.f + fr.dy * t + fr.uy * s]);
    }
  }
  return boundsOf(corners);
}

/** Painted glyphs along an item's baseline in reading order; repaints at one place (fake bold, shadows) merged. */
function glyphPlaces(
  fr: ItemFrame,
  width: number,
  glyphs: DrawnGlyph[],
): Array<{ rect: Rect; drawings: DrawnGlyph[] }> {
  const slack = 0.25 * fr.size;
  const found: Array<{ t: number; glyph: DrawnGlyph }> = [];
  for (const glyph of glyphs) {
    if (Math.abs(glyph.size - fr.size) > 0.35 * fr.size) continue;
    const px = glyph.x - fr.e;
    const py = glyph.y - fr.f;
    const t = px * fr.dx + py * fr.dy;
    const s = px * fr.ux + py * fr.uy;
    if (t < -slack || t > width + slack || s < -slack || s > (ASCENT - DESCENT) * fr.size + slack) continue;
    found.push({ t, glyph });
  }
  found.sort((p, q) => p.t - q.t);
  const places: Array<{ t: number; rect: Rect; drawings: DrawnGlyph[] }> = [];
  for (const { t, glyph } of found) {
    const last = places[places.length - 1];
    if (last && t - last.t < 0.1 * fr.size) last.drawings.push(glyph);
    else places.push({ t, rect: glyph.rect, drawings: [glyph] });
  }
  return places;
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
 * share a centre to within a fraction of the font size. Text drawn after the box invisibly (render
 * mode 3), or black on a black box (what a Word document with black shading or highlight becomes
 * when printed to PDF: the shading first, the text on it), still counts as hidden. We keep that
 * colour rule to dark boxes: light page backgrounds under text of the same colour are common in
 * designed documents and would send every such page to the renderer. A character no glyph matches
 * (unusual fonts, vertical writing) is treated as under the box; rendering has the last word.
 */
function drawnOver(char: TextChar, box: FilledBox, glyphs: DrawnGlyph[]): boolean {
  const camouflaged = isDark(box.color);
  const visibleOnTop = (glyph: DrawnGlyph) =>
    glyph.order > box.order && !glyph.invisible && !(camouflaged && glyph.color === box.color);
  if (char.drawings) return char.drawings.some(visibleOnTop);
  const cx = (char.rect.x0 + char.rect.x1) / 2;
  const cy = (char.rect.y0 + char.rect.y1) / 2;
  const tolerance = Math.max(char.rect.x1 - char.rect.x0, char.rect.y1 - char.rect.y0) * 0.5;
  for (const glyph of glyphs) {
    if (!visibleOnTop(glyph)) continue;
    if (Math.abs(glyph.x - cx) <= tolerance && Math.abs(glyph.y - cy) <= tolerance) return true;
  }
  return false;
}

/** Dark enough that same-coloured text on it cannot be read: luminance below a quarter. */
function isDark(color: string): boolean {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) return false;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => Number.parseInt(h ?? '0', 16)) as [number, number, number];
  return 0.299 * r + 0.587 * g + 0.114 * b < 64;
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
