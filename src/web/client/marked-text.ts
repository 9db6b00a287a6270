/**
 * Turning API text into highlighted runs without ever parsing it as HTML: the caller makes text nodes
 * and <mark> elements from these segments.
 */
export interface TextSegment {
  text: string;
  marked: boolean;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

function pushSegment(segments: TextSegment[], text: string, marked: boolean): void {
  if (text === '') return;
  const last = segments.at(-1);
  if (last && last.marked === marked) last.text += text;
  else segments.push({ text, marked });
}

/**
 * A search snippet is ts_headline output: the passage's text with &, < and > escaped by the server and
 * the matches between <mark> and </mark>. Only those two exact tags mean anything; everything else is text.
 */
export function parseMarkedSnippet(snippet: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let marked = false;
  for (const part of snippet.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else
      pushSegment(
        segments,
        part.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e),
        marked,
      );
  }
  return segments;
}

const WORD = /[\p{L}\p{N}]+/gu;
// The suffixes Postgres' English stemmer most often folds away, longest first.
const SUFFIXES = ['ations', 'ation', 'ings', 'ing', 'ies', 'ied', 'es', 'ed', 'ly', 's'];

/** A crude stem, enough to light up "financing" for "finance" the way the server's English search matched it. */
export function roughStem(word: string): string {
  const lower = word.toLowerCase();
  for (const suffix of SUFFIXES) {
    if (lower.endsWith(suffix) && lower.length - suffix.length >= 3) return lower.slice(0, -suffix.length);
  }
  return lower;
}

/**
 * The words a websearch-style query looks for: quoted phrases count word by word, `or` is an operator,
 * and a `-word` is excluded, so it is never highlighted.
 */
export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  for (const token of query.split(/\s+/)) {
    if (token === '' || token.startsWith('-') || token.toLowerCase() === 'or') continue;
    for (const word of token.match(WORD) ?? []) if (word.length >= 2) terms.push(word);
  }
  return terms;
}

/**
 * Answers come as plain text; the words of the analyst's search within a question are marked here. A
 * word matches when it starts with a query word's stem and adds at most a short ending.
 */
export function highlightTerms(text: string, query: string): TextSegment[] {
  const stems = [...new Set(queryTerms(query).map(roughStem))];
  if (stems.length === 0) return text === '' ? [] : [{ text, marked: false }];
  const segments: TextSegment[] = [];
  let at = 0;
  for (const match of text.matchAll(WORD)) {
    const lower = match[0].toLowerCase();
    const hit = stems.some((stem) => lower.startsWith(stem) && lower.length - stem.length <= 4);
    if (!hit) continue;
    pushSegment(segments, text.slice(at, match.index), false);
    pushSegment(segments, match[0], true);
    at = match.index + match[0].length;
  }
  pushSegment(segments, text.slice(at), false);
  return segments;
}
