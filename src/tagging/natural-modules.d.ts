// natural's top-level entry loads database clients and prints to stdout, so tagging imports only
// the two submodules it uses; they ship without declarations of their own.
declare module 'natural/lib/natural/tokenizers/regexp_tokenizer.js' {
  export class RegexpTokenizer {
    constructor(options?: { pattern?: RegExp; gaps?: boolean; discardEmpty?: boolean });
    tokenize(text: string): string[] | null;
  }
  export class WordTokenizer {
    tokenize(text: string): string[];
  }
}

declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
