import type { ExtractedDocument } from '../extraction/extracted-document.ts';

/** The class a file's name puts it in (contract: `BC…` confidential, `P…` public, else assumed public). */
export type Confidentiality = 'business_confidential' | 'public' | 'assumed_public';

/** One file of a submission as the compliance checks see it. */
export interface SubmittedFile {
  fileId: string;
  filename: string;
  confidentiality: Confidentiality;
  /** null when extraction failed: the worker reports `extraction_failed`, and no page can be checked. */
  document: ExtractedDocument | null;
  /**
   * The comment typed into the form, stored as an assumed-public text file. The RFI's format rules
   * (caption, page numbers, font size) are about submitted documents, so they do not apply to it.
   */
  isTypedComment?: boolean;
}

/** A file whose extraction succeeded. */
export interface ReadableFile extends SubmittedFile {
  document: ExtractedDocument;
}

export function isReadable(file: SubmittedFile): file is ReadableFile {
  return file.document !== null;
}

/** Whether any page of the document has a text layer to check. */
export function hasAnyText(doc: ExtractedDocument): boolean {
  return doc.pages.some((page) => page.hasTextLayer && page.lines.some((line) => line.text.trim() !== ''));
}
