import type { ExtractedDocument } from '../extraction/extracted-document.ts';
import { type Finding, finding } from '../findings/finding.ts';
import { normalisedWords } from './normalised-words.ts';

/**
 * "All submissions should be captioned with 'American AI Exports Program Comments.'"
 * A caption heads the submission, so it is looked for on the first two pages (a cover page or cover
 * letter may come first), in any part (a DOCX header caption counts), with case, punctuation and line
 * breaks ignored. The RFI's words turned round ("Comments on the American AI Exports Program") count
 * when they stand on a line of their own, as a title does, but not inside a sentence.
 */
const PAGES_TO_SEARCH = 2;

function containsSequence(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0) return true;
  const padded = ` ${haystack.join(' ')} `;
  return padded.includes(` ${needle.join(' ')} `);
}

const INVERTED_PREFIX = /^(?:comments?|response) (?:on|to|regarding|concerning|about|for) (?:the )?/;

function isInvertedCaptionTitle(line: string, programName: readonly string[]): boolean {
  const text = normalisedWords(line).join(' ');
  const rest = text.replace(INVERTED_PREFIX, '');
  return rest !== text && rest === programName.join(' ');
}

/** Whether the document carries the docket's caption on its first pages. */
export function hasCaption(doc: ExtractedDocument, caption: string): boolean {
  const captionWords = normalisedWords(caption);
  // "American AI Exports Program" for the inverted form: the caption less its trailing "Comments".
  const programName = captionWords.at(-1) === 'comments' ? captionWords.slice(0, -1) : captionWords;
  return doc.pages.slice(0, PAGES_TO_SEARCH).some((page) => {
    const pageWords = page.lines.flatMap((line) => normalisedWords(line.text));
    return (
      containsSequence(pageWords, captionWords) ||
      page.lines.some((line) => isInvertedCaptionTitle(line.text, programName))
    );
  });
}

/**
 * `caption_missing`, per file. When one of the first pages has no text layer the caption may be on
 * it, unreadable: the commenter is not faulted for what cannot be read (that page gets `no_text_layer`).
 */
export function captionFindings(
  fileId: string,
  filename: string,
  doc: ExtractedDocument,
  caption: string,
): Finding[] {
  const first = doc.pages.slice(0, PAGES_TO_SEARCH);
  if (first.length === 0 || first.some((page) => !page.hasTextLayer)) return [];
  if (hasCaption(doc, caption)) return [];
  return [
    finding(
      'caption_missing',
      fileId,
      null,
      `${filename} is not captioned. Put “${caption}” at the top of its first page and upload it again.`,
    ),
  ];
}
