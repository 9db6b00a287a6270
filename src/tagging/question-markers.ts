/**
 * Reading question numbers out of labels and headings: "Question 17:", "Q17.", "Response to
 * Question 8(a)", "Questions 11–13", "Questions 11 and 12", "17." Only a label that opens a
 * heading or a passage counts; a number met mid-sentence ("see our answer to Question 4") is a
 * cross-reference, which the RFI's respondents use freely inside answers to other questions.
 */

/** One number with an optional sub-part: 8, 8(a), 8.a, 8a. Sub-parts belong to their question. */
const ONE = String.raw`\d{1,2}(?:\s?\(\s?[a-z]\s?\)|\.[a-z]\b|[a-z]\b)?(?:\s?[-–—]\s?\(\s?[a-z]\s?\))?`;
/** A list or range of them: "11–13", "11 to 13", "1, 2 and 5", "8(a) and (c)". */
const LIST = String.raw`${ONE}(?:\s*(?:,|&|and|or|to|through|thru|[-–—])\s*(?:${ONE}|\(\s?[a-z]\s?\)))*`;

const INTRO = String.raw`(?:(?:re|regarding|in\s+response\s+to|responses?\s+to|answers?\s+to|reply\s+to|replies\s+to|comments?\s+on|response\s+for|on)\s*:?\s*)`;
const QWORD = String.raw`(?:rfi\s+)?(?:questions?|qs?\.?|items?)\s*(?:no\.?|nos\.?|numbers?|#)?\s*`;

const QUESTION_LABEL = new RegExp(
  String.raw`^[\s*"“(\[]*${INTRO}?${QWORD}(${LIST})\s*\)?\s*([:.\-–—),]|$)?`,
  'i',
);
/** "Q17" with no space is common; "Q" must touch the number or take a dot so "Q and A" is no label. */
const BARE_NUMBER_LABEL = new RegExp(String.raw`^[\s*(\[]*(${ONE})\s*(?:[.):]|\s[-–—])\s+`, 'i');

export type LabelKind = 'question-word' | 'bare-number';

export interface QuestionLabel {
  questions: number[];
  kind: LabelKind;
  /** Characters the label takes at the start of the text. */
  length: number;
}

/** Numbers named in a list such as "11–13, 15 and 17(a)"; ranges are expanded, sub-parts dropped. */
export function numbersInList(list: string): number[] {
  const out: number[] = [];
  const re = /(\d{1,2})|(to|through|thru|[-–—])/gi;
  let pendingRange = false;
  for (const m of list.matchAll(re)) {
    if (m[2] !== undefined) {
      // "8(a)-(c)": a dash between sub-parts, no number follows; the range flag then expires harmlessly.
      pendingRange = out.length > 0;
      continue;
    }
    const n = Number(m[1]);
    const previous = out.at(-1);
    if (pendingRange && previous !== undefined && n > previous && n - previous <= 30) {
      for (let k = previous + 1; k <= n; k++) out.push(k);
    } else out.push(n);
    pendingRange = false;
  }
  return [...new Set(out)];
}

/**
 * The label a text opens with, if any. In a passage a label must be closed by punctuation
 * ("Question 17:" / "Question 17 –") or end the text, so "Questions 1, 2 and 5 are answered below"
 * is a sentence, not a label; a heading may carry a title after the number.
 */
export function leadingLabel(
  text: string,
  { inHeading = false, maxQuestion = 99 } = {},
): QuestionLabel | null {
  const q = QUESTION_LABEL.exec(text);
  if (q) {
    // An optional group that matched only the end of the text reads as undefined, so test the rest.
    const closed = q[2] !== undefined || text.slice(q[0].length).trim() === '';
    const introduced =
      /^[\s*"“([]*(?:re|regarding|in\s+response|responses?|answers?|reply|replies|comments?)\b/i.test(text);
    const comma = q[2] === ',';
    // "Question 17, on federal support, ..." is rare; "In response to Question 4, we ..." is common.
    if ((closed && (!comma || introduced)) || inHeading) {
      const questions = numbersInList(q[1] ?? '').filter((n) => n >= 1 && n <= maxQuestion);
      if (questions.length > 0) return { questions, kind: 'question-word', length: q[0].length };
    }
  }
  const b = BARE_NUMBER_LABEL.exec(text);
  if (b) {
    const n = Number(/\d{1,2}/.exec(b[1] ?? '')?.[0]);
    if (n >= 1 && n <= maxQuestion) return { questions: [n], kind: 'bare-number', length: b[0].length };
  }
  return null;
}

const MENTION = new RegExp(String.raw`\b(?:questions?|qs?\.?)\s*(?:no\.?|nos\.?|#)?\s*(${LIST})`, 'gi');

/** Every question number a text mentions anywhere ("we answer Questions 1, 2 and 5"). */
export function mentionedQuestions(text: string, maxQuestion = 99): number[] {
  const out = new Set<number>();
  for (const m of text.matchAll(MENTION)) {
    for (const n of numbersInList(m[1] ?? '')) if (n >= 1 && n <= maxQuestion) out.add(n);
  }
  return [...out];
}
