import type { Confidentiality } from '../db/database.ts';

/**
 * The RFI's naming rule, applied literally and case-sensitively: "the file name of the business
 * confidential version should begin with the characters 'BC'", "the file name of the non-confidential
 * version should begin with the character 'P'", and "submissions with file names that do not begin with
 * either a 'BC' or a 'P' will be assumed to be public". So BCG_report.pdf is BC and Proposal.pdf is P.
 */
export function classifyFilename(filename: string): Confidentiality {
  if (filename.startsWith('BC')) return 'business_confidential';
  if (filename.startsWith('P')) return 'public';
  return 'assumed_public';
}

export type NearMiss = 'business_confidential' | 'public';

/**
 * A name that looks meant to be BC or P but misses the exact prefix would be published as assumed
 * public: a commenter must rename it or say they mean it (acknowledge_public). Returns which class the
 * name seems to aim at, or null when it reads as an ordinary name.
 */
export function nearMissPrefix(filename: string): NearMiss | null {
  if (classifyFilename(filename) !== 'assumed_public') return null;
  // Leading blanks and separators hide the prefix: " BC x.pdf", "_P_x.pdf".
  const lead = filename.replace(/^[\s._\-–—()[\]]+/, '');
  const separatorOrEnd = String.raw`(?=[\s._\-–—()[\]0-9]|$)`;
  if (new RegExp(String.raw`^b\s*\.?\s*c\.?${separatorOrEnd}`, 'i').test(lead))
    return 'business_confidential';
  if (/^(business[\s._-]*)?confidential/i.test(lead)) return 'business_confidential';
  if (new RegExp(String.raw`^p\.?${separatorOrEnd}`, 'i').test(lead)) return 'public';
  if (/^public(?![a-z])/i.test(lead)) return 'public';
  return null;
}

/** What the commenter should do about a near miss, in their own file name's terms. */
export function nearMissAdvice(filename: string, aim: NearMiss): string {
  const rest = filename.replace(
    /^[\s._\-–—()[\]]*(b\s*\.?\s*c\.?|p\.?|public|(business[\s._-]*)?confidential)[\s._-]*/i,
    '',
  );
  const suggested = `${aim === 'business_confidential' ? 'BC' : 'P'}_${rest || filename.trim()}`;
  const meaning = aim === 'business_confidential' ? 'business confidential' : 'the public version';
  return (
    `The file name "${filename}" looks meant to mark ${meaning}, but the docket only recognises names ` +
    `beginning with exactly "${aim === 'business_confidential' ? 'BC' : 'P'}" (capital letters, first characters). ` +
    `Rename it to "${suggested}", or, if it is meant to be published as a public file, send acknowledge_public=true.`
  );
}
