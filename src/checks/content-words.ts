import type { ExtractedDocument, ExtractedPage, TextLine } from '../extraction/extracted-document.ts';
import { isMarkingLine } from './markings.ts';
import { normalisedWords } from './normalised-words.ts';
import { readPageNumber } from './page-numbers.ts';
import { zoneOf } from './page-zones.ts';

/**
 * The words a commenter wrote, as opposed to the furniture around them: header and footer parts,
 * markings, page numbers and running headers differ between a confidential and a public version by
 * design, so they must not count as text one version has and the other lacks.
 */

/** One word of a document's content and the page (index into `pages`) it stands on. */
export interface ContentWord {
  word: string;
  pageIndex: number;
}

/** A margin line with its numbers taken out: what a running header or footer repeats page after page. */
function runningKey(text: string): string {
  return normalisedWords(text)
    .filter((word) => !/^\d+$/.test(word))
    .join(' ');
}

/** Running headers and footers are short; a repeated line of prose is not one. */
const MAX_RUNNING_WORDS = 15;
/** How many lines at each edge of a page may be running headers or footers. */
const RUNNING_EDGE_LINES = 2;

/**
 * The lines at the very top and bottom of a page (PDF by position, TXT by order). DOCX running
 * headers live in header and footer parts, which are furniture already.
 */
function outermostLines(doc: ExtractedDocument, page: ExtractedPage): TextLine[] {
  if (doc.format === 'docx') return [];
  const body = page.lines.filter((line) => line.part === 'body' && line.text.trim() !== '');
  const ordered = body.every((line) => line.y !== null)
    ? [...body].sort((a, b) => (a.y ?? 0) - (b.y ?? 0))
    : body;
  const edges = new Set([...ordered.slice(0, RUNNING_EDGE_LINES), ...ordered.slice(-RUNNING_EDGE_LINES)]);
  return [...edges].filter((line) => zoneOf(doc, page, line) !== 'middle');
}

/** Lines at a page's edge that repeat on most pages (numbers aside): a running header or footer. */
function runningLineKeys(doc: ExtractedDocument): Set<string> {
  const pagesPerKey = new Map<string, number>();
  for (const page of doc.pages) {
    const keys = new Set(outermostLines(doc, page).map((line) => runningKey(line.text)));
    for (const key of keys) {
      const words = key.split(' ').length;
      if (key !== '' && words <= MAX_RUNNING_WORDS) pagesPerKey.set(key, (pagesPerKey.get(key) ?? 0) + 1);
    }
  }
  const needed = Math.max(2, Math.ceil(doc.pages.length / 2));
  return new Set([...pagesPerKey].filter(([, count]) => count >= needed).map(([key]) => key));
}

function isPageNumberLine(doc: ExtractedDocument, page: ExtractedPage, line: TextLine): boolean {
  if (zoneOf(doc, page, line) === 'middle') return false;
  const reading = readPageNumber(line.text);
  if (reading === null) return false;
  // "Acme | 3" is furniture only if it repeats (a running line); "Page 3" and a bare "3" always are.
  return reading.explicit || normalisedWords(line.text).length === 1;
}

/**
 * The furniture of a document: header and footer parts, markings, page numbers, and margin lines
 * that repeat on most pages (running headers and footers).
 */
export function furnitureLines(doc: ExtractedDocument): Set<TextLine> {
  const running = runningLineKeys(doc);
  const furniture = new Set<TextLine>();
  for (const page of doc.pages) {
    const outermost = new Set(outermostLines(doc, page));
    for (const line of page.lines) {
      if (
        line.part !== 'body' ||
        (outermost.has(line) && running.has(runningKey(line.text))) ||
        isMarkingLine(doc, page, line) ||
        isPageNumberLine(doc, page, line)
      ) {
        furniture.add(line);
      }
    }
  }
  return furniture;
}

/** The content words of a document in reading order, pages concatenated, furniture left out. */
export function contentWords(doc: ExtractedDocument): ContentWord[] {
  const furniture = furnitureLines(doc);
  const words: ContentWord[] = [];
  doc.pages.forEach((page, pageIndex) => {
    for (const line of page.lines) {
      if (furniture.has(line)) continue;
      for (const word of normalisedWords(line.text)) words.push({ word, pageIndex });
    }
  });
  return words;
}
