import { describe, expect, it } from 'vitest';
import { complianceFindings } from '../../src/checks/compliance-findings.ts';
import type { ExtractedDocument } from '../../src/extraction/extracted-document.ts';
import type { Finding } from '../../src/findings/finding.ts';
import {
  CAPTION,
  DOCKET,
  docxDocument,
  imagePage,
  type PdfPageSpec,
  pdfDocument,
  submitted,
  wrap,
} from './builders.ts';

const JUSTIFICATION = 'Exempt from disclosure under 5 U.S.C. 552(b)(4).';

const INTRO =
  'Harbor Grid Compute builds and operates data centres for sovereign customers in three regions and welcomes the chance to comment on the Program and its request for proposals.';
const Q14 =
  'Question 14: The Program should favour models in which a United States operator controls the accelerators and the security of the site, whoever owns the land and the building shell.';
const SECRET_A =
  'Our Jakarta campus is financed by a loan of 410 million dollars from two regional banks at a margin of 215 basis points, guaranteed by the sponsor until completion.';
const Q15 =
  'Question 15: Lenders already require the documents that show who builds, owns and operates a site, and the Department should accept them in summary form with a right to inspect.';
const Q16 =
  'Question 16: Partners outside the technology stack, such as builders and landlords, should be screened for ownership by countries of concern but need not join the consortium.';
const Q17 =
  'Question 17: Political risk insurance would lower our cost of capital more than any other federal tool, because lenders price in the risk of expropriation.';
const SECRET_B =
  'The sovereign fund in Riyadh has agreed to take 35 percent of the equity in our second campus at a valuation of 1.2 billion dollars, subject to board approval in March.';
const CLOSING =
  'Harbor Grid Compute thanks the Department for considering these comments and would welcome a meeting with Program staff.';

const REDACTED = '[REDACTED]';

interface Layout {
  header?: (page: number) => string | undefined;
  pageNumbers?: boolean;
}

/** Paragraphs laid out as pages of wrapped lines, with optional header and "Page N of M" footer. */
function pdfFrom(pages: string[][], layout: Layout = {}): ExtractedDocument {
  const total = pages.length;
  const specs: PdfPageSpec[] = pages.map((paragraphs, i) => {
    const header = layout.header?.(i + 1);
    return {
      ...(header === undefined ? {} : { header }),
      body: [
        ...(i === 0 ? [{ text: CAPTION, size: 14, bold: true }] : []),
        ...paragraphs.flatMap((p) => wrap(p)),
      ],
      ...(layout.pageNumbers === false ? {} : { footer: `Page ${i + 1} of ${total}` }),
    };
  });
  return pdfDocument(specs);
}

const bcMarked = (pages: number[] | 'all') => (page: number) =>
  pages === 'all' || pages.includes(page) ? 'BUSINESS CONFIDENTIAL' : undefined;
const publicHeader = () => 'PUBLIC';

function run(bc: ExtractedDocument, p: ExtractedDocument | null, pName = 'P_harbor.pdf'): Finding[] {
  return complianceFindings({
    docket: DOCKET,
    bcJustification: JUSTIFICATION,
    files: [submitted('BC_harbor.pdf', bc), submitted(pName, p)],
  });
}

function codes(findings: Finding[], code: Finding['code']): Array<[string | null, number | null]> {
  return findings.filter((f) => f.code === code).map((f) => [f.fileId, f.page]);
}

// BC: page 1 intro and Q14, page 2 a secret paragraph between Q15 and Q16, page 3 Q17 and closing.
const BC_PAGES = [
  [INTRO, Q14],
  [Q15, SECRET_A, Q16],
  [Q17, CLOSING],
];

describe('bc_page_unmarked', () => {
  it('a BC page holding text the P version lacks must carry the marking', () => {
    const bc = pdfFrom(BC_PAGES, { header: bcMarked([1, 3]) });
    const p = pdfFrom(
      [
        [INTRO, Q14],
        [Q15, REDACTED, Q16],
        [Q17, CLOSING],
      ],
      { header: publicHeader },
    );
    const findings = run(bc, p);
    expect(codes(findings, 'bc_page_unmarked')).toEqual([['BC_harbor.pdf', 2]]);
    expect(findings.find((f) => f.code === 'bc_page_unmarked')?.message).toBe(
      'Page 2 of BC_harbor.pdf holds confidential text (text that P_harbor.pdf leaves out) but is not marked. Add “BUSINESS CONFIDENTIAL” at the top of that page and upload it again.',
    );
  });

  it('a BC page whose text the P version keeps whole needs no marking', () => {
    const bc = pdfFrom(BC_PAGES, { header: bcMarked([2]) });
    const p = pdfFrom(
      [
        [INTRO, Q14],
        [Q15, REDACTED, Q16],
        [Q17, CLOSING],
      ],
      { header: publicHeader },
    );
    expect(codes(run(bc, p), 'bc_page_unmarked')).toEqual([]);
  });

  it('pairs pages by content, not index, when removing a paragraph moves the page breaks', () => {
    // The public version dropped the secret paragraph and reflowed: Q17 moved up to page 2.
    const bc = pdfFrom(BC_PAGES, { header: bcMarked([2]) });
    const p = pdfFrom([[INTRO, Q14], [Q15, Q16, Q17], [CLOSING]], { header: publicHeader });
    expect(codes(run(bc, p), 'bc_page_unmarked')).toEqual([]);
    const unmarked = pdfFrom(BC_PAGES, { header: bcMarked([]) });
    expect(codes(run(unmarked, p), 'bc_page_unmarked')).toEqual([['BC_harbor.pdf', 2]]);
  });

  it('a paragraph split across a page break in the P version still counts as kept', () => {
    const q16Lines = wrap(Q16);
    const p = pdfDocument([
      {
        header: 'PUBLIC',
        body: [CAPTION, ...wrap(INTRO), ...wrap(Q14), ...wrap(Q15), ...q16Lines.slice(0, 1)],
      },
      { header: 'PUBLIC', body: [...q16Lines.slice(1), ...wrap(Q17), ...wrap(CLOSING)] },
    ]);
    const bc = pdfFrom(BC_PAGES, { header: bcMarked([2]), pageNumbers: false });
    expect(codes(run(bc, p), 'bc_page_unmarked')).toEqual([]);
  });

  it('confidential text running over a page break makes both pages confidential', () => {
    const secretLines = wrap(SECRET_A);
    const bc = pdfDocument([
      {
        header: 'BUSINESS CONFIDENTIAL',
        body: [CAPTION, ...wrap(INTRO), ...wrap(Q14), ...secretLines.slice(0, 1)],
      },
      { body: [...secretLines.slice(1), ...wrap(Q15)] },
      { body: [...wrap(Q16), ...wrap(CLOSING)] },
    ]);
    const p = pdfFrom(
      [
        [INTRO, Q14, REDACTED, Q15],
        [Q16, CLOSING],
      ],
      { header: publicHeader },
    );
    expect(codes(run(bc, p), 'bc_page_unmarked')).toEqual([['BC_harbor.pdf', 2]]);
    const unmarkedFirst = pdfDocument([
      { body: [CAPTION, ...wrap(INTRO), ...wrap(Q14), ...secretLines.slice(0, 1)] },
      { body: [...secretLines.slice(1), ...wrap(Q15)] },
    ]);
    expect(codes(run(unmarkedFirst, p), 'bc_page_unmarked')).toEqual([
      ['BC_harbor.pdf', 1],
      ['BC_harbor.pdf', 2],
    ]);
  });

  it('one word replaced by "[REDACTED]" inside a sentence makes its page confidential', () => {
    const bc = pdfFrom(
      [
        [INTRO, Q14],
        [Q15.replace('summary form', 'Ghanaian summary form'), Q16],
      ],
      {
        header: bcMarked([]),
      },
    );
    const p = pdfFrom(
      [
        [INTRO, Q14],
        [Q15.replace('summary form', '[REDACTED] summary form'), Q16],
      ],
      {
        header: publicHeader,
      },
    );
    expect(codes(run(bc, p), 'bc_page_unmarked')).toEqual([['BC_harbor.pdf', 2]]);
  });

  it('headers, markings and page numbers are not content', () => {
    // Every BC page is headed differently from its public twin and numbered; only page 2 holds a secret.
    const bc = pdfFrom(BC_PAGES, {
      header: (page) => (page === 2 ? 'BUSINESS CONFIDENTIAL' : `Harbor Grid Compute ${page}`),
    });
    const p = pdfFrom(
      [
        [INTRO, Q14],
        [Q15, Q16],
        [Q17, CLOSING],
      ],
      { header: () => 'PUBLIC VERSION' },
    );
    expect(codes(run(bc, p), 'bc_page_unmarked')).toEqual([]);
  });

  it('a marking on its own line at the top of the body counts; one at the foot of the page does not', () => {
    const top = pdfDocument([
      { body: [CAPTION, ...wrap(INTRO)] },
      { body: ['BUSINESS CONFIDENTIAL', ...wrap(Q15), ...wrap(SECRET_A)] },
    ]);
    const bottom = pdfDocument([
      { body: [CAPTION, ...wrap(INTRO)] },
      { body: [...wrap(Q15), ...wrap(SECRET_A)], footer: 'BUSINESS CONFIDENTIAL' },
    ]);
    const p = pdfFrom([[INTRO], [Q15, REDACTED]], { header: publicHeader });
    expect(codes(run(top, p), 'bc_page_unmarked')).toEqual([]);
    expect(codes(run(bottom, p), 'bc_page_unmarked')).toEqual([['BC_harbor.pdf', 2]]);
  });

  it('a DOCX without page breaks is reported without a page', () => {
    const bc = docxDocument({ pagesAreReal: false, pages: [[CAPTION, INTRO, SECRET_A, Q15]] });
    const p = docxDocument({
      header: ['PUBLIC'],
      pagesAreReal: false,
      pages: [[CAPTION, INTRO, REDACTED, Q15]],
    });
    expect(codes(run(bc, p, 'P_harbor.docx'), 'bc_page_unmarked')).toEqual([['BC_harbor.pdf', null]]);
    const marked = docxDocument({
      header: ['BUSINESS CONFIDENTIAL'],
      pagesAreReal: false,
      pages: [[CAPTION, INTRO, SECRET_A, Q15]],
    });
    expect(codes(run(marked, p, 'P_harbor.docx'), 'bc_page_unmarked')).toEqual([]);
  });

  it('each BC file is compared with the P file that keeps most of its text', () => {
    const bcA = pdfFrom(
      [
        [INTRO, Q14],
        [Q15, SECRET_A],
      ],
      { header: bcMarked([]) },
    );
    const bcB = pdfFrom(
      [
        [Q16, Q17],
        [SECRET_B, CLOSING],
      ],
      { header: bcMarked([]) },
    );
    const pA = pdfFrom(
      [
        [INTRO, Q14],
        [Q15, REDACTED],
      ],
      { header: publicHeader },
    );
    const pB = pdfFrom(
      [
        [Q16, Q17],
        [REDACTED, CLOSING],
      ],
      { header: publicHeader },
    );
    const findings = complianceFindings({
      docket: DOCKET,
      bcJustification: JUSTIFICATION,
      // Names that do not pair up: content decides.
      files: [
        submitted('BC_one.pdf', bcA),
        submitted('BC_two.pdf', bcB),
        submitted('P_two.pdf', pA),
        submitted('P_one.pdf', pB),
      ],
    });
    expect(codes(findings, 'bc_page_unmarked')).toEqual([
      ['BC_one.pdf', 2],
      ['BC_two.pdf', 2],
    ]);
    expect(codes(findings, 'public_version_identical_to_bc')).toEqual([]);
  });

  it('without a readable P version (a scan, as the RFI encourages) nothing is claimed', () => {
    const bc = pdfFrom(BC_PAGES, { header: bcMarked([]) });
    const scanned: ExtractedDocument = {
      format: 'pdf',
      pages: [imagePage(1), imagePage(2)],
      pagesAreReal: true,
      hasPageNumberField: false,
    };
    const findings = run(bc, scanned);
    expect(codes(findings, 'bc_page_unmarked')).toEqual([]);
    expect(codes(findings, 'public_version_identical_to_bc')).toEqual([]);
    expect(codes(run(bc, null), 'bc_page_unmarked')).toEqual([]);
  });
});

describe('public_version_identical_to_bc', () => {
  it('a P version that keeps all of the BC text is identical, whatever its headers say', () => {
    const bc = pdfFrom(BC_PAGES, { header: bcMarked('all') });
    const p = pdfFrom(BC_PAGES, { header: publicHeader });
    const findings = run(bc, p);
    expect(codes(findings, 'public_version_identical_to_bc')).toEqual([['P_harbor.pdf', null]]);
    expect(findings.find((f) => f.code === 'public_version_identical_to_bc')?.message).toBe(
      'P_harbor.pdf holds all the text of BC_harbor.pdf: nothing confidential was removed. Delete the confidential text from the public version (covering it with boxes leaves it readable) and upload it again.',
    );
  });

  it('a black box drawn over text that stays in the file leaves the P version identical', () => {
    // Extraction reads the text under the box: the public version's text is the confidential one.
    const bc = pdfFrom(BC_PAGES, { header: bcMarked('all') });
    const boxed = pdfFrom(BC_PAGES, { header: publicHeader });
    expect(codes(run(bc, boxed), 'public_version_identical_to_bc')).toEqual([['P_harbor.pdf', null]]);
  });

  it('a P version with reflowed pages but every word kept is still identical', () => {
    const bc = pdfFrom(BC_PAGES, { header: bcMarked('all') });
    const p = pdfFrom([[INTRO, Q14, Q15], [SECRET_A, Q16, Q17], [CLOSING]], { header: publicHeader });
    expect(codes(run(bc, p), 'public_version_identical_to_bc')).toEqual([['P_harbor.pdf', null]]);
  });

  it('a P version that removed a paragraph is not identical', () => {
    const bc = pdfFrom(BC_PAGES, { header: bcMarked('all') });
    const p = pdfFrom(
      [
        [INTRO, Q14],
        [Q15, REDACTED, Q16],
        [Q17, CLOSING],
      ],
      { header: publicHeader },
    );
    expect(codes(run(bc, p), 'public_version_identical_to_bc')).toEqual([]);
  });

  it('a P version that removed a single figure is not identical', () => {
    const bc = pdfFrom([[INTRO, SECRET_A]], { header: bcMarked('all') });
    const p = pdfFrom([[INTRO, SECRET_A.replace('410', '[REDACTED]')]], { header: publicHeader });
    expect(codes(run(bc, p), 'public_version_identical_to_bc')).toEqual([]);
  });
});
