import type { ExtractedDocument } from '../extraction/extracted-document.ts';
import { type Finding, finding } from '../findings/finding.ts';
import { reportedPage } from './page-zones.ts';

/**
 * `no_text_layer`, per page: a page that is only a picture (a scan) has no text the service can read,
 * search or check. The other page checks stay silent on such a page, so the commenter hears of it once.
 */
export function noTextLayerFindings(fileId: string, filename: string, doc: ExtractedDocument): Finding[] {
  return doc.pages
    .filter((page) => !page.hasTextLayer)
    .map((page) => {
      const where = reportedPage(doc, page);
      const place = where === null ? filename : `Page ${where} of ${filename}`;
      return finding(
        'no_text_layer',
        fileId,
        where,
        `${place} is an image with no text layer, so its text cannot be read, searched or checked. If you can, upload it again with selectable text (save it as PDF from your word processor, or run text recognition on a scan).`,
      );
    });
}
