import { describe, expect, it } from 'vitest';
import { QuestionIndex } from '../../src/tagging/question-index.ts';
import { loadQuestions } from './tagging-score.ts';

const questions = await loadQuestions();

const texts = [
  'EXIM loan guarantees and DFC political risk insurance would help a consortium finance data centers abroad.',
  'Export controls and end user screening slow licensing for allied markets; the licence process needs a point of contact.',
  'Talent, energy and water: the full stack needs all three, and loan guarantee terms should match the loan guarantee market.',
  'Nothing here but 42 unusual words like zyzzyva and constructor and __proto__.',
];

describe('question index', () => {
  // Scoring reuses typed-array buffers and caches across calls; a score must not depend on what was scored before.
  it('scores a text the same whatever was scored before it', () => {
    const fresh = texts.map((t) => new QuestionIndex(questions).score(t, 'Section F: Federal Support'));
    const shared = new QuestionIndex(questions);
    for (let round = 0; round < 3; round++)
      for (const [i, t] of texts.entries())
        expect(shared.score(t, 'Section F: Federal Support')).toEqual(fresh[i]);
  });

  it('counts a vocabulary phrase once per passage however often it occurs', () => {
    const index = new QuestionIndex(questions);
    const once = index.score('loan guarantee');
    const twice = index.score('loan guarantee loan guarantee');
    const top = once[0];
    expect(top).toBeDefined();
    // Term frequency saturates and the phrase bonus does not repeat, so the score grows by less than double.
    const again = twice.find((s) => s.question === top?.question);
    expect(again?.score).toBeLessThan((top?.score ?? 0) * 2);
    expect(again?.score).toBeGreaterThan(top?.score ?? 0);
  });

  it('gives words that are not index terms no score, prototype names included', () => {
    expect(new QuestionIndex(questions).score('constructor __proto__ hasOwnProperty the of and')).toEqual([]);
  });
});
