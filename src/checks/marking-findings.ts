import { type Finding, finding } from '../findings/finding.ts';
import { hasBusinessConfidentialMarking, hasPublicMarking } from './markings.ts';
import { reportedPage } from './page-zones.ts';
import type { ReadableFile } from './submitted-file.ts';

/**
 * `public_version_contains_bc_marking`, per page: a file that will be published (P, or assumed public
 * because its name begins with neither "BC" nor "P") carries a "BUSINESS CONFIDENTIAL" marking. Either
 * the marking is wrong or the file is: both need the commenter's eye before anything is published.
 */
export function publicFileBcMarkingFindings(file: ReadableFile): Finding[] {
  const doc = file.document;
  return doc.pages
    .filter((page) => page.hasTextLayer && hasBusinessConfidentialMarking(doc, page))
    .map((page) => {
      const where = reportedPage(doc, page);
      const place = where === null ? file.filename : `Page ${where} of ${file.filename}`;
      const message =
        file.confidentiality === 'public'
          ? `${place} is marked “BUSINESS CONFIDENTIAL”, but it is the public version and will be published. Remove the marking, make sure no confidential text is left, and upload it again.`
          : `${place} is marked “BUSINESS CONFIDENTIAL”, but a file whose name begins with neither “BC” nor “P” will be published. If it is confidential, rename it to begin with “BC” and add a public version; otherwise remove the marking.`;
      return finding('public_version_contains_bc_marking', file.fileId, where, message);
    });
}

/**
 * `public_version_unmarked`, per file: "The corresponding non-confidential version of those comments
 * must be clearly marked 'PUBLIC.'" A version is clearly marked when its first page carries the marking
 * (at the top, in a header or footer, or on a line of its own): a reader must see it on opening the
 * file, so a marking first met on page 7 does not do. A first page without a text layer (the RFI
 * encourages scanning the public version) cannot be read, so it is not faulted.
 */
export function publicVersionUnmarkedFindings(file: ReadableFile): Finding[] {
  const doc = file.document;
  const first = doc.pages[0];
  if (first === undefined || !first.hasTextLayer || hasPublicMarking(doc, first)) return [];
  return [
    finding(
      'public_version_unmarked',
      file.fileId,
      null,
      `${file.filename} is the public version of a confidential submission but is not marked “PUBLIC”. Add “PUBLIC” at the top of its pages (at least the first) and upload it again.`,
    ),
  ];
}
