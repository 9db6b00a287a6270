import type { Question } from '../docket/docket.ts';
import { isIndexToken, phraseStemsOf, stemOf, termsOf, wordsOf } from './terms.ts';

/**
 * Content matching of a passage against every question: a BM25-style sum over the passage's
 * distinct terms, each weighted by how much the question's text, parts, section title and curated
 * vocabulary use it and by its rarity across questions (a word every question shares, such as
 * "consortium", separates none of them). Multi-word vocabulary ("loan guarantee", "end user")
 * adds a bonus when it occurs as a phrase. Question vectors are built once, and each distinct token
 * is resolved once to a term id and a phrase-stem id (its stem worked out through the stem cache),
 * so a passage costs one tokenising pass, one Map lookup per word and array arithmetic; counts live
 * in typed arrays reused across calls rather than a Map and Set per passage.
 */

const K1 = 1.2;
const WEIGHT = { text: 1, part: 1, sectionTitle: 0.6, vocabulary: 1.4 } as const;
/** A repeated source cannot make one term dominate a question. */
const MAX_TERM_WEIGHT = 3;
const PHRASE_BONUS = 1.6;

export interface QuestionScore {
  question: number;
  score: number;
}

/** What the index knows about one lower-case token: worked out once, then one Map lookup per use. */
interface TokenInfo {
  /** Id of the token's stem among the index's terms, or -1 (stop word, lone digit, unknown stem). */
  term: number;
  /** Id of the token's stem among the stems that phrases use, or -1: no phrase can match it. */
  phraseStem: number;
}

interface Phrase {
  stems: Int32Array;
  slot: number;
  weight: number;
  /** The scoring call that last counted it: each phrase counts once per passage, without a Set. */
  seenIn: number;
}

/** Bounded so a stream of unique tokens (numbers, names) cannot grow the cache without limit. */
const TOKEN_CACHE_LIMIT = 200_000;

export class QuestionIndex {
  readonly questions: Question[];
  private readonly numbers: number[];
  /** Per term id, flat pairs [question slot, idf × weight, …]: built once, read per passage. */
  private readonly termPairs: Float64Array[] = [];
  private readonly termIds = new Map<string, number>();
  private readonly phraseStemIds = new Map<string, number>();
  /** Per phrase-stem id, the phrases that begin with it. */
  private readonly phrasesByFirst: Phrase[][] = [];
  private readonly norms: Float64Array;
  private readonly tokens = new Map<string, TokenInfo>();
  // Scratch buffers reused by every call; scoring is synchronous, so one set per index is safe.
  private readonly tf: Float64Array;
  private readonly touched: Int32Array;
  private readonly totals: Float64Array;
  private sequence = new Int32Array(256);
  private calls = 0;

  constructor(questions: Question[]) {
    this.questions = questions;
    this.numbers = questions.map((q) => q.number);
    const raw: Map<string, number>[] = [];
    const phrases: { stems: string[]; slot: number }[] = [];
    for (const [slot, q] of questions.entries()) {
      const weights = new Map<string, number>();
      const add = (text: string, w: number) => {
        for (const t of new Set(termsOf(text)))
          weights.set(t, Math.min(MAX_TERM_WEIGHT, (weights.get(t) ?? 0) + w));
      };
      add(q.text, WEIGHT.text);
      for (const part of q.parts) add(part.text, WEIGHT.part);
      add(q.sectionTitle, WEIGHT.sectionTitle);
      for (const v of q.vocabulary) {
        add(v, WEIGHT.vocabulary);
        const stems = phraseStemsOf(v);
        if (stems.length >= 2) phrases.push({ stems, slot });
      }
      raw.push(weights);
    }
    const df = new Map<string, number>();
    for (const weights of raw) for (const t of weights.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    const n = questions.length;
    const pairs: number[][] = [];
    this.norms = new Float64Array(n);
    for (const [slot, weights] of raw.entries()) {
      let norm = 0;
      for (const [t, w] of weights) {
        const d = df.get(t) ?? 1;
        const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
        const value = idf * w;
        norm += value;
        let id = this.termIds.get(t);
        if (id === undefined) {
          id = pairs.length;
          this.termIds.set(t, id);
          pairs.push([]);
        }
        pairs[id]?.push(slot, value);
      }
      this.norms[slot] = Math.sqrt(norm);
    }
    for (const p of pairs) this.termPairs.push(Float64Array.from(p));
    for (const { stems, slot } of phrases) {
      const ids = Int32Array.from(stems, (stem) => {
        let id = this.phraseStemIds.get(stem);
        if (id === undefined) {
          id = this.phraseStemIds.size;
          this.phraseStemIds.set(stem, id);
          this.phrasesByFirst.push([]);
        }
        return id;
      });
      this.phrasesByFirst[ids[0] ?? 0]?.push({ stems: ids, slot, weight: PHRASE_BONUS, seenIn: -1 });
    }
    this.tf = new Float64Array(this.termPairs.length);
    this.touched = new Int32Array(this.termPairs.length);
    this.totals = new Float64Array(n);
  }

  private infoOf(token: string): TokenInfo {
    let info = this.tokens.get(token);
    if (info === undefined) {
      const stem = stemOf(token);
      info = {
        term: isIndexToken(token) ? (this.termIds.get(stem) ?? -1) : -1,
        phraseStem: this.phraseStemIds.get(stem) ?? -1,
      };
      if (this.tokens.size >= TOKEN_CACHE_LIMIT) this.tokens.clear();
      this.tokens.set(token, info);
    }
    return info;
  }

  /**
   * Scores per question for a text, highest first; `context` (headings above the passage)
   * counts at half weight, since a topical heading hints but does not decide.
   */
  score(text: string, context = ''): QuestionScore[] {
    const words = wordsOf(text);
    if (this.sequence.length < words.length) this.sequence = new Int32Array(words.length * 2);
    const { tf, touched, totals, sequence } = this;
    // Terms are summed in order of first appearance, as a Map of counts would iterate them.
    let distinct = 0;
    for (let i = 0; i < words.length; i++) {
      const info = this.infoOf(words[i] as string);
      sequence[i] = info.phraseStem;
      const t = info.term;
      if (t < 0) continue;
      if (tf[t] === 0) touched[distinct++] = t;
      tf[t] = (tf[t] as number) + 1;
    }
    if (context !== '') {
      for (const t of this.contextTerms(context)) {
        if (tf[t] === 0) touched[distinct++] = t;
        tf[t] = (tf[t] as number) + 0.5;
      }
    }
    totals.fill(0);
    for (let k = 0; k < distinct; k++) {
      const t = touched[k] as number;
      const f = tf[t] as number;
      tf[t] = 0;
      const saturated = (f * (K1 + 1)) / (f + K1);
      const pairs = this.termPairs[t] as Float64Array;
      for (let j = 0; j < pairs.length; j += 2) {
        const slot = pairs[j] as number;
        totals[slot] = (totals[slot] as number) + (pairs[j + 1] as number) * saturated;
      }
    }
    const call = ++this.calls;
    for (let i = 0; i < words.length; i++) {
      const first = sequence[i] as number;
      if (first < 0) continue;
      for (const p of this.phrasesByFirst[first] as Phrase[]) {
        if (p.seenIn === call || i + p.stems.length > words.length) continue;
        let match = true;
        for (let k = 1; k < p.stems.length; k++) {
          if (sequence[i + k] !== p.stems[k]) {
            match = false;
            break;
          }
        }
        if (match) {
          p.seenIn = call;
          totals[p.slot] = (totals[p.slot] as number) + p.weight;
        }
      }
    }
    const out: QuestionScore[] = [];
    for (let slot = 0; slot < totals.length; slot++) {
      const total = totals[slot] as number;
      if (total <= 0) continue;
      // Questions with long texts and vocabularies would win by size alone; damp by their mass.
      out.push({ question: this.numbers[slot] ?? 0, score: total / (this.norms[slot] || 1) });
    }
    return out.sort((a, b) => b.score - a.score || a.question - b.question);
  }

  /** Headings repeat over every passage under them, so their term ids are worked out once. */
  private readonly contextCache = new Map<string, number[]>();

  private contextTerms(context: string): number[] {
    let terms = this.contextCache.get(context);
    if (!terms) {
      terms = [];
      for (const t of termsOf(context)) {
        const id = this.termIds.get(t);
        if (id !== undefined) terms.push(id);
      }
      if (this.contextCache.size > 10_000) this.contextCache.clear();
      this.contextCache.set(context, terms);
    }
    return terms;
  }

  /** Number of questions: labels above it are not RFI numbers. */
  get maxQuestion(): number {
    let max = 0;
    for (const q of this.questions) max = Math.max(max, q.number);
    return max;
  }
}
