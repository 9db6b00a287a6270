/**
 * Text as the checks compare it: Unicode-normalised (NFKC folds ligatures such as "ﬁ" and
 * full-width letters), lower case, with every run of white space and punctuation folded away,
 * so that line breaks, hyphens, quotes and the punctuation around a redaction never decide a match.
 */
export function normalisedWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * Undoes letter-spacing ("B U S I N E S S  C O N F I D E N T I A L" → "BUSINESS CONFIDENTIAL"):
 * a run of three or more single characters separated by single spaces is one word, and a wider
 * gap inside such a run separates words. Other text is returned as it was.
 */
export function withoutLetterSpacing(text: string): string {
  return text.replace(/(?:^|(?<=\s))\p{L}(?:[ \u00a0]{1,3}\p{L}(?![\p{L}\p{N}])){2,}/gu, (run) =>
    run
      .split(/[ \u00a0]{2,}/)
      .map((word) => word.replace(/[ \u00a0]/g, ''))
      .join(' '),
  );
}
