import type { ExtractedDocument, ExtractedPage, TextLine } from './extracted-document.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
// Plain text saved by older Windows tools is often cp1252; reading it as such beats replacement characters.
const windows1252 = new TextDecoder('windows-1252');

/** A form feed starts a new page (as printers and pdftotext treat it); every line is kept, blank ones as "". */
export function extractTxt(bytes: Uint8Array): ExtractedDocument {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = windows1252.decode(bytes);
  }
  const pageTexts = text.split('\f');
  // A form feed closing the last page (pdftotext ends every page with one) opens no new page.
  if (pageTexts.length > 1 && /^[\r\n]*$/.test(pageTexts.at(-1) ?? '')) pageTexts.pop();
  const pages: ExtractedPage[] = pageTexts.map((pageText, index) => {
    const rows = pageText.split(/\r\n|\r|\n/);
    // The newline ending the page's last line is a terminator, not a blank line.
    if (rows.length > 1 && rows.at(-1) === '') rows.pop();
    return { number: index + 1, width: null, height: null, lines: rows.map(lineOf), hasTextLayer: true };
  });
  return { format: 'txt', pages, pagesAreReal: true, hasPageNumberField: false };
}

function lineOf(text: string): TextLine {
  return { text, fontSizePt: null, bold: false, headingLevel: null, part: 'body', x: null, y: null, height: null };
}
