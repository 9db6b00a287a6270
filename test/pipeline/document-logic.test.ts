import { describe, expect, it } from 'vitest';
import { taggerFor } from '../../src/pipeline/document-logic.ts';
import { loadQuestions } from '../tagging/tagging-score.ts';

describe('taggerFor', () => {
  it('builds one tagger per question list, and a new one when the questions change', async () => {
    const questions = await loadQuestions();
    const first = taggerFor(questions);
    expect(taggerFor(structuredClone(questions))).toBe(first);

    const edited = questions.map((q) => (q.number === 17 ? { ...q, text: `${q.text} Include grants.` } : q));
    expect(taggerFor(edited)).not.toBe(first);
  });
});
