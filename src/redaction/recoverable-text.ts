import type { DocumentFormat } from '../extraction/extracted-document.ts';
import { findRecoverableDocxText } from './docx-recoverable-text.ts';
import { findRecoverablePdfText } from './pdf-recoverable-text.ts';

/** Text on a page of a public file that is hidden under an opaque box (or blacked-out DOCX runs) yet still extractable. */
export interface RecoverableText {
  /** 1-based page; null for a DOCX without real pages. */
  page: number | null;
  /** The words that leak, joined; never logged, only shown to confidentiality officers. */
  text: string;
  /** How many boxes (or runs) hide recoverable text on that page. */
  boxes: number;
}

/**
 * Text a reader cannot see but anyone can copy out of the file, one entry per page that has any.
 * Pure: bytes in, findings out. Throws on a file its parser cannot open; the caller already
 * reports unreadable files through extraction.
 */
export async function findRecoverableText(
  bytes: Uint8Array,
  format: DocumentFormat,
): Promise<RecoverableText[]> {
  switch (format) {
    case 'pdf':
      return findRecoverablePdfText(bytes);
    case 'docx':
      return findRecoverableDocxText(bytes);
    case 'txt':
      // Plain text has no boxes, colours or layers: whatever it holds is in plain view.
      return [];
  }
}
