import { beforeAll, describe, expect, it } from 'vitest';
import type { Question } from '../../src/docket/docket.ts';
import type { TaggablePassage } from '../../src/tagging/passage.ts';
import { createTagger, sectionOfHeading, type Tagger } from '../../src/tagging/tag-passages.ts';
import { loadQuestions } from './tagging-score.ts';

let questions: Question[];
let tagger: Tagger;

beforeAll(async () => {
  questions = await loadQuestions();
  tagger = createTagger(questions);
});

/** Passages as a retag run reads them back from storage: text, heading path, page, order. */
function stored(...items: (string | [string[], string])[]): TaggablePassage[] {
  return items.map((item, order) => {
    const [headingPath, text] = typeof item === 'string' ? [[], item] : item;
    return { text, headingPath, page: 1, order };
  });
}

function tagsOf(passages: TaggablePassage[]) {
  return tagger.tag(passages).map((p) => p.tags.map((t) => t.question));
}

const EXIM =
  'EXIM direct loans and DFC political risk insurance are the federal support mechanisms our customers value most, because sovereign buyers compare financing terms.';

describe('explicit labels', () => {
  it('a label tags its passage with evidence "explicit"', () => {
    const [tags] = tagger.tag(stored(`Question 17: ${EXIM}`));
    expect(tags?.tags).toEqual([{ question: 17, confidence: 0.97, evidence: 'explicit' }]);
  });

  it('a label carries to the following passages until the next label', () => {
    expect(
      tagsOf(
        stored(
          'Question 13: Markets should be assessed on the price and reliability of power and the local engineering workforce.',
          'In our experience the grid connection date decides whether a campus gets built at all.',
          `Question 17: ${EXIM}`,
        ),
      ),
    ).toEqual([[13], [13], [17]]);
  });

  it('"Questions 11–13" tags all three', () => {
    expect(
      tagsOf(
        stored(
          'Questions 11–13: Kenya and Indonesia deserve priority; regional hubs share costs; judge markets on power.',
        ),
      ),
    ).toEqual([[11, 12, 13]]);
  });

  it('a heading naming a question tags the passages under it', () => {
    expect(
      tagsOf(
        stored([
          ['Response to Question 19'],
          'Every shipment should be covered by a licence and registered to a specific data hall.',
        ]),
      ),
    ).toEqual([[19]]);
  });

  it('a sub-part label belongs to its question', () => {
    expect(
      tagsOf(
        stored(
          'Question 8(a): A member should contribute a stack component and keep an export compliance programme.',
        ),
      ),
    ).toEqual([[8]]);
  });

  it('a restated question tags the answer under it', () => {
    const heading = "What factors should be used to evaluate the relative merits of a consortium's proposal?";
    expect(
      tagsOf(
        stored([[heading], 'Signed site agreements should count for more than announcements of intent.']),
      ),
    ).toEqual([[22]]);
  });
});

describe('traps that must not create tags', () => {
  it('a numbered list inside an answer is not Questions 1 and 2', () => {
    const tags = tagsOf(
      stored(
        'Question 13: We would assess markets against these factors:\n1. Energy: firm power at a fair price.\n2. Talent: engineers who can run the site.',
        '1. Energy supply should be checked against the utility plan.',
        '2. Talent should be checked against university output.',
      ),
    );
    for (const t of tags) expect(t).toEqual([13]);
  });

  it('a cross-reference inside an answer tags only the answer', () => {
    expect(
      tagsOf(
        stored(`Question 17: ${EXIM} As in our answer to Question 5, attestation lowers diversion risk.`),
      ),
    ).toEqual([[17]]);
  });

  it("the respondent's own 1., 2., 3. numbering over unrelated content is not the RFI's", () => {
    const tags = tagsOf(
      stored(
        [
          ['II. Export Compliance'],
          '1. Each package should carry one compliance plan for the Export Administration Regulations and end-user screening.',
        ],
        [
          ['II. Export Compliance'],
          '2. BIS should review licences for a whole package together so denials surface early.',
        ],
        [
          ['II. Export Compliance'],
          '3. Model weights should be protected from theft and diversion to countries of concern.',
        ],
      ),
    );
    for (const t of tags) expect(t).not.toContain(1);
    expect(tags.flat()).not.toContain(2);
    expect(tags.flat()).not.toContain(3);
  });

  it('a cover letter listing the questions it answers gets no tag', () => {
    expect(
      tagsOf(
        stored(
          'Acme Corp. is pleased to comment on the RFI. We answer Questions 1, 2, 5 and 17 below, numbered as in the RFI.',
          `Question 17: ${EXIM}`,
        ),
      )[0],
    ).toEqual([]);
  });

  it('salutations, thanks, contact lines and signatures get no tag, even under a labelled answer', () => {
    const tags = tagsOf(
      stored(
        'Dear Program staff: please find our comments below.',
        `Question 17: ${EXIM}`,
        'We would welcome the chance to discuss these comments with Program staff.',
        'Contact: policy@acme.example.com, (202) 555-0100.',
        'Jane Roe, Director of Trade Policy',
        'Thank you for considering our views.',
      ),
    );
    expect(tags).toEqual([[], [17], [], [], [], []]);
  });

  it('phrases that close letters still count inside an answer: "thanks to", "a point of contact for licensing"', () => {
    const tags = tagsOf(
      stored(
        'Question 17: Commerce should name a single federal point of contact for export licensing and financing.',
        'Thanks to EXIM direct loans, our partners could finance the first data center within a year.',
        'Our point of contact for this submission is Jane Roe, Director of Trade Policy.',
      ),
    );
    expect(tags).toEqual([[17], [17], []]);
  });
});

describe('section headings', () => {
  it('recognises full, lettered and title-only forms', () => {
    const sections = ['Section F: Federal Support', 'F. Federal Support', 'Federal Support', 'Section F'].map(
      (h) =>
        sectionOfHeading(h, [
          { letter: 'F', title: 'Federal Support', titleWords: ['federal', 'support'], questions: [17, 18] },
        ]),
    );
    for (const s of sections) expect(s?.letter).toBe('F');
  });

  it("does not take the respondent's own 'A. Our Company' for Section A", () => {
    expect(
      sectionOfHeading('A. Our Company', [
        {
          letter: 'A',
          title: 'Respondent Background',
          titleWords: ['respondent', 'background'],
          questions: [1, 2, 3],
        },
      ]),
    ).toBeNull();
  });

  it('picks the question of the section that the content answers, with evidence "heading"', () => {
    const [first, second] = tagger.tag(
      stored(
        [['Section F: Federal Support'], EXIM],
        [
          ['Section F: Federal Support'],
          'Access to federal support should carry conditions beyond the law: an audited compliance programme and milestone reporting.',
        ],
      ),
    );
    expect(first?.tags.map((t) => [t.question, t.evidence])).toEqual([[17, 'heading']]);
    expect(second?.tags.map((t) => t.question)).toEqual([18]);
  });
});

describe('content alone', () => {
  it('matches prose to the question it answers, with evidence "semantic" and confidence under the explicit layers', () => {
    const [tags] = tagger.tag(
      stored(
        'Technical standards matter: the Program should help NIST experts join ISO and IEC committees abroad.',
      ),
    );
    expect(tags?.tags[0]?.question).toBe(27);
    expect(tags?.tags[0]?.evidence).toBe('semantic');
    expect(tags?.tags[0]?.confidence).toBeLessThan(0.9);
  });

  it('an opening that describes the respondent answers Question 1', () => {
    expect(
      tagsOf(stored('Harbor Analytics is a data firm in Ohio with 120 employees that serves utilities.')),
    ).toEqual([[1]]);
  });

  it('questions put to the respondent ("your company") are answered in the first person only', () => {
    const opening = 'Acme Robotics is a maker of warehouse robots in Ohio with 90 employees.';
    const [, own, prescriptive] = tagsOf(
      stored(
        opening,
        'We manufacture our servers and accelerator cards in Texas from chips fabricated in Arizona.',
        'Proposals should be judged on how much of each package is manufactured in the United States, and evaluators should weigh that share.',
      ),
    );
    expect(own).toContain(2);
    expect(prescriptive).not.toContain(2);
    expect(prescriptive).toContain(22);
  });

  it('"I own a company…" describes the respondent', () => {
    expect(
      tagsOf(stored('I own a company of 12 people in Maine that writes firmware for power meters.'))[0],
    ).toContain(1);
  });

  it('is deterministic and independent of the order passages are given in', () => {
    const passages = stored(
      `Question 17: ${EXIM}`,
      'Technical standards matter for NIST and ISO work abroad.',
    );
    expect(tagger.tag([...passages].reverse())).toEqual(tagger.tag(passages));
  });
});
