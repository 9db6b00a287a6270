/**
 * What segmentation hands to tagging, and what tagging hands back. A passage is one answer unit
 * (a paragraph, a list with its lead-in); the tagger needs only these stored fields, so a `retag`
 * run can work from database rows without the original file.
 */
export type PassageKind = 'paragraph' | 'list';

export interface Passage {
  /** 1-based page where the passage starts (a paragraph continued over a page break keeps the first). */
  page: number;
  /** Position in the document, 0-based, increasing in reading order. */
  order: number;
  /** Headings above the passage, outermost first. Headings are never passages themselves. */
  headingPath: string[];
  text: string;
  kind?: PassageKind;
}

/** How a tag was found: the contract's `evidence` values. */
export type TagEvidence = 'explicit' | 'heading' | 'semantic';

export interface QuestionTag {
  question: number;
  /** 0..1; explicit labels near 1, section headings next, content matches by margin over the runner-up. */
  confidence: number;
  evidence: TagEvidence;
}

export interface PassageTags {
  order: number;
  tags: QuestionTag[];
}

/** The fields of a stored passage that tagging reads; the page is not one of them (stored DOCX passages have none). */
export type TaggablePassage = Pick<Passage, 'text' | 'headingPath' | 'order'>;
