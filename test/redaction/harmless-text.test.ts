import { describe, expect, it } from 'vitest';
import { isHarmlessText } from '../../src/redaction/harmless-text.ts';

describe('text under a box that cannot leak anything', () => {
  it.each([
    ['blanks', ' \u00a0\t '],
    ['punctuation only', '— . , ; ( )'],
    ['repeated filler', 'XXXX xxx-xx-xxxx ████ **** 0000'],
    ['redaction labels', '[REDACTED] CONFIDENTIAL Business Confidential'],
    ['FOIA exemption codes', '(b)(4) (b)(7)(C)'],
    ['a numeric date', '(11/04/19);'],
    ['a written date', 'November 2019'],
    ['a full written date', 'May 14, 2021'],
  ])('%s is harmless', (_why, text) => {
    expect(isHarmlessText(text)).toBe(true);
  });

  it.each([
    ['a word', 'Kestrel'],
    ['a single letter', 'a'],
    ['a sum of money', '$780 million'],
    ['a date inside a sentence', 'signed on May 14, 2021 with Ministry'],
    ['a number', '9,000'],
  ])('%s can leak', (_why, text) => {
    expect(isHarmlessText(text)).toBe(false);
  });
});
