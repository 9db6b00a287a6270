/**
 * The pure document logic the pipeline calls, gathered behind one small surface: checks and tagging
 * are swapped in here as they land, without the pipeline's shell changing.
 */

import { complianceFindings } from '../checks/compliance-findings.ts';
import type { Confidentiality } from '../db/database.ts';
import type { DocketRules, Question } from '../docket/docket.ts';
import type { ExtractedDocument } from '../extraction/extracted-document.ts';
import { type Finding, finding } from '../findings/finding.ts';
import type { RecoverableText } from '../redaction/recoverable-text.ts';
import { segmentPassages } from '../tagging/segment-passages.ts';
import { createTagger, type Tagger } from '../tagging/tag-passages.ts';

export interface FileForChecks {
  fileId: string;
  filename: string;
  confidentiality: Confidentiality;
  isTypedComment: boolean;
  /** null: extraction failed, with `error` saying why. */
  document: ExtractedDocument | null;
  error: string | null;
  recoverable: RecoverableText[];
}

export interface TaggedPassage {
  page: number | null;
  ordinal: number;
  headingPath: string[];
  text: string;
  tags: { question: number; confidence: number; evidence: 'explicit' | 'heading' | 'semantic' }[];
}

/** Every finding processing can reach for a submission; intake's own findings are stored already. */
export function processingFindings(input: {
  docket: DocketRules;
  bcJustification: string | null;
  files: FileForChecks[];
}): Finding[] {
  const findings: Finding[] = complianceFindings({
    docket: input.docket,
    bcJustification: input.bcJustification,
    files: input.files.map((f) => ({
      fileId: f.fileId,
      filename: f.filename,
      confidentiality: f.confidentiality,
      document: f.document,
      isTypedComment: f.isTypedComment,
    })),
  });
  for (const file of input.files) {
    if (!file.document) {
      findings.push(
        finding(
          'extraction_failed',
          file.fileId,
          null,
          file.error ?? `"${file.filename}" could not be read. Upload it again as a PDF, DOCX or TXT file.`,
        ),
      );
      continue;
    }
    for (const leak of file.recoverable) {
      findings.push(
        finding(
          'redaction_recoverable',
          file.fileId,
          leak.page,
          `On ${leak.page ? `page ${leak.page} of ` : ''}"${file.filename}", text under ${leak.boxes === 1 ? 'a black box' : `${leak.boxes} black boxes`} can still be copied out, so the redaction does not protect it. The file is withheld from everyone but confidentiality officers. Upload a corrected public version (remove the text itself, or scan a printed copy) to this submission.`,
        ),
      );
    }
  }
  return findings;
}

/** Splits a document into answer passages and tags each with the questions it answers. */
export function tagDocument(document: ExtractedDocument, tagger: Tagger): TaggedPassage[] {
  const passages = segmentPassages(document);
  const tagsByOrder = new Map(tagger.tag(passages).map((t) => [t.order, t.tags]));
  return passages.map((p) => ({
    // DOCX without real pages: its "pages" are sections, which no reader could find; say nothing.
    page: document.pagesAreReal ? p.page : null,
    ordinal: p.order,
    headingPath: p.headingPath,
    text: p.text,
    tags: tagsByOrder.get(p.order) ?? [],
  }));
}

/** Taggers by the question list they were built from; a few dockets at most, so the bound is a guard. */
const taggers = new Map<string, Tagger>();

/**
 * The tagger for a docket's questions, built once per distinct question list rather than once per
 * submission: building one stems every question's text and vocabulary (5-30 ms, about a fifth of a
 * submission's time outside extraction in bench:ingest). Keyed by content, so edited questions get a
 * new tagger; a reused one keeps its token caches, which are bounded and change no result.
 */
export function taggerFor(questions: readonly Question[]): Tagger {
  const key = JSON.stringify(questions);
  let tagger = taggers.get(key);
  if (!tagger) {
    if (taggers.size >= 8) taggers.clear();
    tagger = createTagger(questions);
    taggers.set(key, tagger);
  }
  return tagger;
}

export type { Tagger };
