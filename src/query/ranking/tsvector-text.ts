/**
 * Postgres's text form of a tsvector (`tsv::text`), read back into lexemes and how often each occurs.
 * The ranking index loads passages this way: one column per row, already stemmed by the same
 * configuration the GIN index uses, so the index and Postgres agree on what a passage contains.
 */

/** A passage's lexemes and, for each, its number of positions (1 when the vector carries none). */
export interface LexemeCounts {
  lexemes: string[];
  counts: number[];
}

/**
 * Reads `'lexeme':1,5B 'other':3` (tsvectorout: quotes and backslashes inside a lexeme are doubled;
 * a position may carry a weight letter). Throws on anything else, so a format change in a future
 * Postgres shows up as an error at load, not as passages that silently never match.
 */
export function parseTsvectorText(text: string): LexemeCounts {
  const lexemes: string[] = [];
  const counts: number[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    const [lexeme, afterLexeme] = readQuoted(text, i);
    i = afterLexeme;
    let count = 1;
    if (text[i] === ':') {
      i++;
      count = 0;
      while (i < text.length && text[i] !== ' ') {
        const start = i;
        while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
        if (i === start) throw new Error(`tsvector text: expected a position at ${i} in ${clip(text)}`);
        if (text[i] === 'A' || text[i] === 'B' || text[i] === 'C' || text[i] === 'D') i++;
        count++;
        if (text[i] === ',') i++;
      }
    }
    lexemes.push(lexeme);
    counts.push(count);
  }
  return { lexemes, counts };
}

/**
 * A lexeme in single quotes starting at `start`, with `''` and `\x` unescaped; returns it and the
 * index after the closing quote. Shared with the tsquery reader, whose operands are quoted the same way.
 */
export function readQuoted(text: string, start: number): [string, number] {
  if (text[start] !== "'") throw new Error(`tsvector text: expected a quote at ${start} in ${clip(text)}`);
  let i = start + 1;
  let value = '';
  let runStart = i;
  for (;;) {
    if (i >= text.length) throw new Error(`tsvector text: unterminated lexeme in ${clip(text)}`);
    const c = text[i];
    if (c === '\\') {
      value += text.slice(runStart, i) + (text[i + 1] ?? '');
      i += 2;
      runStart = i;
    } else if (c === "'") {
      if (text[i + 1] === "'") {
        value += `${text.slice(runStart, i)}'`;
        i += 2;
        runStart = i;
      } else {
        return [value + text.slice(runStart, i), i + 1];
      }
    } else {
      i++;
    }
  }
}

const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}…` : text);
