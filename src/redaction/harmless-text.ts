/**
 * Text found under a box that cannot leak anything: what redaction tools and clerks put there on
 * purpose (filler, labels), blanks, and bare dates. Flagging it would quarantine clean files.
 */

/** Labels written into or under a redaction box, compared in lower case. */
const PLACEHOLDER_WORDS = new Set([
  'redacted',
  'redaction',
  'confidential',
  'business',
  'privileged',
  'withheld',
  'sealed',
  'bci',
  'cbi',
]);

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
/** Dates as filings write them; court stamps and signature dates under boxes say nothing confidential. */
const DATE_PATTERNS = [
  /\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b/giu,
  new RegExp(`\\b${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?\\b,?(?:\\s+\\d{4})?`, 'giu'),
  new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH},?\\s+\\d{4}\\b`, 'giu'),
  new RegExp(`\\b${MONTH},?\\s+\\d{4}\\b`, 'giu'),
];
/** FOIA exemption codes such as "(b)(4)" or "(b)(7)(C)" that agencies stamp on redactions. */
const EXEMPTION_CODE = /\(b\)\s*\(\d\)(?:\([a-z]\))?/giu;

/** True when the text under a box could not tell a reader anything the box meant to hide. */
export function isHarmlessText(text: string): boolean {
  let rest = text.normalize('NFKC');
  for (const pattern of [...DATE_PATTERNS, EXEMPTION_CODE]) rest = rest.replace(pattern, ' ');
  const tokens = rest.split(/[^\p{L}\p{N}]+/u).filter((t) => t !== '');
  return tokens.every((token) => isFiller(token));
}

function isFiller(token: string): boolean {
  const lower = token.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower)) return true;
  // XXXX, xxx-xx-xxxx, 0000: one character repeated stands for text, it is not text.
  if (/^(.)\1+$/u.test(lower)) return true;
  return /^x+$/u.test(lower);
}
