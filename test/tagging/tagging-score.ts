import {
  buildExtractedDocument,
  type FixtureBlock,
  type FixtureCase,
  resolveFixtureFile,
} from '../../fixtures/tagging/build-extracted-document.ts';
import type { Question } from '../../src/docket/docket.ts';
import { readDocketFile } from '../../src/docket/docket-file.ts';
import type { ExtractedDocument } from '../../src/extraction/extracted-document.ts';
import { segmentPassages } from '../../src/tagging/segment-passages.ts';
import type { Tagger } from '../../src/tagging/tag-passages.ts';

/**
 * Scores tagging the way the evaluation does (eval/SCHEMA.md): a labelled block counts as tagged
 * with question q when q's passages from the same submission hold at least half of the block's
 * word 5-grams (a segment under five words must sit whole inside one passage); micro precision,
 * recall and F1 over (block, question) pairs.
 */

export async function loadQuestions(path = 'dockets/ita-ita-2025-0070.json'): Promise<Question[]> {
  const docket = await readDocketFile(path);
  return docket.sections.flatMap((s) =>
    s.questions.map((q) => ({
      number: q.number,
      section: s.letter,
      sectionTitle: s.title,
      text: q.text,
      parts: q.parts,
      vocabulary: docket.vocabulary[String(q.number)] ?? [],
    })),
  );
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

type Unit = { gram: string } | { phrase: string };

function unitsOf(segments: string[]): Unit[] {
  const units: Unit[] = [];
  for (const s of segments) {
    const ws = words(s);
    if (ws.length === 0) continue;
    if (ws.length < 5) units.push({ phrase: ws.join(' ') });
    else for (let i = 0; i + 5 <= ws.length; i++) units.push({ gram: ws.slice(i, i + 5).join(' ') });
  }
  return units;
}

class Coverage {
  private readonly grams = new Set<string>();
  private readonly padded: string[] = [];
  add(text: string) {
    const ws = words(text);
    for (let i = 0; i + 5 <= ws.length; i++) this.grams.add(ws.slice(i, i + 5).join(' '));
    this.padded.push(` ${ws.join(' ')} `);
  }
  share(units: Unit[]): number {
    if (units.length === 0) return 0;
    let found = 0;
    for (const u of units) {
      if ('gram' in u ? this.grams.has(u.gram) : this.padded.some((p) => p.includes(` ${u.phrase} `)))
        found++;
    }
    return found / units.length;
  }
}

export interface Miss {
  caseId: string;
  page: number;
  text: string;
  gold: number[];
  predicted: number[];
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  misses: Miss[];
}

/** Documents for every non-raw file of a case, built from its JSON unless `documentFor` supplies one. */
export type DocumentSource = (c: FixtureCase, fileName: string) => ExtractedDocument | null;

export function scoreCase(c: FixtureCase, tagger: Tagger, documentFor?: DocumentSource): Score {
  const byQuestion = new Map<number, Coverage>();
  for (const file of c.files) {
    if ((file.format ?? 'pdf') === 'raw') continue;
    const doc = documentFor?.(c, file.name) ?? buildExtractedDocument(resolveFixtureFile(c, file));
    const passages = segmentPassages(doc);
    const tags = tagger.tag(passages);
    const byOrder = new Map(passages.map((p) => [p.order, p]));
    for (const t of tags) {
      for (const tag of t.tags) {
        let cov = byQuestion.get(tag.question);
        if (!cov) {
          cov = new Coverage();
          byQuestion.set(tag.question, cov);
        }
        cov.add(byOrder.get(t.order)?.text ?? '');
      }
    }
  }
  const score: Score = { tp: 0, fp: 0, fn: 0, misses: [] };
  for (const file of c.files) {
    if (file.derive_from || (file.format ?? 'pdf') === 'raw') continue;
    (file.pages ?? []).forEach((blocks, i) => {
      for (const block of blocks) {
        if (block.type === 'heading') continue;
        const segments = segmentsOf(block);
        const units = unitsOf(segments);
        if (units.length === 0) continue;
        const gold = [...new Set(block.questions ?? [])].sort((a, b) => a - b);
        const predicted = [...byQuestion]
          .filter(([, cov]) => cov.share(units) >= 0.5)
          .map(([q]) => q)
          .sort((a, b) => a - b);
        const tp = predicted.filter((q) => gold.includes(q)).length;
        score.tp += tp;
        score.fp += predicted.length - tp;
        score.fn += gold.length - tp;
        if (tp !== predicted.length || tp !== gold.length) {
          score.misses.push({
            caseId: c.id,
            page: i + 1,
            text: segments.join(' | ').slice(0, 140),
            gold,
            predicted,
          });
        }
      }
    });
  }
  return score;
}

function segmentsOf(block: FixtureBlock): string[] {
  return block.type === 'list' ? (block.items ?? []) : [block.text ?? ''];
}

export function sum(scores: Score[]): Score {
  return scores.reduce(
    (a, s) => ({ tp: a.tp + s.tp, fp: a.fp + s.fp, fn: a.fn + s.fn, misses: [...a.misses, ...s.misses] }),
    { tp: 0, fp: 0, fn: 0, misses: [] },
  );
}

export function prf(s: Pick<Score, 'tp' | 'fp' | 'fn'>) {
  const p = s.tp + s.fp === 0 ? 0 : s.tp / (s.tp + s.fp);
  const r = s.tp + s.fn === 0 ? 0 : s.tp / (s.tp + s.fn);
  return { p, r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r) };
}
