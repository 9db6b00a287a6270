/**
 * Walks one page's pdf.js operator list in drawing order and records the two things a failed
 * redaction is made of: filled rectangles, and where each glyph was drawn. Every record carries
 * its operator index, so "was this text painted before that box?" is a comparison of numbers.
 */
import { OPS, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import {
  apply,
  boundsOf,
  IDENTITY,
  intersection,
  type Matrix,
  multiply,
  type Rect,
  toMatrix,
} from './geometry.ts';

/** A filled rectangle in page space (PDF user space, y up). */
export interface FilledBox {
  rect: Rect;
  /** Operator index: what was drawn with a lower index lies underneath. */
  order: number;
  /** "#rrggbb" as pdf.js normalises every colour space; "pattern" for pattern or shading fills. */
  color: string;
}

/** One glyph as the content stream paints it: where, how big, and when. */
export interface DrawnGlyph {
  /** Centre of the glyph's em box. */
  x: number;
  y: number;
  /** Its em box (advance wide, font size tall, a fifth below the baseline), page space. */
  rect: Rect;
  /** Font size in page space, for matching tolerances. */
  size: number;
  order: number;
  /** Painted in a way nobody sees: render mode 3 or 7, or fully transparent. */
  invisible: boolean;
  color: string;
}

export interface PageDrawing {
  boxes: FilledBox[];
  glyphs: DrawnGlyph[];
}

/** Below this fill alpha a box hides nothing; pdf.js keeps `ca` in setGState pairs. */
const MIN_OPAQUE_ALPHA = 0.1;
/** Scanner output can paint hundreds of thousands of slivers; past this we stop collecting boxes. */
const MAX_BOXES = 20_000;

const FILL_OPS = new Set<number>([
  OPS.fill,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);

// pdf.js's DrawOPS codes inside a constructPath buffer (not exported by pdfjs-dist).
const MOVE_TO = 0;
const LINE_TO = 1;
const CURVE_TO = 2;
const CLOSE_PATH = 3;

interface GraphicsState {
  ctm: Matrix;
  /** Bounds of the clipping path in page space: a page-sized fill clipped to a cell paints only the cell. */
  clip: Rect | null;
  fillColor: string;
  fillAlpha: number;
  fontName: string | null;
  fontSize: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
  renderMode: number;
}

interface PdfGlyph {
  unicode?: string;
  width?: number;
  isSpace?: boolean;
}

interface FontLike {
  fontMatrix?: number[];
}

export async function readPageDrawing(page: PDFPageProxy): Promise<PageDrawing> {
  const { fnArray, argsArray } = await page.getOperatorList();
  const boxes: FilledBox[] = [];
  const glyphs: DrawnGlyph[] = [];
  const fonts = new Map<string, Matrix>();

  let gs: GraphicsState = {
    ctm: IDENTITY,
    clip: null,
    fillColor: '#000000',
    fillAlpha: 1,
    fontName: null,
    fontSize: 0,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    leading: 0,
    rise: 0,
    renderMode: 0,
  };
  const stack: GraphicsState[] = [];
  // The text matrices are not part of the graphics state: q/Q leave them alone.
  let textMatrix: Matrix = IDENTITY;
  let lineMatrix: Matrix = IDENTITY;
  // `W n`: the clip applies to the next path-painting operator, as in PDF.
  let pendingClip = false;

  const clipTo = (bounds: Rect | null) => {
    if (!bounds) return;
    gs.clip = gs.clip
      ? (intersection(gs.clip, bounds) ?? { ...bounds, x1: bounds.x0, y1: bounds.y0 })
      : bounds;
  };
  const boundsInPage = (box: ArrayLike<number> | null | undefined, ctm: Matrix): Rect | null => {
    if (!box || box.length < 4) return null;
    const [x0, y0, x1, y1] = [box[0]!, box[1]!, box[2]!, box[3]!];
    if (![x0, y0, x1, y1].every(Number.isFinite)) return null;
    return boundsOf([apply(ctm, x0, y0), apply(ctm, x1, y0), apply(ctm, x0, y1), apply(ctm, x1, y1)]);
  };

  const fontMatrixOf = (name: string | null): Matrix => {
    if (!name) return [0.001, 0, 0, 0.001, 0, 0];
    let m = fonts.get(name);
    if (!m) {
      let font: FontLike | undefined;
      try {
        font = page.commonObjs.has(name) ? (page.commonObjs.get(name) as FontLike) : undefined;
      } catch {
        font = undefined;
      }
      m = toMatrix(font?.fontMatrix) ?? [0.001, 0, 0, 0.001, 0, 0];
      fonts.set(name, m);
    }
    return m;
  };

  const moveText = (tx: number, ty: number) => {
    lineMatrix = multiply([1, 0, 0, 1, tx, ty], lineMatrix);
    textMatrix = lineMatrix;
  };

  const showGlyphs = (items: unknown, order: number) => {
    if (!Array.isArray(items)) return;
    const fm = fontMatrixOf(gs.fontName);
    const size = gs.fontSize;
    const th = gs.hScale;
    const invisible = gs.renderMode === 3 || gs.renderMode === 7 || gs.fillAlpha < MIN_OPAQUE_ALPHA;
    // Text space to page space; glyph advances accumulate in x along it (PDF 32000 §9.4.4).
    let x = 0;
    for (const item of items as Array<PdfGlyph | number | null>) {
      if (typeof item === 'number') {
        x -= (item / 1000) * size * th;
        continue;
      }
      if (!item) continue;
      const advance =
        ((item.width ?? 0) * fm[0] * size + gs.charSpacing + (item.isSpace ? gs.wordSpacing : 0)) * th;
      if (item.unicode && item.unicode.trim() !== '') {
        const trm = multiply(textMatrix, gs.ctm);
        const glyphWidth = (item.width ?? 0) * fm[0] * size * th;
        const bottom = gs.rise - 0.2 * size;
        const top = gs.rise + 0.8 * size;
        const [cx, cy] = apply(trm, x + glyphWidth / 2, (bottom + top) / 2);
        const [ux, uy] = apply(trm, 0, size);
        const [ox, oy] = apply(trm, 0, 0);
        glyphs.push({
          x: cx,
          y: cy,
          rect: boundsOf([
            apply(trm, x, bottom),
            apply(trm, x + glyphWidth, bottom),
            apply(trm, x, top),
            apply(trm, x + glyphWidth, top),
          ]),
          size: Math.hypot(ux - ox, uy - oy),
          order,
          invisible,
          color: gs.fillColor,
        });
      }
      x += advance;
    }
    textMatrix = multiply([1, 0, 0, 1, x, 0], textMatrix);
  };

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    switch (fn) {
      case OPS.save:
        stack.push(gs);
        gs = { ...gs };
        break;
      case OPS.restore:
        gs = stack.pop() ?? gs;
        break;
      case OPS.transform: {
        const m = toMatrix(args as number[]);
        if (m) gs.ctm = multiply(m, gs.ctm);
        break;
      }
      case OPS.paintFormXObjectBegin: {
        stack.push(gs);
        gs = { ...gs };
        const m = toMatrix(args?.[0] as number[] | null);
        if (m) gs.ctm = multiply(m, gs.ctm);
        clipTo(boundsInPage(args?.[1] as ArrayLike<number> | null, gs.ctm));
        break;
      }
      case OPS.paintFormXObjectEnd:
        gs = stack.pop() ?? gs;
        break;
      case OPS.beginAnnotation: {
        // An appearance stream starts from the page's base state, mapped by its transform then matrix.
        stack.push(gs);
        const transform = toMatrix(args?.[2] as number[] | null) ?? IDENTITY;
        const matrix = toMatrix(args?.[3] as number[] | null) ?? IDENTITY;
        const rect = args?.[1] as ArrayLike<number> | null;
        gs = {
          ...gs,
          ctm: multiply(matrix, transform),
          clip: null,
          fillColor: '#000000',
          fillAlpha: 1,
          renderMode: 0,
        };
        clipTo(boundsInPage(rect, IDENTITY));
        break;
      }
      case OPS.endAnnotation:
        gs = stack.pop() ?? gs;
        break;
      case OPS.setFillRGBColor:
        gs.fillColor = typeof args?.[0] === 'string' ? args[0] : gs.fillColor;
        break;
      case OPS.setFillTransparent:
        gs.fillAlpha = 0;
        break;
      case OPS.setFillColorN:
        gs.fillColor = 'pattern';
        break;
      case OPS.setGState:
        for (const pair of (args?.[0] as Array<[string, unknown]> | undefined) ?? []) {
          if (pair[0] === 'ca' && typeof pair[1] === 'number') gs.fillAlpha = pair[1];
        }
        break;
      case OPS.constructPath: {
        const paint = args?.[0] as number;
        const buffer = (args?.[1] as Array<Float32Array | null> | undefined)?.[0];
        if (FILL_OPS.has(paint) && buffer && gs.fillAlpha >= MIN_OPAQUE_ALPHA && boxes.length < MAX_BOXES) {
          for (const rect of rectanglesOf(buffer, gs.ctm)) {
            const painted = gs.clip ? intersection(rect, gs.clip) : rect;
            if (painted) boxes.push({ rect: painted, order: i, color: gs.fillColor });
          }
        }
        if (pendingClip) {
          // An empty clipping path clips everything away.
          clipTo(
            boundsInPage(args?.[2] as ArrayLike<number> | null, gs.ctm) ?? { x0: 0, y0: 0, x1: 0, y1: 0 },
          );
          pendingClip = false;
        }
        break;
      }
      case OPS.clip:
      case OPS.eoClip:
        pendingClip = true;
        break;
      case OPS.beginText:
        textMatrix = IDENTITY;
        lineMatrix = IDENTITY;
        break;
      case OPS.setTextMatrix: {
        const m = toMatrix(args?.[0] as number[]);
        if (m) {
          textMatrix = m;
          lineMatrix = m;
        }
        break;
      }
      case OPS.moveText:
        moveText(Number(args?.[0]) || 0, Number(args?.[1]) || 0);
        break;
      case OPS.setLeadingMoveText:
        gs.leading = -(Number(args?.[1]) || 0);
        moveText(Number(args?.[0]) || 0, Number(args?.[1]) || 0);
        break;
      case OPS.nextLine:
        moveText(0, -gs.leading);
        break;
      case OPS.setLeading:
        gs.leading = Number(args?.[0]) || 0;
        break;
      case OPS.setCharSpacing:
        gs.charSpacing = Number(args?.[0]) || 0;
        break;
      case OPS.setWordSpacing:
        gs.wordSpacing = Number(args?.[0]) || 0;
        break;
      case OPS.setHScale:
        gs.hScale = (Number(args?.[0]) || 100) / 100;
        break;
      case OPS.setTextRise:
        gs.rise = Number(args?.[0]) || 0;
        break;
      case OPS.setTextRenderingMode:
        gs.renderMode = Number(args?.[0]) || 0;
        break;
      case OPS.setFont:
        gs.fontName = typeof args?.[0] === 'string' ? args[0] : null;
        gs.fontSize = Number(args?.[1]) || 0;
        break;
      case OPS.showText:
      case OPS.showSpacedText:
        showGlyphs(args?.[0], i);
        break;
      case OPS.nextLineShowText:
        moveText(0, -gs.leading);
        showGlyphs(args?.[0], i);
        break;
      case OPS.nextLineSetSpacingShowText:
        gs.wordSpacing = Number(args?.[0]) || 0;
        gs.charSpacing = Number(args?.[1]) || 0;
        moveText(0, -gs.leading);
        showGlyphs(args?.[2], i);
        break;
      default:
        break;
    }
  }
  return { boxes, glyphs };
}

/**
 * Each closed four-corner subpath of a path, as its own rectangle. A path that draws several
 * redaction bars (one per line) must not become one box spanning the text between the bars.
 */
export function rectanglesOf(buffer: Float32Array, ctm: Matrix): Rect[] {
  const rects: Rect[] = [];
  let points: Array<[number, number]> = [];
  let curved = false;
  const flush = () => {
    const rect = curved ? null : rectangleFrom(points);
    if (rect) {
      const corners = [
        apply(ctm, rect.x0, rect.y0),
        apply(ctm, rect.x1, rect.y0),
        apply(ctm, rect.x1, rect.y1),
        apply(ctm, rect.x0, rect.y1),
      ];
      const bounds = boundsOf(corners);
      if (bounds.x1 - bounds.x0 > 0.5 && bounds.y1 - bounds.y0 > 0.5) rects.push(bounds);
    }
    points = [];
    curved = false;
  };
  for (let k = 0; k < buffer.length; ) {
    const op = buffer[k++];
    if (op === MOVE_TO) {
      flush();
      points.push([buffer[k++]!, buffer[k++]!]);
    } else if (op === LINE_TO) {
      points.push([buffer[k++]!, buffer[k++]!]);
    } else if (op === CURVE_TO) {
      curved = true;
      k += 6;
    } else if (op === CLOSE_PATH) {
      // The next segment starts at the subpath's first point; a moveTo usually follows anyway.
    } else {
      break;
    }
  }
  flush();
  return rects;
}

/** The rectangle four corners (plus an optional repeat of the first) describe, if they do. */
function rectangleFrom(points: Array<[number, number]>): Rect | null {
  const pts = [...points];
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (pts.length === 5 && first && last && near(first[0], last[0]) && near(first[1], last[1])) pts.pop();
  if (pts.length !== 4) return null;
  for (let j = 0; j < 4; j++) {
    const a = pts[j]!;
    const b = pts[(j + 1) % 4]!;
    if (!near(a[0], b[0]) && !near(a[1], b[1])) return null;
  }
  const r = boundsOf(pts);
  return r.x1 - r.x0 > 0 && r.y1 - r.y0 > 0 ? r : null;
}

function near(a: number, b: number): boolean {
  return Math.abs(a - b) < 0.01;
}
