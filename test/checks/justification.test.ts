import { describe, expect, it } from 'vitest';
import { complianceFindings } from '../../src/checks/compliance-findings.ts';
import { citesLegalAuthority } from '../../src/checks/justification.ts';
import { DOCKET, pdfDocument, submitted, wrap } from './builders.ts';

const doc = () =>
  pdfDocument([
    {
      header: 'BUSINESS CONFIDENTIAL',
      body: wrap('American AI Exports Program Comments. Our prices are 4 dollars.'),
    },
  ]);

function justificationFindings(justification: string | null, withConfidentialFile = true) {
  const files = withConfidentialFile
    ? [submitted('BC_a.pdf', doc()), submitted('P_a.pdf', doc())]
    : [submitted('a.pdf', doc())];
  return complianceFindings({ docket: DOCKET, bcJustification: justification, files }).filter(
    (f) => f.code === 'bc_justification_no_authority',
  );
}

describe('bc_justification_no_authority', () => {
  it.each([
    'exempt from disclosure under 5 U.S.C. 552(b)(4)',
    'protected by FOIA Exemption 4',
    'covered by Exemption 4 of the Freedom of Information Act',
    'its release is barred by 18 U.S.C. § 1905',
    'its release is barred by the Trade Secrets Act',
    'treated as confidential under 15 CFR 4.9',
    'within section 552 of title 5',
    'protected under 19 USC 1677f',
    'confidential commercial information under Food Marketing Institute v. Argus Leader Media',
    'subject to predisclosure notification under Executive Order 12600',
    'protected by section 1761(h) of the Export Control Reform Act',
  ])('"%s" cites a legal authority', (text) => {
    expect(citesLegalAuthority(text)).toBe(true);
  });

  it.each([
    'This information is commercially sensitive and its release would harm our competitive position.',
    'The paragraph names customers and prices, which are trade secrets we keep confidential.',
  ])('"%s" cites none', (text) => {
    expect(citesLegalAuthority(text)).toBe(false);
  });

  it('a justification without legal authority is reported for the submission, without file or page', () => {
    const findings = justificationFindings(
      'The second paragraph names customers and order volumes, which we keep secret.',
    );
    expect(findings.map((f) => [f.fileId, f.page, f.severity])).toEqual([[null, null, 'warning']]);
    expect(findings[0]?.message).toBe(
      'Your statement justifying confidential treatment names no legal authority. The RFI asks you to refer to the specific authority claimed, such as FOIA Exemption 4 (5 U.S.C. 552(b)(4)) or the Trade Secrets Act (18 U.S.C. 1905).',
    );
  });

  it('a justification citing an authority is not reported', () => {
    expect(justificationFindings('Confidential commercial information, 5 U.S.C. 552(b)(4).')).toEqual([]);
  });

  it('nothing is reported without a BC file or without a justification', () => {
    expect(justificationFindings('We would rather keep this private.', false)).toEqual([]);
    expect(justificationFindings(null)).toEqual([]);
    expect(justificationFindings('   ')).toEqual([]);
  });
});
