import { describe, expect, it } from 'vitest';
import { complianceFindings } from '../../src/checks/compliance-findings.ts';
import { isBusinessConfidentialMarking, isPublicMarking } from '../../src/checks/markings.ts';
import type { ExtractedDocument } from '../../src/extraction/extracted-document.ts';
import type { Finding } from '../../src/findings/finding.ts';
import {
  CAPTION,
  DOCKET,
  docxDocument,
  imagePage,
  pdfDocument,
  submitted,
  txtDocument,
  wrap,
} from './builders.ts';

const BODY =
  'We support the Program and urge the Department to keep the application short, to publish its scoring criteria in advance and to decide within ninety days.';
const SECRET =
  'Our bid for the Nairobi campus is priced at 61 dollars per megawatt hour under a contract signed with the national utility in June.';

function pages(header: string | undefined, count = 2, body = BODY): ExtractedDocument {
  return pdfDocument(
    Array.from({ length: count }, (_, i) => ({
      ...(header === undefined ? {} : { header }),
      body: [...(i === 0 ? [CAPTION] : []), ...wrap(body)],
      footer: `Page ${i + 1} of ${count}`,
    })),
  );
}

function findingsFor(files: ReturnType<typeof submitted>[], justification: string | null = null): Finding[] {
  return complianceFindings({ docket: DOCKET, bcJustification: justification, files });
}

function of(findings: Finding[], code: Finding['code']): Array<[string | null, number | null]> {
  return findings.filter((f) => f.code === code).map((f) => [f.fileId, f.page]);
}

describe('what counts as a BUSINESS CONFIDENTIAL marking', () => {
  it.each([
    ['the phrase in capitals on its own line', 'BUSINESS CONFIDENTIAL', false],
    ['with extra punctuation', 'BUSINESS CONFIDENTIAL –', false],
    ['in brackets', '[BUSINESS CONFIDENTIAL]', false],
    ['letter-spaced', 'B U S I N E S S   C O N F I D E N T I A L', false],
    ['letter-spaced without a wider gap between the words', 'B U S I N E S S C O N F I D E N T I A L', false],
    ['split into two extracted items', 'BUSI NESS CONFI DENTIAL', false],
    ['with "INFORMATION" after it, in capitals on its own line', 'BUSINESS CONFIDENTIAL INFORMATION', false],
    ['as "CONTAINS BUSINESS CONFIDENTIAL INFORMATION"', 'CONTAINS BUSINESS CONFIDENTIAL INFORMATION', false],
    ['among other words in a running header', 'Acme Corp. — BUSINESS CONFIDENTIAL — Comments', true],
    ['in small capitals, extracted as title case, in the header zone', 'Business Confidential', true],
  ])('%s is a marking', (_label, text, inMargin) => {
    expect(isBusinessConfidentialMarking(text, inMargin)).toBe(true);
  });

  it.each([
    [
      'body text mentioning business confidential information',
      'Northfold has marked each page of the business confidential version of these comments',
      false,
    ],
    ['the phrase in lower case on its own line', 'business confidential', false],
    ['title case outside the header zone', 'Business Confidential', false],
    [
      'a capitalised phrase inside a body sentence',
      'the BUSINESS CONFIDENTIAL version accompanies this one',
      false,
    ],
    [
      'a public banner saying the confidential text was removed',
      'PUBLIC VERSION – BUSINESS CONFIDENTIAL INFORMATION DELETED',
      true,
    ],
    ['a banner saying the text was redacted', 'BUSINESS CONFIDENTIAL INFORMATION REDACTED', true],
    ['a statement that there is none', 'THIS DOCUMENT CONTAINS NO BUSINESS CONFIDENTIAL INFORMATION', true],
    ['the word CONFIDENTIAL alone', 'CONFIDENTIAL', true],
    ['a numbered heading', 'IV. BUSINESS CONFIDENTIAL INFORMATION AND ITS TREATMENT UNDER THE RFI', false],
  ])('%s is not a marking', (_label, text, inMargin) => {
    expect(isBusinessConfidentialMarking(text, inMargin)).toBe(false);
  });
});

describe('what counts as a PUBLIC marking', () => {
  it.each([
    ['PUBLIC', false],
    ['PUBLIC VERSION', false],
    ['P U B L I C', false],
    ['Public Version', true],
    ['Acme Corp. | PUBLIC | Page 2', true],
    ['PUBLIC VERSION – BUSINESS CONFIDENTIAL INFORMATION DELETED', true],
  ])('"%s" is a PUBLIC marking', (text, inMargin) => {
    expect(isPublicMarking(text, inMargin)).toBe(true);
  });

  it.each([
    ['NON-PUBLIC', true],
    ['NOT FOR PUBLIC RELEASE', true],
    ['PUBLIC INTEREST CONSIDERATIONS', true],
    ['Public Version', false],
    ['public comments on the program', true],
    ['Our public filings show the same figures', false],
  ])('"%s" is not a PUBLIC marking', (text, inMargin) => {
    expect(isPublicMarking(text, inMargin)).toBe(false);
  });
});

describe('public_version_contains_bc_marking', () => {
  it('a P file carrying BUSINESS CONFIDENTIAL in its header is reported on every page that carries it', () => {
    const findings = findingsFor(
      [
        submitted('BC_x.pdf', pages('BUSINESS CONFIDENTIAL', 2, SECRET)),
        submitted('P_x.pdf', pages('BUSINESS CONFIDENTIAL')),
      ],
      '5 U.S.C. 552(b)(4)',
    );
    expect(of(findings, 'public_version_contains_bc_marking')).toEqual([
      ['P_x.pdf', 1],
      ['P_x.pdf', 2],
    ]);
    expect(findings.find((f) => f.code === 'public_version_contains_bc_marking')?.message).toBe(
      'Page 1 of P_x.pdf is marked “BUSINESS CONFIDENTIAL”, but it is the public version and will be published. Remove the marking, make sure no confidential text is left, and upload it again.',
    );
  });

  it('an assumed-public file with the marking on its own line is reported, with advice to rename it', () => {
    const doc = pdfDocument([
      { body: [CAPTION, ...wrap(BODY)] },
      { body: ['BUSINESS CONFIDENTIAL', ...wrap(SECRET)] },
    ]);
    const findings = findingsFor([submitted('acme_comments.pdf', doc)]);
    expect(of(findings, 'public_version_contains_bc_marking')).toEqual([['acme_comments.pdf', 2]]);
    expect(findings.find((f) => f.code === 'public_version_contains_bc_marking')?.message).toContain(
      'rename it to begin with “BC”',
    );
  });

  it('a marking stacked over two header lines is a marking', () => {
    const doc = pdfDocument([
      { header: 'BUSINESS', body: [{ text: 'CONFIDENTIAL', y: 50 }, CAPTION, ...wrap(BODY)] },
    ]);
    expect(of(findingsFor([submitted('acme.pdf', doc)]), 'public_version_contains_bc_marking')).toEqual([
      ['acme.pdf', 1],
    ]);
  });

  it('a DOCX header marking and a TXT marking line are markings', () => {
    const docx = docxDocument({ header: ['BUSINESS CONFIDENTIAL'], pages: [[CAPTION, BODY]] });
    const txt = txtDocument(`BUSINESS CONFIDENTIAL\n\n${CAPTION}\n\n${BODY}\n\nPage 1 of 1\n`);
    const findings = findingsFor([submitted('a.docx', docx), submitted('b.txt', txt)]);
    expect(of(findings, 'public_version_contains_bc_marking')).toEqual([
      ['a.docx', 1],
      ['b.txt', 1],
    ]);
  });

  it('body text mentioning business confidential information is not a marking', () => {
    const mention =
      'Northfold has marked each page of the business confidential version of these comments and has filed a public version from which the confidential passages have been removed.';
    const doc = pdfDocument([{ header: 'PUBLIC', body: [CAPTION, ...wrap(BODY), ...wrap(mention)] }]);
    expect(of(findingsFor([submitted('P_n.pdf', doc)]), 'public_version_contains_bc_marking')).toEqual([]);
  });

  it('a public banner saying the confidential information was deleted is not a BC marking', () => {
    const doc = pages('PUBLIC VERSION – BUSINESS CONFIDENTIAL INFORMATION DELETED');
    expect(of(findingsFor([submitted('P_n.pdf', doc)]), 'public_version_contains_bc_marking')).toEqual([]);
  });

  it('a BC file carrying the marking is not reported', () => {
    const findings = findingsFor(
      [
        submitted('BC_x.pdf', pages('BUSINESS CONFIDENTIAL', 1, SECRET)),
        submitted('P_x.pdf', pages('PUBLIC', 1)),
      ],
      'FOIA Exemption 4',
    );
    expect(of(findings, 'public_version_contains_bc_marking')).toEqual([]);
  });
});

describe('public_version_unmarked', () => {
  const bc = () => submitted('BC_x.pdf', pages('BUSINESS CONFIDENTIAL', 2, SECRET));
  const justification = 'FOIA Exemption 4';

  it('the P version of a BC submission must be marked PUBLIC', () => {
    const findings = findingsFor([bc(), submitted('P_x.pdf', pages(undefined))], justification);
    expect(of(findings, 'public_version_unmarked')).toEqual([['P_x.pdf', null]]);
    expect(findings.find((f) => f.code === 'public_version_unmarked')?.message).toBe(
      'P_x.pdf is the public version of a confidential submission but is not marked “PUBLIC”. Add “PUBLIC” at the top of its pages and upload it again.',
    );
  });

  it('a PUBLIC header, a PUBLIC VERSION line or a DOCX header marks it', () => {
    const line = pdfDocument([{ body: ['PUBLIC VERSION', CAPTION, ...wrap(BODY)] }]);
    const docx = docxDocument({ header: ['Public Version'], pages: [[CAPTION, BODY]] });
    const findings = findingsFor(
      [bc(), submitted('P_a.pdf', pages('PUBLIC')), submitted('P_b.pdf', line), submitted('P_c.docx', docx)],
      justification,
    );
    expect(of(findings, 'public_version_unmarked')).toEqual([]);
  });

  it('a marking on any page marks the version: the RFI asks it of the version, not of each page', () => {
    const late = pdfDocument([{ body: [CAPTION, ...wrap(BODY)] }, { header: 'PUBLIC', body: wrap(BODY) }]);
    expect(
      of(findingsFor([bc(), submitted('P_x.pdf', late)], justification), 'public_version_unmarked'),
    ).toEqual([]);
  });

  it('a P file in a submission without a BC file need not be marked', () => {
    expect(of(findingsFor([submitted('Proposal.pdf', pages(undefined))]), 'public_version_unmarked')).toEqual(
      [],
    );
  });

  it('a scanned P version is not faulted for a marking that cannot be read', () => {
    const scan: ExtractedDocument = {
      format: 'pdf',
      pages: [imagePage(1)],
      pagesAreReal: true,
      hasPageNumberField: false,
    };
    expect(
      of(findingsFor([bc(), submitted('P_x.pdf', scan)], justification), 'public_version_unmarked'),
    ).toEqual([]);
  });
});
