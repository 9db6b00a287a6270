import { describe, expect, it } from 'vitest';
import { leadingLabel, mentionedQuestions, numbersInList } from '../../src/tagging/question-markers.ts';

const opts = { maxQuestion: 28 };

describe('question labels a passage opens with', () => {
  it.each([
    ['Question 17: EXIM loans matter most.', [17]],
    ['Q17. EXIM loans matter most.', [17]],
    ['Q 17 – EXIM loans matter most.', [17]],
    ['Response to Question 8(a): Members must screen customers.', [8]],
    ['Question 9(d). A trusted partner scheme.', [9]],
    ['Questions 11–13: Gulf markets first.', [11, 12, 13]],
    ['Questions 11-13: Gulf markets first.', [11, 12, 13]],
    ['Questions 11 through 13 – Gulf markets first.', [11, 12, 13]],
    ['Questions 11 and 12: Gulf markets first.', [11, 12]],
    ['Answers to Questions 22, 24 and 25: scoring.', [22, 24, 25]],
    ['Re: Question 19 - licensing by package.', [19]],
    ['In response to Question 20, we think speed matters.', [20]],
    ['17. Which federal support is most useful? EXIM.', [17]],
  ])('%s names %j', (text, questions) => {
    expect(leadingLabel(text, opts)?.questions).toEqual(questions);
  });

  it('reads "17." as a bare number, which the tagger trusts only when the numbering follows the RFI', () => {
    expect(leadingLabel('17. EXIM loans.', opts)?.kind).toBe('bare-number');
    expect(leadingLabel('Question 17: EXIM loans.', opts)?.kind).toBe('question-word');
  });

  it('does not read a sentence that mentions questions as a label', () => {
    expect(leadingLabel('Questions 1, 2 and 5 are answered below.', opts)).toBeNull();
    expect(leadingLabel('As in our answer to Question 5, we favour attestation.', opts)).toBeNull();
    expect(leadingLabel('Q and A sessions would help.', opts)).toBeNull();
  });

  it('accepts a heading with a title after the number', () => {
    expect(leadingLabel('Question 17 Federal support', { ...opts, inHeading: true })?.questions).toEqual([
      17,
    ]);
    expect(leadingLabel('Response to Question 8(a)', opts)?.questions).toEqual([8]);
  });

  it('ignores numbers beyond the docket', () => {
    expect(leadingLabel('Question 45: something', opts)).toBeNull();
  });

  it('expands ranges and folds sub-parts into their question', () => {
    expect(numbersInList('11–13, 15 and 17(a)')).toEqual([11, 12, 13, 15, 17]);
    expect(numbersInList('8(a)-(c)')).toEqual([8]);
  });

  it('finds question numbers mentioned anywhere, for spotting tables of contents', () => {
    expect(mentionedQuestions('We answer Questions 1, 2, 5 and 19 below.')).toEqual([1, 2, 5, 19]);
  });
});
