/** The docket as the document logic sees it: loaded from the database (seeded from dockets/*.json). */
export interface QuestionPart {
  label: string;
  text: string;
}

export interface Question {
  number: number;
  section: string;
  sectionTitle: string;
  text: string;
  parts: QuestionPart[];
  /** Curated words and phrases that signal an answer to this question (dockets/*.vocabulary.json). */
  vocabulary: string[];
}

export interface DocketRules {
  id: string;
  title: string;
  agency: string;
  caption: string;
  commentDeadline: Date;
  minFontPt: number;
  maxFiles: number;
  maxFileBytes: number;
}
