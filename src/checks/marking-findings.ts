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
 * must be clearly marked 'PUBLIC.'" The RFI asks that the version be marked, not each of its pages
 * (unlike "any page containing business confidential information"), so a "PUBLIC" marking on any page
 * (at the top, in a header or footer, or on a line of its own) marks it. A version with pages that
 * cannot be read (the RFI encourages scanning the public version) may carry it there, so it is not
 * faulted unless every page can be read.
 */
export function publicVersionUnmarkedFindings(file: ReadableFile): Finding[] {
  const doc = file.document;
  if (doc.pages.length === 0 || doc.pages.some((page) => !page.hasTextLayer)) return [];
  if (doc.pages.some((page) => hasPublicMarking(doc, page))) return [];
  return [
    finding(
      'public_version_unmarked',
      file.fileId,
      null,
      `${file.filename} is the public version of a confidential submission but is not marked “PUBLIC”. Add “PUBLIC” at the top of its pages and upload it again.`,
    ),
  ];
}
