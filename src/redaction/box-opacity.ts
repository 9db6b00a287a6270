/**
 * Confirms by rendering that a box really hides what lies under it. The operator list says a
 * rectangle was filled; only pixels say whether it ended up opaque: a square filled with the
 * nonzero rule whose inner subpath winds the other way has a hole the text shows through, a clip
 * can cut a box away, and a hatched box is opaque although it is not one colour.
 */
import { createCanvas } from '@napi-rs/canvas';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Rect } from './geometry.ts';

/** Pixels per point. Two is enough to resolve 8 pt glyph strokes inside a box. */
const RENDER_SCALE = 2;
/** Canvas side cap: a poster-sized page must not allocate gigabytes. */
const MAX_CANVAS_SIDE = 4000;
/** A region is opaque when this share of its pixels falls on one side of the luminance split. */
const UNIFORM_SHARE = 0.97;
/** Luminance (0..255) splitting dark from light. */
const LUMINANCE_SPLIT = 128;

/** Renders a page and answers, for each region list, whether the regions look uniformly dark or light. */
export interface PageRaster {
  isOpaque(regions: Rect[]): boolean;
}

export async function renderPage(page: PDFPageProxy): Promise<PageRaster> {
  const base = page.getViewport({ scale: 1 });
  const scale = Math.min(RENDER_SCALE, MAX_CANVAS_SIDE / Math.max(base.width, base.height, 1));
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.ceil(viewport.width));
  const height = Math.max(1, Math.ceil(viewport.height));
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  // pdf.js draws nothing under the page: paint it white as a viewer does.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  await page.render({
    canvas: canvas as unknown as HTMLCanvasElement,
    canvasContext: context as unknown as CanvasRenderingContext2D,
    viewport,
  }).promise;
  const pixels = context.getImageData(0, 0, width, height).data;

  return {
    isOpaque(regions) {
      let dark = 0;
      let light = 0;
      for (const region of regions) {
        const [ax, ay] = viewport.convertToViewportPoint(region.x0, region.y0) as [number, number];
        const [bx, by] = viewport.convertToViewportPoint(region.x1, region.y1) as [number, number];
        // One pixel in from every edge: anti-aliasing blends the box's border with what is around it.
        const left = Math.max(0, Math.ceil(Math.min(ax, bx)) + 1);
        const right = Math.min(width, Math.floor(Math.max(ax, bx)) - 1);
        const top = Math.max(0, Math.ceil(Math.min(ay, by)) + 1);
        const bottom = Math.min(height, Math.floor(Math.max(ay, by)) - 1);
        for (let y = top; y < bottom; y++) {
          for (let x = left; x < right; x++) {
            const at = (y * width + x) * 4;
            const luminance = 0.299 * pixels[at]! + 0.587 * pixels[at + 1]! + 0.114 * pixels[at + 2]!;
            if (luminance < LUMINANCE_SPLIT) dark++;
            else light++;
          }
        }
      }
      const total = dark + light;
      // Too small to judge (a sliver narrower than two pixels): trust the operator list.
      if (total === 0) return true;
      return Math.max(dark, light) / total >= UNIFORM_SHARE;
    },
  };
}
