import { type Finding, finding } from '../findings/finding.ts';
import { type Coverage, coverageOf } from './bc-public-comparison.ts';
import { contentWords } from './content-words.ts';
import { hasBusinessConfidentialMarkingAtTop } from './markings.ts';
import { reportedPage } from './page-zones.ts';
import { hasAnyText, type ReadableFile } from './submitted-file.ts';

/** "BC_acme.pdf" and "P_acme.pdf" share the stem "acme.pdf": a tie-breaker when contents match equally. */
function stem(filename: string): string {
  return filename
    .replace(/^(BC|P)/, '')
    .replace(/^[\s_.-]+/, '')
    .toLowerCase();
}

interface Pairing {
  publicFile: ReadableFile;
  coverage: Coverage;
}

/**
 * The public version of a confidential file: the public file that keeps the largest share of its
 * text (a submission may hold several BC/P pairs), the one with the matching name on a tie.
 */
function pairedPublicVersion(
  confidential: ReadableFile,
  publicFiles: readonly ReadableFile[],
): Pairing | null {
  const words = contentWords(confidential.document);
  let best: (Pairing & { kept: number; sameStem: boolean }) | null = null;
  for (const publicFile of publicFiles) {
    const coverage = coverageOf(
      words,
      contentWords(publicFile.document).map((entry) => entry.word),
    );
    const kept = coverage.total === 0 ? 0 : 1 - coverage.lacking / coverage.total;
    const sameStem = stem(publicFile.filename) === stem(confidential.filename);
    if (best === null || kept > best.kept || (kept === best.kept && sameStem && !best.sameStem)) {
      best = { publicFile, coverage, kept, sameStem };
    }
  }
  return best;
}

/**
 * `bc_page_unmarked`: "Any page containing business confidential information must be clearly marked
 * 'BUSINESS CONFIDENTIAL' on the top of that page." A page holds confidential information when the
 * public version lacks some of its text; a page the public version keeps whole needs no marking.
 */
function unmarkedConfidentialPages(confidential: ReadableFile, pairing: Pairing): Finding[] {
  const doc = confidential.document;
  const findings: Finding[] = [];
  doc.pages.forEach((page, pageIndex) => {
    const lacking = pairing.coverage.lackingByPageIndex.get(pageIndex) ?? 0;
    if (lacking === 0 || !page.hasTextLayer || hasBusinessConfidentialMarkingAtTop(doc, page)) return;
    const where = reportedPage(doc, page);
    const place = where === null ? confidential.filename : `Page ${where} of ${confidential.filename}`;
    findings.push(
      finding(
        'bc_page_unmarked',
        confidential.fileId,
        where,
        `${place} holds confidential text (text that ${pairing.publicFile.filename} leaves out) but is not marked. Add “BUSINESS CONFIDENTIAL” at the top of that page and upload it again.`,
      ),
    );
  });
  return findings;
}

/**
 * `public_version_identical_to_bc`: the public version lacks none of the confidential version's text,
 * so nothing was removed. Text left under a black box is still text, so a failed redaction lands here
 * too (the contract: both findings are true).
 */
function identicalPublicVersion(confidential: ReadableFile, pairing: Pairing): Finding[] {
  if (pairing.coverage.total === 0 || pairing.coverage.lacking > 0) return [];
  return [
    finding(
      'public_version_identical_to_bc',
      pairing.publicFile.fileId,
      null,
      `${pairing.publicFile.filename} holds all the text of ${confidential.filename}: nothing confidential was removed. Delete the confidential text from the public version (covering it with boxes leaves it readable) and upload it again.`,
    ),
  ];
}

/**
 * Findings that compare each business confidential file with its public version. Without a readable
 * public version (none, failed, or a scan without text, as the RFI encourages) nothing can be
 * compared, and nothing is claimed.
 */
export function bcPublicFindings(
  confidentialFiles: readonly ReadableFile[],
  publicFiles: readonly ReadableFile[],
): Finding[] {
  const readablePublic = publicFiles.filter((file) => hasAnyText(file.document));
  if (readablePublic.length === 0) return [];
  return confidentialFiles
    .filter((file) => hasAnyText(file.document))
    .flatMap((confidential) => {
      const pairing = pairedPublicVersion(confidential, readablePublic);
      if (pairing === null) return [];
      return [
        ...unmarkedConfidentialPages(confidential, pairing),
        ...identicalPublicVersion(confidential, pairing),
      ];
    });
}
