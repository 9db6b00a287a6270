import type { ExtractedDocument, ExtractedPage, TextLine } from '../extraction/extracted-document.ts';
import { withoutLetterSpacing } from './normalised-words.ts';
import { topLines, zoneOf } from './page-zones.ts';

/**
 * Recognising the markings the RFI asks for: "Any page containing business confidential information
 * must be clearly marked 'BUSINESS CONFIDENTIAL' on the top of that page. The corresponding
 * non-confidential version of those comments must be clearly marked 'PUBLIC.'"
 *
 * The contract: "A marking is the phrase in capitals standing on its own line or in the page's header
 * zone. Body text that mentions 'business confidential information' is not a marking."
 */

const BC_PHRASE = 'BUSINESSCONFIDENTIAL';

/**
 * Words that may stand with the phrase on a line of its own and leave it a marking, compared as
 * capital letters with spaces and punctuation removed. "BUSINESS CONFIDENTIAL INFORMATION" alone on
 * a line in capitals is a marking: that is how trade filings label confidential pages, and a reader
 * of a public file would take it as one; a sentence or a numbered heading has other words and is not.
 */
const STANDALONE_BEFORE = new Set(['', 'CONTAINS', 'THISDOCUMENTCONTAINS', 'THISPAGECONTAINS']);
const STANDALONE_AFTER = new Set([
  '',
  'INFORMATION',
  'VERSION',
  'DOCUMENT',
  'MATERIAL',
  'TREATMENTREQUESTED',
]);

/**
 * A line that mentions the phrase to say it is gone is the banner of a public version
 * ("PUBLIC VERSION – BUSINESS CONFIDENTIAL INFORMATION DELETED"), not a confidential marking.
 */
const DISCLAIMS_BC =
  /REMOVED|DELETED|REDACTED|OMITTED|EXCLUDED|WITHHELD|EXPUNGED|NOTCONTAIN|CONTAINSNO|NOBUSINESS|NONBUSINESS|FREEOF|WITHOUTBUSINESS/;

/** Header lines are short; a capitalised sentence in the top fifth of a page is not a header. */
const MAX_MARGIN_LINE_WORDS = 12;

function letters(text: string): string {
  return text.normalize('NFKC').replace(/[^\p{L}]/gu, '');
}

function wordCount(text: string): number {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean).length;
}

/**
 * Whether a line reads as a "BUSINESS CONFIDENTIAL" marking. Letters are compared with spaces and
 * punctuation removed, so letter-spaced, split ("BUSI NESS") and decorated ("BUSINESS CONFIDENTIAL –")
 * markings count. `inMargin`: the line is in the header zone (or the footer), where a marking may
 * share its line with other words, and where small capitals, which extract as "Business
 * Confidential", are accepted when the line says nothing else.
 */
export function isBusinessConfidentialMarking(text: string, inMargin: boolean): boolean {
  const original = letters(text);
  const upper = original.toUpperCase();
  const at = upper.indexOf(BC_PHRASE);
  if (at < 0) return false;
  if (DISCLAIMS_BC.test(upper) || upper.startsWith('PUBLIC')) return false;
  const phrase = original.slice(at, at + BC_PHRASE.length);
  const capitals = phrase === BC_PHRASE;
  const before = upper.slice(0, at);
  const after = upper.slice(at + BC_PHRASE.length);
  if (capitals && STANDALONE_BEFORE.has(before) && STANDALONE_AFTER.has(after)) return true;
  if (!inMargin) return false;
  if (phrase === 'BusinessConfidential' && before === '' && after === '') return true;
  return capitals && wordCount(withoutLetterSpacing(text)) <= MAX_MARGIN_LINE_WORDS;
}

/** Words after "PUBLIC" that make it part of a phrase, not a marking ("PUBLIC INTEREST"). */
const PUBLIC_AS_ADJECTIVE = new Set([
  'INTEREST',
  'POLICY',
  'SECTOR',
  'HEALTH',
  'SAFETY',
  'RELEASE',
  'COMMENT',
  'COMMENTS',
  'AFFAIRS',
  'SERVICE',
  'SERVICES',
  'LAW',
  'HEARING',
  'FUNDING',
  'FINANCE',
  'INVESTMENT',
  'DEBATE',
  'GOODS',
]);
/** Words a "PUBLIC" marking may carry on a line of its own. */
const PUBLIC_MARKING_NOUNS = new Set(['VERSION', 'DOCUMENT', 'COPY', 'FILING', 'SUBMISSION']);

/**
 * Whether a line reads as a "PUBLIC" marking: the word in capitals (letter-spacing undone) on a line
 * of its own ("PUBLIC", "PUBLIC VERSION") or in the page's margin among other header words; "NON-PUBLIC",
 * "NOT FOR PUBLIC RELEASE" and "PUBLIC INTEREST" are not markings. A margin line saying only "Public"
 * or "Public Version" counts too (small capitals extract that way).
 */
export function isPublicMarking(text: string, inMargin: boolean): boolean {
  const words = withoutLetterSpacing(text.normalize('NFKC'))
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (words.length === 0 || words.length > MAX_MARGIN_LINE_WORDS) return false;
  const lower = words.map((word) => word.toLowerCase());
  if (inMargin && (lower.join(' ') === 'public' || lower.join(' ') === 'public version')) return true;
  return words.some((word, i) => {
    if (word !== 'PUBLIC') return false;
    const previous = words[i - 1]?.toUpperCase();
    const next = words[i + 1]?.toUpperCase();
    if (previous === 'NON' || previous === 'FOR') return false;
    if (next !== undefined && PUBLIC_AS_ADJECTIVE.has(next)) return false;
    if (inMargin) return true;
    return i === 0 && words.slice(1).every((rest) => PUBLIC_MARKING_NOUNS.has(rest.toUpperCase()));
  });
}

/**
 * A line's text and, for short lines, the line joined with the next one: a marking can be stacked
 * over two lines ("BUSINESS" / "CONFIDENTIAL") or split by the extractor into two items.
 */
function candidateTexts(lines: readonly TextLine[]): string[] {
  const texts: string[] = [];
  lines.forEach((line, i) => {
    texts.push(line.text);
    const next = lines[i + 1];
    if (next && wordCount(line.text) <= 3 && wordCount(next.text) <= 3)
      texts.push(`${line.text} ${next.text}`);
  });
  return texts;
}

function nonEmpty(lines: readonly TextLine[]): TextLine[] {
  return lines.filter((line) => line.text.trim() !== '');
}

/** Whether the page carries "BUSINESS CONFIDENTIAL" at its top, as the RFI asks of confidential pages. */
export function hasBusinessConfidentialMarkingAtTop(doc: ExtractedDocument, page: ExtractedPage): boolean {
  return candidateTexts(topLines(doc, page)).some((text) => isBusinessConfidentialMarking(text, true));
}

/** Whether a "BUSINESS CONFIDENTIAL" marking stands anywhere on the page: on a line of its own, or in a margin. */
export function hasBusinessConfidentialMarking(doc: ExtractedDocument, page: ExtractedPage): boolean {
  const lines = nonEmpty(page.lines);
  const margin = lines.filter((line) => zoneOf(doc, page, line) !== 'middle');
  return (
    lines.some((line) => isBusinessConfidentialMarking(line.text, zoneOf(doc, page, line) !== 'middle')) ||
    candidateTexts(margin).some((text) => isBusinessConfidentialMarking(text, true))
  );
}

/** Whether the page carries a "PUBLIC" marking: in its margins, or on a line of its own. */
export function hasPublicMarking(doc: ExtractedDocument, page: ExtractedPage): boolean {
  const lines = nonEmpty(page.lines);
  const margin = lines.filter((line) => zoneOf(doc, page, line) !== 'middle');
  return (
    lines.some((line) => isPublicMarking(line.text, zoneOf(doc, page, line) !== 'middle')) ||
    candidateTexts(margin).some((text) => isPublicMarking(text, true))
  );
}

/** Whether a line is a marking of either kind: furniture, never content, when versions are compared. */
export function isMarkingLine(doc: ExtractedDocument, page: ExtractedPage, line: TextLine): boolean {
  const inMargin = zoneOf(doc, page, line) !== 'middle';
  return isBusinessConfidentialMarking(line.text, inMargin) || isPublicMarking(line.text, inMargin);
}
