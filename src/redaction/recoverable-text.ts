import type { DocumentFormat } from '../extraction/extracted-document.ts';

/** Text on a page of a public file that is hidden under an opaque box (or blacked-out DOCX runs) yet still extractable. */
export interface RecoverableText {
  /** 1-based page; null for a DOCX without real pages. */
  page: number | null;
  /** The words that leak, joined; never logged, only shown to confidentiality officers. */
  text: string;
  /** How many boxes (or runs) hide recoverable text on that page. */
  boxes: number;
}

/** Placeholder until the detector lands: finds nothing. */
export async function findRecoverableText(_bytes: Uint8Array, _format: DocumentFormat): Promise<RecoverableText[]> {
  return [];
}
