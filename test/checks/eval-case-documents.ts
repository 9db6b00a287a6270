/**
 * Builds the ExtractedDocument an extractor would make of an eval case file (../shared/eval/SCHEMA.md),
 * following how eval/lib renders it: PDF with the header in the top margin, the caption as page 1's
 * first line, wrapped body lines and "Page N of M" at the foot; DOCX with a header part and a footer
 * holding PAGE/NUMPAGES fields; TXT wrapped at 76 columns with form feeds between pages.
 */
import type { SubmittedFile } from '../../src/checks/submitted-file.ts';
import type { ExtractedDocument, ExtractedPage, TextLine } from '../../src/extraction/extracted-document.ts';
import {
  CAPTION,
  type CaseLayoutBlock,
  type CaseLayoutFile,
  docxLayoutPage,
  extractedDocument,
  imagePage,
  letterPage,
  pageHeader,
  plainTextPage,
  textLine,
  txtLayoutPage,
  wrapColumns,
} from '../support/document-builder.ts';
import { confidentialityOf } from './builders.ts';

export interface CaseBlock extends CaseLayoutBlock {
  /** Set on a derived file's block by its redaction (as eval/lib/cases.mjs does). */
  redact?: 'black_box_over_text' | 'black_box_no_text';
}

export interface CaseFile extends CaseLayoutFile<CaseBlock> {
  raw?: string;
  redaction?: 'removed' | 'black_box_over_text' | 'black_box_no_text' | 'none';
}

export interface FindingSpec {
  code: string;
  file?: string;
  page?: number;
}

export interface EvalCase {
  id: string;
  fields: { bc_justification?: string | null; comment?: string | null };
  expect: { http: number; findings?: FindingSpec[]; absent_findings?: FindingSpec[] };
  files: CaseFile[];
}

type Resolved = Required<Pick<CaseFile, 'font_size' | 'page_numbers' | 'caption'>> &
  CaseFile & { pages: CaseBlock[][]; format: 'pdf' | 'docx' | 'txt' | 'raw' };

const SETTINGS = ['format', 'font_size', 'page_numbers', 'caption', 'header', 'header_pages'] as const;

/** Settings filled in; a derived file takes its source's pages with bci blocks handled by its redaction. */
export function resolveFile(c: EvalCase, file: CaseFile): Resolved {
  const defaults = { font_size: 12, page_numbers: true, caption: true, header: null, header_pages: null };
  const source = file.derive_from ? c.files.find((f) => f.name === file.derive_from) : undefined;
  if (!source) return { ...defaults, format: 'pdf', pages: [], ...file } as Resolved;
  const settings: Record<string, unknown> = { ...defaults };
  for (const key of SETTINGS) {
    if (key in source) settings[key] = source[key];
    if (key in file) settings[key] = file[key];
  }
  const redaction = file.redaction ?? 'removed';
  const pages = (source.pages ?? []).map((page) =>
    page.map((block): CaseBlock => {
      if (!block.bci || redaction === 'none') return block;
      if (redaction === 'removed') return { type: 'para', text: '[REDACTED]' };
      return { ...block, redact: redaction };
    }),
  );
  return { ...file, ...settings, pages } as Resolved;
}

/** What a page of the file carries around its blocks. */
function furniture(file: Resolved, page: number) {
  return { header: pageHeader(file, page), caption: page === 1 && file.caption, size: file.font_size };
}

/** Segments of a block as the renderer prints them: a para or heading whole, a list item by item. */
function segments(block: CaseBlock): string[] {
  if (block.type === 'list') return (block.items ?? []).map((item, i) => `${i + 1}. ${item}`);
  return [block.text ?? ''];
}

function pdfOf(file: Resolved): ExtractedDocument {
  const size = file.font_size;
  // Times at this size fits about 2.1 characters per point of size across a 468 pt measure.
  const columns = Math.round((468 / size) * 2.1);
  const total = file.pages.length;
  const pages: ExtractedPage[] = file.pages.map((blocks, i) => {
    const number = i + 1;
    const lines: TextLine[] = [];
    const put = (text: string, y: number, lineSize: number, bold = false) =>
      lines.push(textLine(text, { fontSizePt: lineSize, bold, x: 72, y, height: lineSize }));
    const { header, caption } = furniture(file, number);
    if (header !== null) put(header, 36, size, true);
    let y = 72;
    if (caption) {
      put(CAPTION, y, size + 2, true);
      y += (size + 2) * 1.2 + size;
    }
    for (const block of blocks) {
      const lineSize = block.type === 'heading' ? size + 1 : size;
      for (const segment of segments(block)) {
        for (const text of wrapColumns(segment, columns)) {
          // A box without text under it leaves nothing to extract.
          if (block.redact !== 'black_box_no_text') put(text, y, lineSize, block.type === 'heading');
          y += lineSize * 1.2;
        }
      }
      y += size * 0.6;
    }
    if (file.page_numbers) put(`Page ${number} of ${total}`, 792 - 36 - size, size);
    return letterPage(number, lines);
  });
  return extractedDocument('pdf', pages);
}

function docxOf(file: Resolved): ExtractedDocument {
  const size = file.font_size;
  const total = file.pages.length;
  const pages: ExtractedPage[] = file.pages.map((blocks, i) => {
    const number = i + 1;
    const paragraphs = blocks.flatMap((block) =>
      segments(block).map((segment) => {
        const text =
          block.redact === 'black_box_no_text' ? '\u00a0'.repeat(Math.min(segment.length, 800)) : segment;
        const heading = block.type === 'heading';
        return textLine(text, {
          fontSizePt: heading ? size + 1 : size,
          bold: heading,
          headingLevel: heading ? 2 : null,
        });
      }),
    );
    // The footer's PAGE field carries the cached value Word saved: 1 in a single-section file.
    const footer = file.page_numbers ? `Page 1 of ${total}` : null;
    return docxLayoutPage(number, furniture(file, number), paragraphs, footer);
  });
  // With a header on some pages only, the renderer separates pages by section breaks, not page
  // breaks, and the extractor then takes each section for a page it cannot number.
  const pagesAreReal = !(file.header && Array.isArray(file.header_pages));
  return extractedDocument('docx', pages, { pagesAreReal, hasPageNumberField: file.page_numbers });
}

function txtOf(file: Resolved): ExtractedDocument {
  const total = file.pages.length;
  const pages: ExtractedPage[] = file.pages.map((blocks, i) => {
    const number = i + 1;
    const body = blocks.flatMap((block) => {
      const hide = (t: string) => (block.redact === 'black_box_no_text' ? t.replace(/\S/g, '\u2588') : t);
      const lines =
        block.type === 'list'
          ? (block.items ?? []).flatMap((item, k) => wrapColumns(hide(`${k + 1}. ${item}`), 76, '   '))
          : wrapColumns(hide(block.text ?? ''), 76);
      return [...lines, ''];
    });
    const footer = file.page_numbers ? `Page ${number} of ${total}` : null;
    return txtLayoutPage(number, furniture(file, number), body, footer);
  });
  return extractedDocument('txt', pages);
}

/** The extraction result of a case file; null where extraction fails (corrupt, encrypted, …). */
export function caseDocument(c: EvalCase, file: CaseFile): ExtractedDocument | null {
  const resolved = resolveFile(c, file);
  switch (resolved.format) {
    case 'pdf':
      return pdfOf(resolved);
    case 'docx':
      return docxOf(resolved);
    case 'txt':
      return txtOf(resolved);
    default:
      if (resolved.raw !== 'image_only_pdf') return null;
      return extractedDocument('pdf', [imagePage(1)]);
  }
}

/** A case's files as the checks receive them, the typed comment included; file ids are the names. */
export function caseFiles(
  c: EvalCase,
  documentOf: (file: CaseFile) => ExtractedDocument | null,
): SubmittedFile[] {
  const files: SubmittedFile[] = c.files.map((file) => ({
    fileId: file.name,
    filename: file.name,
    confidentiality: confidentialityOf(file.name),
    document: documentOf(file),
  }));
  const comment = c.fields.comment;
  if (comment) {
    files.push({
      fileId: 'comment.txt',
      filename: 'comment.txt',
      confidentiality: 'assumed_public',
      isTypedComment: true,
      document: extractedDocument('txt', [plainTextPage(1, comment.split('\n'))]),
    });
  }
  return files;
}
