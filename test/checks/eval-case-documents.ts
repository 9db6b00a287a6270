/**
 * Builds the ExtractedDocument an extractor would make of an eval case file (../shared/eval/SCHEMA.md),
 * following how eval/lib renders it: PDF with the header in the top margin, the caption as page 1's
 * first line, wrapped body lines and "Page N of M" at the foot; DOCX with a header part and a footer
 * holding PAGE/NUMPAGES fields; TXT wrapped at 76 columns with form feeds between pages.
 */
import type { SubmittedFile } from '../../src/checks/submitted-file.ts';
import type { ExtractedDocument, ExtractedPage, TextLine } from '../../src/extraction/extracted-document.ts';
import { CAPTION, confidentialityOf } from './builders.ts';

export interface CaseBlock {
  type: 'heading' | 'para' | 'list';
  text?: string;
  items?: string[];
  bci?: boolean;
  /** Set on a derived file's block by its redaction (as eval/lib/cases.mjs does). */
  redact?: 'black_box_over_text' | 'black_box_no_text';
}

export interface CaseFile {
  name: string;
  format?: 'pdf' | 'docx' | 'txt' | 'raw';
  raw?: string;
  font_size?: number;
  page_numbers?: boolean;
  caption?: boolean;
  header?: string | null;
  header_pages?: number[] | null;
  derive_from?: string;
  redaction?: 'removed' | 'black_box_over_text' | 'black_box_no_text' | 'none';
  pages?: CaseBlock[][];
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

function headerOn(file: Resolved, page: number): boolean {
  if (!file.header) return false;
  return !Array.isArray(file.header_pages) || file.header_pages.includes(page);
}

function wrapColumns(text: string, columns: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > columns) {
      lines.push(line);
      line = indent + word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function textLine(text: string, extra: Partial<TextLine>): TextLine {
  return {
    text,
    fontSizePt: null,
    bold: false,
    headingLevel: null,
    part: 'body',
    x: null,
    y: null,
    height: null,
    ...extra,
  };
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
    if (headerOn(file, number)) put(file.header ?? '', 36, size, true);
    let y = 72;
    if (number === 1 && file.caption) {
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
    return { number, width: 612, height: 792, lines, hasTextLayer: true };
  });
  return { format: 'pdf', pages, pagesAreReal: true, hasPageNumberField: false };
}

function docxOf(file: Resolved): ExtractedDocument {
  const size = file.font_size;
  const total = file.pages.length;
  const pages: ExtractedPage[] = file.pages.map((blocks, i) => {
    const number = i + 1;
    const lines: TextLine[] = [];
    if (headerOn(file, number))
      lines.push(textLine(file.header ?? '', { part: 'header', fontSizePt: size, bold: true }));
    if (number === 1 && file.caption) lines.push(textLine(CAPTION, { fontSizePt: size + 2, bold: true }));
    for (const block of blocks) {
      for (const segment of segments(block)) {
        const text =
          block.redact === 'black_box_no_text' ? '\u00a0'.repeat(Math.min(segment.length, 800)) : segment;
        const heading = block.type === 'heading';
        lines.push(
          textLine(text, {
            fontSizePt: heading ? size + 1 : size,
            bold: heading,
            headingLevel: heading ? 2 : null,
          }),
        );
      }
    }
    // The footer's PAGE field carries the cached value Word saved: 1 in a single-section file.
    if (file.page_numbers) lines.push(textLine(`Page 1 of ${total}`, { part: 'footer', fontSizePt: size }));
    return { number, width: null, height: null, lines, hasTextLayer: true };
  });
  // With a header on some pages only, the renderer separates pages by section breaks, not page
  // breaks, and the extractor then takes each section for a page it cannot number.
  const pagesAreReal = !(file.header && Array.isArray(file.header_pages));
  return { format: 'docx', pages, pagesAreReal, hasPageNumberField: file.page_numbers };
}

function txtOf(file: Resolved): ExtractedDocument {
  const total = file.pages.length;
  const pages: ExtractedPage[] = file.pages.map((blocks, i) => {
    const number = i + 1;
    const raw: string[] = [];
    if (headerOn(file, number)) raw.push(file.header ?? '', '');
    if (number === 1 && file.caption) raw.push(CAPTION, '');
    for (const block of blocks) {
      const hide = (t: string) => (block.redact === 'black_box_no_text' ? t.replace(/\S/g, '\u2588') : t);
      if (block.type === 'list') {
        raw.push(
          ...(block.items ?? []).flatMap((item, k) => wrapColumns(hide(`${k + 1}. ${item}`), 76, '   ')),
        );
      } else raw.push(...wrapColumns(hide(block.text ?? ''), 76));
      raw.push('');
    }
    if (file.page_numbers) raw.push(`Page ${number} of ${total}`);
    else while (raw.at(-1) === '') raw.pop();
    return {
      number,
      width: null,
      height: null,
      lines: raw.map((text) => textLine(text, {})),
      hasTextLayer: true,
    };
  });
  return { format: 'txt', pages, pagesAreReal: true, hasPageNumberField: false };
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
      return {
        format: 'pdf',
        pages: [{ number: 1, width: 612, height: 792, lines: [], hasTextLayer: false }],
        pagesAreReal: true,
        hasPageNumberField: false,
      };
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
    const lines = comment.split('\n').map((text) => textLine(text, {}));
    files.push({
      fileId: 'comment.txt',
      filename: 'comment.txt',
      confidentiality: 'assumed_public',
      isTypedComment: true,
      document: {
        format: 'txt',
        pages: [{ number: 1, width: null, height: null, lines, hasTextLayer: true }],
        pagesAreReal: true,
        hasPageNumberField: false,
      },
    });
  }
  return files;
}
