import type { ExtractedDocument, ExtractedPage } from '../extraction/extracted-document.ts';
import { type Finding, finding } from '../findings/finding.ts';
import { edgeLines, reportedPage } from './page-zones.ts';

/**
 * "Submissions should be made in 12 point or larger font, with a page number provided on each page."
 * A page shows its number when a line in its header or footer zone reads as one.
 */

/** What a line tells about the page it is on. */
export interface PageNumberReading {
  value: number;
  /** "Page 3", "3 of 12": the line says it is a page number, whatever the value. */
  explicit: boolean;
}

const DASHES = '\\-\u2010-\u2015\u2212';
const ROMAN = /^(?=[ivxlc]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/;

function romanValue(text: string): number | null {
  const lower = text.toLowerCase();
  if (lower === '' || !ROMAN.test(lower)) return null;
  const values: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000 };
  let total = 0;
  for (let i = 0; i < lower.length; i++) {
    const here = values[lower[i] ?? ''] ?? 0;
    const next = values[lower[i + 1] ?? ''] ?? 0;
    total += here < next ? -here : here;
  }
  return total;
}

function numberOf(token: string): number | null {
  if (/^\d{1,4}$/.test(token)) return Number(token);
  return romanValue(token);
}

const PAGE_WORD = '(?:page|pg\\.?|p\\.)';
const VALUE = '(\\d{1,4}|[ivxlc]{1,7})';
/** "Page 3 of 12" says what it is wherever it stands, even at the end of a long running footer. */
const PAGE_N_OF_M = /(?:^|[^\p{L}])page\s*(\d{1,4})\s*(?:of|\/)\s*\d{1,4}(?![\p{L}\p{N}])/iu;
const PAGE_N_AT_END = new RegExp(`(?:^|[^\\p{L}])${PAGE_WORD}\\s*${VALUE}[.\\s]*$`, 'iu');
const PAGE_N = new RegExp(`(?:^|[^\\p{L}])${PAGE_WORD}\\s*${VALUE}(?![\\p{L}\\p{N}])`, 'iu');
const N_OF_M = /(?:^|[^\p{L}\p{N}])(\d{1,4})\s*(?:of|\/)\s*\d{1,4}(?![\p{L}\p{N}])/iu;
const BARE = new RegExp(
  `^[\\s${DASHES}\u2022\u00b7|\\[\\]()]*([0-9]{1,4}|[ivxlcIVXLC]{1,7})[\\s${DASHES}\u2022\u00b7|\\[\\]().]*$`,
  'u',
);
/** A number at either end of a short header or footer line ("Acme Corp. Comments | 3"). */
const AT_END = /(?:^|\s)(\d{1,4})\s*$/u;
const AT_START = /^\s*(\d{1,4})(?:\s|$)/u;
/**
 * Header and footer lines are short; a longer line in the margin zone is body text, where "page 4"
 * or a trailing figure is a reference, not a page number.
 */
const MAX_WORDS_WITH_NUMBER = 8;

function explicitReading(match: RegExpExecArray | null): PageNumberReading | null {
  const value = match?.[1] === undefined ? null : numberOf(match[1]);
  return value === null ? null : { value, explicit: true };
}

/** Reads a line as a page number: "Page 3", "p. 3", "3 of 12", "- 3 -", "3", "iii", "Acme | 3". */
export function readPageNumber(text: string): PageNumberReading | null {
  const line = text.normalize('NFKC').trim();
  if (line === '') return null;
  const strong = explicitReading(PAGE_N_OF_M.exec(line)) ?? explicitReading(PAGE_N_AT_END.exec(line));
  if (strong) return strong;
  if (line.split(/\s+/).length > MAX_WORDS_WITH_NUMBER) return null;
  const explicit = explicitReading(PAGE_N.exec(line)) ?? explicitReading(N_OF_M.exec(line));
  if (explicit) return explicit;
  const bare = BARE.exec(line)?.[1];
  if (bare !== undefined) {
    const value = numberOf(bare);
    return value === null ? null : { value, explicit: false };
  }
  const end = AT_END.exec(line)?.[1] ?? AT_START.exec(line)?.[1];
  return end === undefined ? null : { value: Number(end), explicit: false };
}

function readingsOn(doc: ExtractedDocument, page: ExtractedPage): PageNumberReading[] {
  return edgeLines(doc, page).flatMap((line) => readPageNumber(line.text) ?? []);
}

/**
 * The offset between printed and physical page numbers that most pages agree on (a cover page left
 * unnumbered makes it -1, front matter more); 0 unless a third of the pages, and at least two, agree
 * on another. Bare numbers must fit it, so a year or a figure in a footer does not pass for a number.
 */
function commonOffset(readings: PageNumberReading[][], pages: ExtractedPage[]): number {
  const votes = new Map<number, number>();
  readings.forEach((onPage, i) => {
    const number = pages[i]?.number ?? 0;
    for (const offset of new Set(onPage.map((reading) => reading.value - number))) {
      votes.set(offset, (votes.get(offset) ?? 0) + 1);
    }
  });
  const needed = Math.max(2, Math.ceil(pages.length / 3));
  let best = 0;
  let bestVotes = votes.get(0) ?? 0;
  for (const [offset, count] of votes) {
    if (count > bestVotes && count >= needed) {
      best = offset;
      bestVotes = count;
    }
  }
  return best;
}

/**
 * Whether a reading shows the page's number: an explicit one ("Page 3") whatever its value; a bare
 * number when it fits the page with the common offset, or continues the count of the page before or
 * after (unnumbered plates or blank pages shift the offset as a document goes on).
 */
function showsNumber(
  reading: PageNumberReading,
  page: ExtractedPage,
  offset: number,
  neighbours: { before: PageNumberReading[]; after: PageNumberReading[] },
): boolean {
  if (reading.explicit) return true;
  if (reading.value === page.number + offset || reading.value === page.number) return true;
  return (
    neighbours.before.some((other) => other.value === reading.value - 1) ||
    neighbours.after.some((other) => other.value === reading.value + 1)
  );
}

/** Pages that show no page number. A DOCX PAGE field in a header or footer numbers every page. */
export function pagesWithoutNumber(doc: ExtractedDocument): ExtractedPage[] {
  if (doc.hasPageNumberField) return [];
  const pages = doc.pages.filter((page) => page.hasTextLayer);
  const readings = pages.map((page) => readingsOn(doc, page));
  const offset = commonOffset(readings, pages);
  const adjacent = (i: number, step: number) =>
    pages[i + step]?.number === (pages[i]?.number ?? 0) + step ? (readings[i + step] ?? []) : [];
  return pages.filter((page, i) => {
    const neighbours = { before: adjacent(i, -1), after: adjacent(i, 1) };
    return !(readings[i] ?? []).some((reading) => showsNumber(reading, page, offset, neighbours));
  });
}

/** `page_number_missing`, per page; pages without a text layer are reported as such, not here. */
export function pageNumberFindings(fileId: string, filename: string, doc: ExtractedDocument): Finding[] {
  return pagesWithoutNumber(doc).map((page) => {
    const where = reportedPage(doc, page);
    const message =
      where === null
        ? `${filename} shows no page numbers. Number every page (for example "Page 1 of 5" in the footer) and upload it again.`
        : `Page ${where} of ${filename} shows no page number. Number every page (for example "Page ${where}" in the footer) and upload it again.`;
    return finding('page_number_missing', fileId, where, message);
  });
}
