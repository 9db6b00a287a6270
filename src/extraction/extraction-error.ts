/**
 * Why a file could not be read, in words for the person who uploaded it. `permanent` tells the
 * job runner not to retry: the same bytes will fail the same way (encrypted, damaged, too slow).
 */
export class ExtractionError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'ExtractionError';
  }
}

export const extractionMessages = {
  pdfPasswordProtected: 'This PDF is password-protected. Upload a copy without a password.',
  pdfDamaged:
    'This PDF is damaged or incomplete and could not be read. Export it again and upload the new copy.',
  pdfNoPages:
    'This PDF has no pages, so there is nothing to read. Check that you chose the right file and upload it again.',
  docxDamaged:
    'This Word file is damaged or incomplete and could not be read. Save it again from Word (as .docx) and upload the new copy.',
  docxTooLarge:
    'This Word file unpacks to more data than we accept. Remove large embedded objects or save it as PDF and upload that.',
  docxNotWord:
    'This file is not a Word document (.docx) we can read. Save it as .docx or PDF and upload that.',
  unsupportedFormat:
    'This file is not a PDF, Word (.docx) or plain-text file. Save it in one of those formats and upload it again.',
  tooSlow: (what: string) =>
    `This ${what} took too long to read and was stopped. Save it again (for a PDF, "Print to PDF" often helps) and upload the new copy.`,
  tooMuchMemory:
    'This file needed more memory to read than we allow and was stopped. Save it again, or split it into smaller files, and upload those.',
  unreadableFile: 'The uploaded file could not be opened for reading. Please try again later.',
  readerCrashed:
    'Reading this file stopped unexpectedly. Export it again and upload the new copy; if that fails too, contact the docket staff.',
} as const;
