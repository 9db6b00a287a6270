import type { Question } from '../docket/docket.ts';
import { boilerplateKind } from './boilerplate.ts';
import type { PassageTags, QuestionTag, TaggablePassage } from './passage.ts';
import { QuestionIndex, type QuestionScore } from './question-index.ts';
import { leadingLabel, mentionedQuestions, type QuestionLabel } from './question-markers.ts';
import { wordsOf } from './terms.ts';

/**
 * Tags a document's passages with the questions they answer, in three layers:
 * - explicit: the passage opens with a label ("Question 17:", "Q8(a).", "Questions 11–13 –"), or a
 *   heading above it does, or it restates a question's text. A label carries to the following
 *   passages until the next label or heading.
 * - heading: a heading above names an RFI section ("Section F: Federal Support", "F. Federal
 *   Support", "Foreign Markets"); content picks among that section's questions.
 * - semantic: content alone, against each question's text, parts and curated vocabulary.
 * Boilerplate (salutations, thanks, contact lines, notes about the filing) gets no tag, and
 * question numbers mentioned mid-sentence are cross-references, never tags.
 */

export interface Tagger {
  /** Tags for one document's passages, given in reading order (by `order`). */
  tag(passages: readonly TaggablePassage[]): PassageTags[];
}

/** Content scores are relative; below this the best match is noise (calibrated on fixtures). */
const SEMANTIC_MIN = 1.1;
/** A second question is kept only when it scores nearly as well as the first. */
const SECOND_RATIO = 0.9;
const SECOND_MIN = 2.2;

interface Section {
  letter: string;
  title: string;
  titleWords: string[];
  questions: number[];
}

const SMALL_WORDS = new Set(['the', 'and', 'of', 'a', 'an', 'for', 'on', 'to', 'in']);

function contentWords(text: string): string[] {
  return wordsOf(text).filter((w) => !SMALL_WORDS.has(w));
}

function sectionsOf(questions: readonly Question[]): Section[] {
  const byLetter = new Map<string, Section>();
  for (const q of questions) {
    let s = byLetter.get(q.section);
    if (!s) {
      s = {
        letter: q.section,
        title: q.sectionTitle,
        titleWords: contentWords(q.sectionTitle),
        questions: [],
      };
      byLetter.set(q.section, s);
    }
    s.questions.push(q.number);
  }
  return [...byLetter.values()];
}

/** The RFI section a heading names, by letter ("Section F", "F.", "Part F") or by its title. */
export function sectionOfHeading(heading: string, sections: readonly Section[]): Section | null {
  const h = heading.trim();
  const byLetter = /^(?:section|part)\s+([A-Z])\b|^([A-Z])[.):]\s+\S/i.exec(h);
  const letter = (byLetter?.[1] ?? byLetter?.[2])?.toUpperCase();
  if (letter) {
    const s = sections.find((x) => x.letter === letter);
    // "A. Our Company" is the respondent's own lettering: the title has to agree, or the word "Section" be there.
    if (s && (/^(?:section|part)\s/i.test(h) || titleAgrees(h, s))) return s;
  }
  const words = contentWords(
    h.replace(/^(?:(?:section|part)\s+[A-Z]\b|[A-Z0-9IVX]{1,4}[.):])\s*[:.\-–—]?\s*/i, ''),
  );
  if (words.length === 0 || words.length > 8) return null;
  let best: Section | null = null;
  for (const s of sections) if (titleAgrees(h, s) && words.length <= s.titleWords.length + 2) best = s;
  return best;
}

function titleAgrees(heading: string, section: Section): boolean {
  const words = new Set(contentWords(heading));
  const title = section.titleWords.filter((w) => w !== 'ai');
  if (title.length === 0) return false;
  let hits = 0;
  for (const w of title) if (words.has(w) || words.has(`${w}s`) || words.has(w.replace(/s$/, ''))) hits++;
  return hits === title.length;
}

function fourGrams(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 4 <= words.length; i++) out.push(words.slice(i, i + 4).join(' '));
  return out;
}

export function createTagger(questions: readonly Question[]): Tagger {
  const index = new QuestionIndex([...questions]);
  const maxQuestion = index.maxQuestion;
  const known = new Set(questions.map((q) => q.number));
  const sections = sectionsOf(questions);
  // Questions put to the respondent ("what goods does your company offer?") are answered in the
  // first person; a passage that says only what proposals or the Department should do answers
  // them only by borrowing their words ("made in the United States", "foreign markets").
  const aboutRespondent = new Set(
    questions.filter((q) => ADDRESSES_RESPONDENT.test(q.text)).map((q) => q.number),
  );
  // What a heading says is worked out once: every passage under it asks again.
  const headingCues = new Map<
    string,
    { label: QuestionLabel | null; restated: number | null; section: Section | null }
  >();
  // Each word 4-gram of the questions' texts → the question slots that use it, so a sentence
  // costs one lookup per gram rather than one per gram and question.
  const gramSlots = new Map<string, number[]>();
  for (const [slot, q] of questions.entries()) {
    for (const g of new Set(fourGrams(wordsOf([q.text, ...q.parts.map((p) => p.text)].join(' '))))) {
      const slots = gramSlots.get(g);
      if (slots) slots.push(slot);
      else gramSlots.set(g, [slot]);
    }
  }
  const gramHits = new Int32Array(questions.length);

  /** The question a sentence restates, when most of its word 4-grams come from that question. */
  const restated = (sentence: string): number | null => {
    const words = wordsOf(sentence);
    const grams = words.length - 3;
    if (grams < 3) return null;
    gramHits.fill(0);
    for (let i = 0; i < grams; i++) {
      const slots = gramSlots.get(`${words[i]} ${words[i + 1]} ${words[i + 2]} ${words[i + 3]}`);
      if (slots) for (const slot of slots) gramHits[slot] = (gramHits[slot] as number) + 1;
    }
    let best: number | null = null;
    let bestShare = 0;
    for (let slot = 0; slot < questions.length; slot++) {
      const share = (gramHits[slot] as number) / grams;
      if (share > bestShare) [best, bestShare] = [questions[slot]?.number ?? null, share];
    }
    return bestShare >= 0.6 ? best : null;
  };

  const label = (text: string, inHeading: boolean): QuestionLabel | null => {
    const l = leadingLabel(text, { inHeading, maxQuestion });
    if (!l) return null;
    const questionsKnown = l.questions.filter((n) => known.has(n));
    return questionsKnown.length > 0 ? { ...l, questions: questionsKnown } : null;
  };

  const headingCue = (heading: string) => {
    let cue = headingCues.get(heading);
    if (!cue) {
      cue = {
        label: label(heading, true),
        restated: restated(heading),
        section: sectionOfHeading(heading, sections),
      };
      if (headingCues.size > 10_000) headingCues.clear();
      headingCues.set(heading, cue);
    }
    return cue;
  };

  /** The opening sentence when it is a question (a restated RFI question), else null. */
  const firstSentence = (text: string) => {
    const end = text.indexOf('?');
    return end >= 20 && end <= 400 ? text.slice(0, end + 1) : null;
  };

  function tag(passages: readonly TaggablePassage[]): PassageTags[] {
    const ordered = [...passages].sort((a, b) => a.order - b.order);
    // Content scores are worked out only for passages that reach the content layers (or carry a
    // bare number to check): a labelled answer never needs them.
    const scored: (QuestionScore[] | undefined)[] = new Array(ordered.length);
    const scoresOf = (i: number): QuestionScore[] => {
      let s = scored[i];
      if (s === undefined) {
        const p = ordered[i];
        s = p ? index.score(p.text, p.headingPath.at(-1) ?? '') : [];
        if (p && aboutRespondent.size > 0 && !speaksForItself(p))
          s = s.filter((x) => !aboutRespondent.has(x.question));
        scored[i] = s;
      }
      return s;
    };
    const labels = ordered.map((p) => label(p.text, false));

    // Bare "N." labels are RFI numbers only when the document's numbering behaves like the RFI's:
    // in order, and mostly on passages whose content fits question N. A respondent's own "1.",
    // "2.", "3." over unrelated content fails that test.
    const bare = labels.flatMap((l, i) => (l?.kind === 'bare-number' ? [i] : []));
    let bareTrusted = false;
    if (bare.length > 0) {
      const numbers = bare.map((i) => labels[i]?.questions[0] ?? 0);
      const increasing = numbers.every((n, k) => k === 0 || n > (numbers[k - 1] ?? 0));
      const agreeing = bare.filter((i) => {
        const n = labels[i]?.questions[0];
        return scoresOf(i)
          .slice(0, 4)
          .some((s) => s.question === n);
      }).length;
      bareTrusted = increasing && agreeing >= Math.max(1, bare.length * 0.5);
    }

    const firstExplicit = labels.findIndex((l) => l !== null && (l.kind === 'question-word' || bareTrusted));
    const out: PassageTags[] = [];
    let carried: { questions: number[]; path: string } | null = null;
    let substantive = 0;

    for (const [i, passage] of ordered.entries()) {
      const text = passage.text.trim();
      const pathKey = passage.headingPath.join('\u0000');
      const own = labels[i];
      const ownLabel = own && (own.kind === 'question-word' || bareTrusted) ? own : null;
      const restatedOwn = ownLabel ? null : ((s) => (s ? restated(s) : null))(firstSentence(text));
      if (ownLabel) carried = { questions: ownLabel.questions, path: pathKey };
      else if (restatedOwn !== null) carried = { questions: [restatedOwn], path: pathKey };
      else if (carried && carried.path !== pathKey) carried = null;

      const tags: QuestionTag[] = [];
      const done = () => {
        out.push({ order: passage.order, tags });
      };

      // Text after a label is what must carry the content; a label alone answers nothing.
      const body = ownLabel ? text.slice(ownLabel.length) : text;
      const kind = boilerplateKind(body);
      // "We answer Questions 1, 2 and 5" in an opening is a table of contents, not an answer,
      // unless the paragraph opens by describing the respondent (then it answers Question 1).
      // Cheap conditions first: the mention scan reads the whole text.
      const coverLetter =
        !ownLabel &&
        (firstExplicit === -1 || i < firstExplicit) &&
        substantive < 3 &&
        mentionedQuestions(text, maxQuestion).length >= 2 &&
        !describesRespondent(text);
      if (coverLetter || (kind !== null && !(ownLabel && kind === 'fragment' && body.trim() === ''))) {
        // A closing paragraph ends the labelled answer before it.
        if (kind === 'closing' || kind === 'filing' || kind === 'opening') carried = null;
        done();
        continue;
      }
      substantive++;

      const direct = ownLabel?.questions ?? (restatedOwn !== null ? [restatedOwn] : null);
      if (direct) {
        for (const q of direct) tags.push({ question: q, confidence: 0.97, evidence: 'explicit' });
        done();
        continue;
      }
      // Headings, deepest first: a question label or restated question wins over a section name.
      let headingQuestions: number[] | null = null;
      let section: Section | null = null;
      for (let h = passage.headingPath.length - 1; h >= 0 && !headingQuestions && !section; h--) {
        const cue = headingCue(passage.headingPath[h] ?? '');
        if (cue.label && (cue.label.kind === 'question-word' || bareTrusted))
          headingQuestions = cue.label.questions;
        else if (cue.restated !== null) headingQuestions = [cue.restated];
        else section = cue.section;
      }
      const c = carried as { questions: number[]; path: string } | null;
      if (c) {
        for (const q of c.questions) tags.push({ question: q, confidence: 0.9, evidence: 'explicit' });
        done();
        continue;
      }
      if (headingQuestions) {
        for (const q of headingQuestions) tags.push({ question: q, confidence: 0.93, evidence: 'explicit' });
        done();
        continue;
      }
      const ranked = scoresOf(i);
      // Section A asks respondents to say who they are, and they do so first: an opening passage
      // that describes its author answers Question 1 whatever words it uses.
      if (
        substantive <= 2 &&
        (!section || section.questions.includes(1)) &&
        known.has(1) &&
        describesRespondent(text)
      ) {
        tags.push({ question: 1, confidence: 0.7, evidence: section ? 'heading' : 'semantic' });
        done();
        continue;
      }
      if (section) {
        const inSection = ranked.filter((s) => section.questions.includes(s.question));
        const best = inSection[0];
        const pick = best ? best.question : section.questions[0];
        if (pick === undefined) {
          done();
          continue;
        }
        const margin = best ? marginOf(best, inSection[1]) : 0;
        tags.push({
          question: pick,
          confidence: round(section.questions.length === 1 ? 0.85 : 0.6 + 0.25 * margin),
          evidence: 'heading',
        });
        const second = inSection[1];
        if (best && second && second.score >= best.score * SECOND_RATIO && second.score >= SECOND_MIN) {
          tags.push({ question: second.question, confidence: round(0.55), evidence: 'heading' });
        }
        done();
        continue;
      }
      const best = ranked[0];
      if (!best || best.score < SEMANTIC_MIN) {
        // A paragraph with few of the RFI's words usually goes on with the one before it
        // ("Water deserves the same attention.") rather than answering nothing.
        const before = out.at(-1);
        const previous = ordered[i - 1];
        if (
          before &&
          previous &&
          before.tags.length > 0 &&
          previous.headingPath.join('\u0000') === pathKey &&
          before.tags.every((t) => t.evidence !== 'explicit')
        ) {
          for (const t of before.tags)
            tags.push({ question: t.question, confidence: 0.35, evidence: 'semantic' });
        }
        done();
        continue;
      }
      tags.push({
        question: best.question,
        confidence: round(semanticConfidence(best, ranked[1])),
        evidence: 'semantic',
      });
      const second = ranked[1];
      if (second && second.score >= best.score * SECOND_RATIO && second.score >= SECOND_MIN) {
        tags.push({
          question: second.question,
          confidence: round(semanticConfidence(second, ranked[2]) * 0.8),
          evidence: 'semantic',
        });
      }
      done();
    }
    return out;
  }

  return { tag };
}

const ADDRESSES_RESPONDENT = /\byou(?:r|rs)?\b/i;
// Case matters: "US" and the numeral "I." are not the author speaking.
const FIRST_PERSON = /\b(?:[Ww]e|WE|[Oo]urs?|OURS?|us|[Mm]y|MY|[Mm]e)\b|\bI\b(?![.)])/;

/** Whether a passage, or the heading it sits under, speaks of its author. */
function speaksForItself(p: TaggablePassage): boolean {
  return (
    FIRST_PERSON.test(p.text) ||
    p.headingPath.some((h) => FIRST_PERSON.test(h)) ||
    describesRespondent(p.text)
  );
}

const SELF_FIRST_PERSON =
  /^(?:i am|i'm|i have (?:been|worked|spent)|i (?:worked|spent|served|retired|own|run|founded|manage|lead|teach|work)|as an? [a-z]+|we are|we represent|our (?:company|organi[sz]ation|firm|members|institute|association|coalition|union|center|centre|group|network|alliance))\b/i;
const NOT_A_NAME =
  /^(?:there|it|this|that|these|those|each|every|such|what|here|one|another|any|no|some|its|their|our|we|federal|american|u\.s\.)\b/i;
const SELF_NAMED =
  /^(?:the\s+)?[\p{Lu}][\p{L}\p{N}&.,'’-]*\s+(?:(?:\(?[\p{Lu}][\p{L}\p{N}&.,'’)-]*|of|for|at|and|on|in|the|&)\s+){0,9}(?:is|are|represents|was founded|has been|develops|designs|builds|manufactures|makes|operates|provides|offers|supplies|resells|serves|writes|advises|studies|employs|brings together)\b/u;

/** Whether a passage opens by describing its author ("We are…", "Acme Corp. designs…", "I am a…"). */
export function describesRespondent(text: string): boolean {
  const t = text.trim();
  // "Acme is pleased to respond…" opens a cover letter, not a description.
  if (
    /^.{0,80}?\b(?:is|are|am)\s+(?:pleased|grateful|happy|glad|hono(?:u)?red|delighted|writing|submitting)\b/i.test(
      t,
    )
  )
    return false;
  return SELF_FIRST_PERSON.test(t) || (SELF_NAMED.test(t) && !NOT_A_NAME.test(t));
}

function marginOf(best: QuestionScore, next: QuestionScore | undefined): number {
  if (!next || best.score <= 0) return 1;
  return Math.min(1, (best.score - next.score) / best.score);
}

/** Strength and margin together: a strong match well ahead of the runner-up is near 0.8. */
function semanticConfidence(best: QuestionScore, next: QuestionScore | undefined): number {
  const strength = 1 - Math.exp(-best.score / 3);
  return 0.25 + 0.55 * strength * (0.5 + 0.5 * marginOf(best, next));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** One-shot form of `createTagger(questions).tag(passages)`; build a tagger once when tagging many documents. */
export function tagPassages(
  passages: readonly TaggablePassage[],
  questions: readonly Question[],
): PassageTags[] {
  return createTagger(questions).tag(passages);
}
