import { extractDocx } from './extract-docx.ts';
import { extractPdf } from './extract-pdf.ts';
import { extractTxt } from './extract-txt.ts';
import type { DocumentFormat, ExtractedDocument } from './extracted-document.ts';
import { ExtractionError, extractionMessages } from './extraction-error.ts';

export interface ExtractionOptions {
  /** PDF pages read at most; the rest are ignored. Default 2,000. */
  maxPages?: number;
}

export const defaultMaxPages = 2000;

/**
 * Reads one file into pages of lines. Pure: bytes in, data out, no file system, database or
 * clock. Throws ExtractionError with a message for the commenter when the file cannot be read;
 * run it where a runaway can be killed (sandbox.ts), since parsers meet hostile input.
 */
export async function extractDocument(
  bytes: Uint8Array,
  format: DocumentFormat,
  options: ExtractionOptions = {},
): Promise<ExtractedDocument> {
  switch (format) {
    case 'pdf':
      return extractPdf(bytes, { maxPages: options.maxPages ?? defaultMaxPages });
    case 'docx':
      return extractDocx(bytes);
    case 'txt':
      return extractTxt(bytes);
    default:
      throw new ExtractionError(extractionMessages.unsupportedFormat, true);
  }
}
