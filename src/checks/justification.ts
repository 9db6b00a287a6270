import { type Finding, finding } from '../findings/finding.ts';

/**
 * "Anyone submitting business confidential information should … file a statement justifying
 * nondisclosure and referring to the specific legal authority claimed." A justification cites an
 * authority when it names a statute, regulation, exemption or case; whether the authority fits is for
 * the confidentiality officer, not for a pattern.
 */
const LEGAL_AUTHORITY: readonly RegExp[] = [
  // Statutes and regulations by citation: "5 U.S.C. 552(b)(4)", "18 USC § 1905", "15 C.F.R. 4.9".
  /\b\d+\s*U\.?\s?S\.?\s?C\.?(?:\s?A\.?)?(?![\p{L}])/iu,
  /\bUnited\s+States\s+Code\b|\bU\.?\s?S\.?\s+Code\b/iu,
  /\b\d+\s*C\.?\s?F\.?\s?R\.?(?![\p{L}])/iu,
  /\bCode\s+of\s+Federal\s+Regulations\b/iu,
  /§/u,
  /\bsection\s+552\b|\b552\s*\(\s*b\s*\)\s*\(\s*4\s*\)|\(\s*b\s*\)\s*\(\s*4\s*\)/iu,
  // FOIA and its exemption, the Trade Secrets Act, the Commerce FOIA rules, the predisclosure order.
  /\bFOIA\b|\bFreedom\s+of\s+Information\s+Act\b/iu,
  /\bExemption\s+(?:4|four|\(b\)\s*\(4\))\b/iu,
  /\bTrade\s+Secrets\s+Act\b|\b1905\b/iu,
  /\b(?:Executive\s+Order|E\.\s?O\.)\s*12,?600\b/iu,
  // Any other Act named in capitals ("the Export Control Reform Act", "section 1761(h) of ECRA").
  /\b(?:[A-Z][a-z]+\s+){1,6}Act\b/u,
  /\bsection\s+\d+[A-Za-z]?(?:\s*\([\w]+\))*\s+of\s+(?:the\s+)?[A-Z]/u,
  // Case law, the other source of authority on Exemption 4 ("Food Marketing Institute v. Argus Leader").
  /\b[A-Z][\w.&'’-]*(?:\s+[A-Z&][\w.&'’-]*)*\s+v\.\s+[A-Z]/u,
];

/** Whether a justification refers to a legal authority. */
export function citesLegalAuthority(justification: string): boolean {
  const text = justification.normalize('NFKC');
  return LEGAL_AUTHORITY.some((pattern) => pattern.test(text));
}

/**
 * `bc_justification_no_authority` (file null, page null): only when the submission holds a business
 * confidential file and a justification was given (intake rejects a BC file without one).
 */
export function justificationFindings(hasConfidentialFile: boolean, justification: string | null): Finding[] {
  if (!hasConfidentialFile || justification === null || justification.trim() === '') return [];
  if (citesLegalAuthority(justification)) return [];
  return [
    finding(
      'bc_justification_no_authority',
      null,
      null,
      'Your statement justifying confidential treatment names no legal authority. The RFI asks you to refer to the specific authority claimed, such as FOIA Exemption 4 (5 U.S.C. 552(b)(4)) or the Trade Secrets Act (18 U.S.C. 1905).',
    ),
  ];
}
