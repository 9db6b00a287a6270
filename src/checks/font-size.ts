import type { ExtractedDocument, ExtractedPage, TextLine } from '../extraction/extracted-document.ts';
import { type Finding, finding } from '../findings/finding.ts';
import { furnitureLines } from './content-words.ts';
import { reportedPage } from './page-zones.ts';

/**
 * "Submissions should be made in 12 point or larger font." The rule is about the body text: headings
 * may be larger, and footnotes, page numbers and running headers are customarily smaller. A page's body
 * size is the size of the bulk of its characters (the character-weighted median over body lines),
 * after furniture and a trailing footnote block are set aside.
 */

/** PDF sizes come from text matrices and arrive as 11.96 for a 12-point font; that is 12 point. */
const TOLERANCE_PT = 0.25;
/** A footnote opens with its number or mark: "1 See…", "¹ See…", "* Figures…". */
const FOOTNOTE_START = /^\s*(?:\d{1,3}(?!\d)|[*†‡§\u00b9\u00b2\u00b3\u2070-\u2079])/u;

function printedLength(line: TextLine): number {
  return line.text.replace(/\s+/g, '').length;
}

/** Lines in the order they stand on the page (PDF by position; others as given). */
function topToBottom(lines: TextLine[]): TextLine[] {
  if (lines.every((line) => line.y !== null)) return [...lines].sort((a, b) => (a.y ?? 0) - (b.y ?? 0));
  return lines;
}

/**
 * The page's body lines without a footnote block: the run of small lines at the foot of the page
 * under text of full size, when it opens with a footnote number or mark.
 */
function withoutFootnotes(lines: TextLine[], minFontPt: number): TextLine[] {
  const isSmall = (line: TextLine) => (line.fontSizePt ?? 0) < minFontPt - TOLERANCE_PT;
  let start = lines.length;
  while (start > 0 && isSmall(lines[start - 1] as TextLine)) start--;
  const opening = lines[start];
  const fullSizeAbove = lines.slice(0, start).some((line) => !isSmall(line));
  if (opening === undefined || !fullSizeAbove || !FOOTNOTE_START.test(opening.text)) return lines;
  return lines.slice(0, start);
}

/** The size of the bulk of a page's body text, or null when the page has none with a size. */
export function bodyFontSize(
  page: ExtractedPage,
  minFontPt: number,
  furniture: ReadonlySet<TextLine> = new Set(),
): number | null {
  const sized = page.lines.filter(
    (line) =>
      line.part === 'body' && line.fontSizePt !== null && printedLength(line) > 0 && !furniture.has(line),
  );
  const body = withoutFootnotes(topToBottom(sized), minFontPt).sort(
    (a, b) => (a.fontSizePt ?? 0) - (b.fontSizePt ?? 0),
  );
  const total = body.reduce((sum, line) => sum + printedLength(line), 0);
  let seen = 0;
  for (const line of body) {
    seen += printedLength(line);
    if (seen * 2 >= total) return line.fontSizePt;
  }
  return null;
}

function formatPt(size: number): string {
  return `${Math.round(size * 10) / 10} pt`;
}

/** `font_below_minimum`, per page. Plain text has no sizes, so it never fires there. */
export function fontSizeFindings(
  fileId: string,
  filename: string,
  doc: ExtractedDocument,
  minFontPt: number,
): Finding[] {
  const furniture = furnitureLines(doc);
  const findings: Finding[] = [];
  for (const page of doc.pages) {
    if (!page.hasTextLayer) continue;
    const size = bodyFontSize(page, minFontPt, furniture);
    if (size === null || size >= minFontPt - TOLERANCE_PT) continue;
    const where = reportedPage(doc, page);
    const place =
      where === null ? `The body text of ${filename}` : `The body text on page ${where} of ${filename}`;
    findings.push(
      finding(
        'font_below_minimum',
        fileId,
        where,
        `${place} is ${formatPt(size)}; the RFI asks for ${minFontPt} point or larger. Enlarge the body text and upload it again.`,
      ),
    );
  }
  return findings;
}
