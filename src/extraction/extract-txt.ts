import { type ExtractedDocument, type ExtractedPage, unmeasuredLine } from './extracted-document.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
/**
 * Plain text saved by older Windows tools is often Windows-1252; reading it as such beats
 * replacement characters. Node's TextDecoder('windows-1252') decodes ISO-8859-1 instead (no
 * curly quotes or dashes in 0x80–0x9F), so those 32 code points are mapped here.
 */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes)
    text += byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  return text;
}

/** A form feed starts a new page (as printers and pdftotext treat it); every line is kept, blank ones as "". */
export function extractTxt(bytes: Uint8Array): ExtractedDocument {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = decodeWindows1252(bytes);
  }
  const pageTexts = text.split('\f');
  // A form feed closing the last page (pdftotext ends every page with one) opens no new page.
  if (pageTexts.length > 1 && /^[\r\n]*$/.test(pageTexts.at(-1) ?? '')) pageTexts.pop();
  const pages: ExtractedPage[] = pageTexts.map((pageText, index) => {
    const rows = pageText.split(/\r\n|\r|\n/);
    // The newline ending the page's last line is a terminator, not a blank line.
    if (rows.length > 1 && rows.at(-1) === '') rows.pop();
    return {
      number: index + 1,
      width: null,
      height: null,
      lines: rows.map(unmeasuredLine),
      hasTextLayer: true,
    };
  });
  return { format: 'txt', pages, pagesAreReal: true, hasPageNumberField: false };
}
