/**
 * Real court-filing PDFs (Free Law Project's x-ray test assets, /work/shared/corpus/redaction)
 * and the eval's failed black-box sample: each must get the verdict the corpus README gives.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRecoverableText } from '../../src/redaction/recoverable-text.ts';

const SHARED = '/work/shared';
const corpus = (name: string) => new Uint8Array(readFileSync(path.join(SHARED, 'corpus/redaction', name)));

describe('a filled box over extractable text is a failed redaction, flagged on its page', () => {
  it('rectangles_yes.pdf: three black boxes over answers on page 1', async () => {
    const found = await findRecoverableText(corpus('rectangles_yes.pdf'), 'pdf');
    expect(found.map((f) => f.page)).toEqual([1]);
    expect(found[0]?.boxes).toBe(3);
    expect(found[0]?.text).toContain('but did not disclose all relevant medical history');
    expect(found[0]?.text).toContain('No');
  });

  it('bad_cross_hatched_redactions.pdf: black boxes with grey hatching count as opaque (page 1)', async () => {
    const found = await findRecoverableText(corpus('bad_cross_hatched_redactions.pdf'), 'pdf');
    expect(found.map((f) => f.page)).toEqual([1]);
    // 17 black boxes; five hide only a date ("(11/04/19);", "November 2019"), which we let pass.
    expect(found[0]?.boxes).toBe(12);
    expect(found[0]?.text).toContain('Prosecutor General of Ukraine');
  });

  it('the eval sample P_Kestrel is flagged exactly on the pages its case marks as confidential', async () => {
    const caseFile = JSON.parse(
      readFileSync(path.join(SHARED, 'eval/samples/cases/s05-bc-public-pair-black-box.json'), 'utf8'),
    ) as { files: Array<{ pages?: Array<Array<{ bci?: boolean }>> }> };
    const bcPages = caseFile.files[0]?.pages ?? [];
    const expected = bcPages.flatMap((blocks, i) => (blocks.some((b) => b.bci) ? [i + 1] : []));
    const bytes = readFileSync(
      path.join(
        SHARED,
        'eval/samples/rendered/s05-bc-public-pair-black-box/P_Kestrel_Cloud_RFI_comments.pdf',
      ),
    );
    const found = await findRecoverableText(new Uint8Array(bytes), 'pdf');
    expect(expected).toEqual([2]);
    expect(found.map((f) => f.page)).toEqual(expected);
    expect(found[0]?.text).toContain('$780 million');
  });
});

describe('clean files return nothing', () => {
  const clean: Array<[string, string]> = [
    ['rectangles_no.pdf', 'no filled box over text'],
    ['unfilled_rect.pdf', 'a bordered rectangle without fill hides nothing'],
    ['whitespace_redactions.pdf', 'only white space under the boxes'],
    ['multi_line_redaction_ok.pdf', 'each rectangle of a multi-line path is tested alone, not the outer box'],
    ['partial_intersections_ok.pdf', 'a box covering under 80 % of a character leaves it legible'],
    ['no_bad_redactions.2.1.pdf', 'a stamp frame with a hole, text drawn on top'],
    ['no_bad_redactions.4.1.pdf', 'a scan with one line of text'],
    ['rect_ordering_0.8.pdf', 'text drawn on top of shading is visible'],
    ['rect_ordering_2.1.pdf', 'text drawn on top of shading is visible'],
    ['rect_ordering_4.1.pdf', 'text drawn on top of shading is visible'],
    ['rect_ordering_6.19.pdf', 'text drawn on top of shading is visible'],
  ];
  it.each(clean)('%s: %s', async (name) => {
    expect(await findRecoverableText(corpus(name), 'pdf')).toEqual([]);
  });

  it('no_bad_redactions.5.5.pdf: 21 pages of messy scanner output stay clean, in under a second a page', async () => {
    const started = performance.now();
    expect(await findRecoverableText(corpus('no_bad_redactions.5.5.pdf'), 'pdf')).toEqual([]);
    expect((performance.now() - started) / 21).toBeLessThan(1000);
  });
});
