/**
 * Postgres's text form of a tsquery (`websearch_to_tsquery(...)::text`), read into a tree the ranking
 * index can evaluate. Postgres does the parsing of what the analyst typed (stop words, stemming,
 * quotes, `or`, `-`); this reads only its canonical output, so both sides match the same passages.
 */
import { readQuoted } from './tsvector-text.ts';

export type TsQuery =
  | { kind: 'term'; lexeme: string; prefix: boolean; weights: string }
  | { kind: 'not'; operand: TsQuery }
  | { kind: 'and' | 'or'; left: TsQuery; right: TsQuery }
  /** `<->` or `<N>`: the right side N positions after the left. */
  | { kind: 'phrase'; distance: number; left: TsQuery; right: TsQuery };

/** Binding strength as tsqueryout prints it: `!` over `<->` over `&` over `|`. */
const PRIORITY = { or: 1, and: 2, phrase: 3 } as const;

/** The tree, or null for an empty query (all stop words), which matches nothing. */
export function parseTsqueryText(text: string): TsQuery | null {
  const tokens = tokenize(text);
  if (tokens.length === 0) return null;
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`tsquery text: ${what} in ${text.length > 80 ? `${text.slice(0, 80)}…` : text}`);
  };

  const operand = (): TsQuery => {
    const token = tokens[at++] ?? fail('unexpected end');
    if (token.kind === 'term') return token.term;
    if (token.kind === 'not') return { kind: 'not', operand: operand() };
    if (token.kind === 'open') {
      const inner = binary(0);
      if (tokens[at++]?.kind !== 'close') fail('missing )');
      return inner;
    }
    return fail(`unexpected ${token.kind}`);
  };

  const binary = (minPriority: number): TsQuery => {
    let left = operand();
    for (;;) {
      const token = tokens[at];
      if (!token || (token.kind !== 'and' && token.kind !== 'or' && token.kind !== 'phrase')) return left;
      const priority = PRIORITY[token.kind];
      if (priority <= minPriority) return left;
      at++;
      const right = binary(priority);
      left =
        token.kind === 'phrase'
          ? { kind: 'phrase', distance: token.distance, left, right }
          : { kind: token.kind, left, right };
    }
  };

  const tree = binary(0);
  if (at !== tokens.length) fail('trailing input');
  return tree;
}

/** Whether the tree is plain lexemes under AND, OR and NOT: what the ranking index evaluates itself. */
export function isBooleanOverLexemes(query: TsQuery): boolean {
  switch (query.kind) {
    case 'term':
      return !query.prefix && query.weights === '';
    case 'not':
      return isBooleanOverLexemes(query.operand);
    case 'and':
    case 'or':
      return isBooleanOverLexemes(query.left) && isBooleanOverLexemes(query.right);
    case 'phrase':
      return false;
  }
}

/**
 * The query with each phrase loosened to AND over its words: it matches every passage the query
 * matches, and more. Null when a phrase sits under NOT, where loosening would match fewer instead.
 */
export function loosenPhrases(query: TsQuery, negated = false): TsQuery | null {
  switch (query.kind) {
    case 'term':
      return query;
    case 'not': {
      const operand = loosenPhrases(query.operand, !negated);
      return operand && { kind: 'not', operand };
    }
    case 'and':
    case 'or':
    case 'phrase': {
      if (query.kind === 'phrase' && negated) return null;
      const left = loosenPhrases(query.left, negated);
      const right = loosenPhrases(query.right, negated);
      if (!left || !right) return null;
      return { kind: query.kind === 'or' ? 'or' : 'and', left, right };
    }
  }
}

type Token =
  | { kind: 'term'; term: Extract<TsQuery, { kind: 'term' }> }
  | { kind: 'phrase'; distance: number }
  | { kind: 'and' | 'or' | 'not' | 'open' | 'close' };

const OPERATORS: Record<string, 'and' | 'or' | 'not' | 'open' | 'close'> = {
  '&': 'and',
  '|': 'or',
  '!': 'not',
  '(': 'open',
  ')': 'close',
};

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ') {
      i++;
    } else if (c === "'") {
      const [lexeme, after] = readQuoted(text, i);
      i = after;
      let prefix = false;
      let weights = '';
      if (text[i] === ':') {
        i++;
        while (i < text.length && /[*ABCD]/.test(text[i]!)) {
          if (text[i] === '*') prefix = true;
          else weights += text[i];
          i++;
        }
      }
      tokens.push({ kind: 'term', term: { kind: 'term', lexeme, prefix, weights } });
    } else if (c === '<') {
      const close = text.indexOf('>', i);
      const inside = close > i ? text.slice(i + 1, close) : '';
      const distance = inside === '-' ? 1 : /^\d+$/.test(inside) ? Number(inside) : Number.NaN;
      if (Number.isNaN(distance)) throw new Error(`tsquery text: bad phrase operator at ${i} in ${text}`);
      tokens.push({ kind: 'phrase', distance });
      i = close + 1;
    } else {
      const kind = OPERATORS[c];
      if (!kind) throw new Error(`tsquery text: unexpected ${JSON.stringify(c)} at ${i} in ${text}`);
      tokens.push({ kind });
      i++;
    }
  }
  return tokens;
}
