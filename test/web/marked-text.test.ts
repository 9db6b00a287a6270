import { describe, expect, it } from 'vitest';
import { highlightTerms, parseMarkedSnippet, queryTerms } from '../../src/web/client/marked-text.ts';

describe('search snippets are read as text with marked runs, never as HTML', () => {
  it('splits on the server’s <mark> tags and unescapes what the server escaped', () => {
    expect(parseMarkedSnippet('costs &lt;b&gt; &amp; <mark>EXIM</mark> loans')).toEqual([
      { text: 'costs <b> & ', marked: false },
      { text: 'EXIM', marked: true },
      { text: ' loans', marked: false },
    ]);
  });

  it('keeps markup that came from a document as literal text', () => {
    const snippet = '&lt;script&gt;alert(1)&lt;/script&gt; <mark>pricing</mark> &lt;mark&gt;x&lt;/mark&gt;';
    const segments = parseMarkedSnippet(snippet);
    expect(segments.filter((s) => s.marked).map((s) => s.text)).toEqual(['pricing']);
    expect(segments.map((s) => s.text).join('')).toBe('<script>alert(1)</script> pricing <mark>x</mark>');
  });

  it('joins adjacent marks into one run', () => {
    expect(parseMarkedSnippet('<mark>export</mark><mark> controls</mark>')).toEqual([
      { text: 'export controls', marked: true },
    ]);
  });
});

describe('an answer’s text lights up the words of the search within a question', () => {
  it('marks word forms the English search matched, case-insensitively', () => {
    const marked = highlightTerms('Financing from EXIM finances the first exim deal.', 'financing exim')
      .filter((s) => s.marked)
      .map((s) => s.text);
    expect(marked).toEqual(['Financing', 'EXIM', 'finances', 'exim']);
  });

  it('does not mark words that only share a prefix with a much longer ending', () => {
    expect(
      highlightTerms('exports and exposure', 'export')
        .filter((s) => s.marked)
        .map((s) => s.text),
    ).toEqual(['exports']);
  });

  it('ignores OR, excluded words and punctuation of the websearch syntax', () => {
    expect(queryTerms('"loan guarantees" OR insurance -tariffs')).toEqual([
      'loan',
      'guarantees',
      'insurance',
    ]);
    expect(highlightTerms('tariffs', '-tariffs')).toEqual([{ text: 'tariffs', marked: false }]);
  });

  it('returns the text unchanged when there is no query', () => {
    expect(highlightTerms('plain text', '')).toEqual([{ text: 'plain text', marked: false }]);
  });
});
