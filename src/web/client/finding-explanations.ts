/**
 * Each finding code in one plain sentence that says what happened and what to do about it, for a
 * commenter who has never read the RFI's fine print. The server's own message, which names the file and
 * page, is shown beside it.
 */
export interface DocketFacts {
  caption: string;
  minFontPt: number;
}

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_LABEL: Record<Severity, string> = {
  error: 'Problem',
  warning: 'Warning',
  info: 'Note',
};

export function explainFinding(code: string, docket: DocketFacts): string {
  switch (code) {
    case 'filename_assumed_public':
      return 'The file name begins with neither "BC" nor "P", so the file will be published as it is; if it holds confidential information, rename it to begin with "BC" and upload a public "P" version with it.';
    case 'bc_justification_no_authority':
      return 'Your reason for keeping information confidential cites no law; add the legal authority, such as 5 U.S.C. 552(b)(4) (FOIA Exemption 4) or 18 U.S.C. 1905.';
    case 'bc_page_unmarked':
      return 'This page of your business confidential file holds information your public version leaves out, but it does not say "BUSINESS CONFIDENTIAL" at its top; add that marking to every such page and upload the file again.';
    case 'public_version_unmarked':
      return 'Your public version is not marked "PUBLIC"; add the word at the top of its pages so readers know it is the version for publication.';
    case 'public_version_contains_bc_marking':
      return 'A file that will be published says "BUSINESS CONFIDENTIAL"; check that you did not upload the confidential version by mistake, and remove the marking from the public version.';
    case 'public_version_identical_to_bc':
      return 'Your public version has the same text as the confidential one, so nothing confidential was removed; delete the confidential passages from the public version and upload it again.';
    case 'redaction_recoverable':
      return 'On this page, text covered by a black box can still be copied out of the file, so the file is withheld from publication; delete the text itself (or scan a printed copy) and add the corrected public version to this submission.';
    case 'caption_missing':
      return `The file does not carry the caption "${docket.caption}"; put it at the top of the first page.`;
    case 'page_number_missing':
      return 'This page shows no page number; number every page of the document.';
    case 'font_below_minimum':
      return `Body text on this page is smaller than ${docket.minFontPt} pt; use a font of ${docket.minFontPt} pt or larger.`;
    case 'duplicate_submitter':
      return 'This email address or organization already has a submission on this docket, which asks for one response per person or institution; if you meant to change your response, add files to your first submission instead.';
    case 'late_submission':
      return 'This arrived after the comment deadline; it is kept, but the agency may not consider it.';
    case 'extraction_failed':
      return 'The file could not be read (the reason is given beside it); add a readable copy, a PDF with a text layer, a Word (DOCX) or a plain-text file, to this submission.';
    case 'no_text_layer':
      return 'This page has no machine-readable text (it looks like a scanned picture), so it cannot be searched; if you can, add a version with a text layer.';
    default:
      return 'The message beside this says what was found.';
  }
}
