import type { Question } from '../docket/docket.ts';
import { analyse, phraseStemsOf, termsOf } from './terms.ts';

/**
 * Content matching of a passage against every question: a BM25-style sum over the passage's
 * distinct terms, each weighted by how much the question's text, parts, section title and curated
 * vocabulary use it and by its rarity across questions (a word every question shares, such as
 * "consortium", separates none of them). Multi-word vocabulary ("loan guarantee", "end user")
 * adds a bonus when it occurs as a phrase. Question vectors are built once; a passage costs one
 * tokenising pass and a few map lookups per term.
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

interface Phrase {
  stems: string[];
  question: number;
  weight: number;
}

export class QuestionIndex {
  readonly questions: Question[];
  /** term → flat pairs [question slot, idf × weight, …]; flat arrays and a slot-indexed total
   * measured about twice as fast as nested Maps on the tagging bench. */
  private readonly termWeights = new Map<string, number[]>();
  private readonly numbers: number[];
  private readonly slotOf: Map<number, number>;
  /** first stem → phrases beginning with it */
  private readonly phrases = new Map<string, Phrase[]>();
  private readonly norms: number[] = [];

  constructor(questions: Question[]) {
    this.questions = questions;
    this.numbers = questions.map((q) => q.number);
    const slotOf = new Map(this.numbers.map((n, i) => [n, i]));
    this.slotOf = slotOf;
    const raw = new Map<number, Map<string, number>>();
    for (const q of questions) {
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
        const first = stems[0];
        if (stems.length >= 2 && first !== undefined) {
          const list = this.phrases.get(first) ?? [];
          list.push({ stems, question: q.number, weight: PHRASE_BONUS });
          this.phrases.set(first, list);
        }
      }
      raw.set(q.number, weights);
    }
    const df = new Map<string, number>();
    for (const weights of raw.values()) for (const t of weights.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    const n = questions.length;
    for (const [number, weights] of raw) {
      let norm = 0;
      for (const [t, w] of weights) {
        const d = df.get(t) ?? 1;
        const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
        const value = idf * w;
        norm += value;
        let pairs = this.termWeights.get(t);
        if (!pairs) {
          pairs = [];
          this.termWeights.set(t, pairs);
        }
        pairs.push(slotOf.get(number) ?? 0, value);
      }
      this.norms[slotOf.get(number) ?? 0] = Math.sqrt(norm);
    }
  }

  /**
   * Scores per question for a text, highest first; `context` (headings above the passage)
   * counts at half weight, since a topical heading hints but does not decide.
   */
  score(text: string, context = ''): QuestionScore[] {
    const { terms, stems } = analyse(text);
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    if (context !== '') for (const t of this.contextTerms(context)) tf.set(t, (tf.get(t) ?? 0) + 0.5);
    const totals = new Float64Array(this.numbers.length);
    const slotOf = this.slotOf;
    for (const [t, f] of tf) {
      const pairs = this.termWeights.get(t);
      if (!pairs) continue;
      const saturated = (f * (K1 + 1)) / (f + K1);
      for (let k = 0; k < pairs.length; k += 2) {
        const slot = pairs[k] as number;
        totals[slot] = (totals[slot] ?? 0) + (pairs[k + 1] as number) * saturated;
      }
    }
    if (this.phrases.size > 0) {
      const seen = new Set<Phrase>();
      for (let i = 0; i < stems.length; i++) {
        const candidates = this.phrases.get(stems[i] ?? '');
        if (!candidates) continue;
        for (const p of candidates) {
          if (seen.has(p)) continue;
          let match = true;
          for (let k = 1; k < p.stems.length; k++) {
            if (stems[i + k] !== p.stems[k]) {
              match = false;
              break;
            }
          }
          if (match) {
            seen.add(p);
            const slot = slotOf.get(p.question);
            if (slot !== undefined) totals[slot] = (totals[slot] ?? 0) + p.weight;
          }
        }
      }
    }
    const out: QuestionScore[] = [];
    for (let slot = 0; slot < totals.length; slot++) {
      const total = totals[slot] ?? 0;
      if (total <= 0) continue;
      // Questions with long texts and vocabularies would win by size alone; damp by their mass.
      out.push({ question: this.numbers[slot] ?? 0, score: total / (this.norms[slot] || 1) });
    }
    return out.sort((a, b) => b.score - a.score || a.question - b.question);
  }

  /** Headings repeat over every passage under them, so their terms are worked out once. */
  private readonly contextCache = new Map<string, string[]>();

  private contextTerms(context: string): string[] {
    let terms = this.contextCache.get(context);
    if (!terms) {
      terms = termsOf(context);
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
