import type { ContentWord } from './content-words.ts';

/**
 * Comparing a business confidential version with its public version by content. Removing text moves
 * page breaks, so pages are not compared by index: every word of the confidential version is looked
 * up in the whole public version, through the word sequences (shingles) around it.
 */

/** Shingle length in words: long enough that common phrases do not match by chance, short enough to
 *  leave the words next to a one-word redaction matched. */
const SHINGLE_WORDS = 5;

function shingleKeys(words: readonly string[], size: number): Set<string> {
  const keys = new Set<string>();
  for (let start = 0; start + size <= words.length; start++)
    keys.add(words.slice(start, start + size).join(' '));
  return keys;
}

/**
 * For each word of the confidential version, whether the public version lacks it: no shingle that
 * holds the word appears in the public text. A "[REDACTED]" placeholder or a reflowed page changes
 * nothing here; only text that was taken out (or replaced) is lacking.
 */
export function lackingWords(
  confidential: readonly ContentWord[],
  publicWords: readonly string[],
): boolean[] {
  const words = confidential.map((entry) => entry.word);
  const size = Math.min(SHINGLE_WORDS, words.length);
  if (size === 0) return [];
  const known = shingleKeys(publicWords, size);
  const matched = new Array<boolean>(words.length).fill(false);
  for (let start = 0; start + size <= words.length; start++) {
    if (!known.has(words.slice(start, start + size).join(' '))) continue;
    for (let i = start; i < start + size; i++) matched[i] = true;
  }
  return matched.map((isMatched) => !isMatched);
}

/** How the public version covers the confidential one: lacking words per page index, and overall. */
export interface Coverage {
  lackingByPageIndex: Map<number, number>;
  lacking: number;
  total: number;
}

export function coverageOf(confidential: readonly ContentWord[], publicWords: readonly string[]): Coverage {
  const lacking = lackingWords(confidential, publicWords);
  const lackingByPageIndex = new Map<number, number>();
  let count = 0;
  lacking.forEach((isLacking, i) => {
    const entry = confidential[i];
    if (!isLacking || entry === undefined) return;
    count++;
    lackingByPageIndex.set(entry.pageIndex, (lackingByPageIndex.get(entry.pageIndex) ?? 0) + 1);
  });
  return { lackingByPageIndex, lacking: count, total: confidential.length };
}
