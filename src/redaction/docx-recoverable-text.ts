/**
 * DOCX side of the failed-redaction check. In Word a "redaction" is usually formatting: black
 * shading or highlight over the words, or the words recoloured to vanish into the background.
 * The words stay in document.xml, and anyone who copies them or opens the file elsewhere reads
 * them. We read the package's XML and report text whose colour cannot be told from what is behind it.
 */
import { type UnzipFileInfo, unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { isHarmlessText } from './harmless-text.ts';
import type { RecoverableText } from './recoverable-text.ts';

/** Zip bombs: we trust neither the entry count nor the sizes a package declares beyond these. */
const MAX_ENTRIES = 2000;
const MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024;
/** Text closer than this (RGB distance) to its background reads as no text at all. */
const CAMOUFLAGE_DISTANCE = 48;

const WORD_HIGHLIGHTS: Record<string, string> = {
  black: '000000',
  blue: '0000ff',
  cyan: '00ffff',
  green: '00ff00',
  magenta: 'ff00ff',
  red: 'ff0000',
  yellow: 'ffff00',
  white: 'ffffff',
  darkBlue: '000080',
  darkCyan: '008080',
  darkGreen: '008000',
  darkMagenta: '800080',
  darkRed: '800000',
  darkYellow: '808000',
  darkGray: '808080',
  lightGray: 'c0c0c0',
};

export class DocxReadError extends Error {}

export async function findRecoverableDocxText(bytes: Uint8Array): Promise<RecoverableText[]> {
  const parts = readParts(bytes);
  const found: RecoverableText[] = [];
  const body = parts.get('word/document.xml');
  if (body !== undefined) found.push(...hiddenRunsIn(body, true));
  // Headers, footers and notes repeat or float: they have no page of their own.
  for (const [name, xml] of parts) if (name !== 'word/document.xml') found.push(...hiddenRunsIn(xml, false));
  return mergeByPage(found);
}

/** The parts that hold text, decompressed within the caps; the rest of the package is never inflated. */
function readParts(bytes: Uint8Array): Map<string, string> {
  let entries = 0;
  let declared = 0;
  const wanted = (info: UnzipFileInfo) => {
    entries++;
    if (entries > MAX_ENTRIES) throw new DocxReadError('the DOCX package has too many entries');
    const keep = /^word\/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$/.test(info.name);
    if (keep) {
      declared += info.originalSize;
      if (declared > MAX_TOTAL_UNCOMPRESSED)
        throw new DocxReadError('the DOCX package is too large once uncompressed');
    }
    return keep;
  };
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: wanted });
  } catch (error) {
    if (error instanceof DocxReadError) throw error;
    throw new DocxReadError(`the DOCX package cannot be read: ${(error as Error).message}`);
  }
  const decoder = new TextDecoder('utf-8');
  const parts = new Map<string, string>();
  for (const [name, data] of Object.entries(files)) {
    // fflate sizes its output from the declared size; a part larger than declared is not trusted either.
    if (data.length > MAX_TOTAL_UNCOMPRESSED)
      throw new DocxReadError('the DOCX package is too large once uncompressed');
    parts.set(name, decoder.decode(data));
  }
  return parts;
}

/** Formatting that decides whether a run can be seen; later layers override earlier ones. */
interface Look {
  /** Text colour "rrggbb"; null for "auto". */
  color: string | null;
  /** What is painted behind the text: highlight over run shading over paragraph over cell shading. */
  background: string | null;
}

interface HiddenStretch {
  page: number;
  text: string;
}

/**
 * Walks one part's XML. A stretch is a run of consecutive hidden runs in one paragraph: one
 * "box" in the result. Page numbers count explicit page breaks (`w:br w:type="page"` and
 * `w:pageBreakBefore`); without any, Word lays pages out itself and the page is unknown.
 */
function hiddenRunsIn(xml: string, isBody: boolean): RecoverableText[] {
  const parser = new SaxesParser({ xmlns: false });
  const stretches: HiddenStretch[] = [];
  let page = 1;
  let pageBreaks = 0;
  const cellShading: Array<string | null> = [];
  let paragraphShading: string | null = null;
  let inParagraphProps = false;
  let inRunProps = false;
  let inRun = false;
  let inText = false;
  let run: Look & { text: string } = { color: null, background: null, text: '' };
  let runShading: string | null = null;
  let runHighlight: string | null = null;
  let current: HiddenStretch | null = null;

  const endStretch = () => {
    if (current && current.text.trim() !== '') stretches.push(current);
    current = null;
  };

  parser.on('doctype', () => {
    // A DTD can define entities that expand without bound; WordprocessingML never needs one.
    throw new DocxReadError('the DOCX package contains a DOCTYPE declaration');
  });
  parser.on('opentag', (tag) => {
    const attr = (name: string) => {
      const value = tag.attributes[name];
      return typeof value === 'string' ? value : undefined;
    };
    switch (tag.name) {
      case 'w:p':
        paragraphShading = null;
        break;
      case 'w:pPr':
        inParagraphProps = true;
        break;
      case 'w:pageBreakBefore':
        if (inParagraphProps && attr('w:val') !== '0' && attr('w:val') !== 'false') {
          page++;
          pageBreaks++;
          endStretch();
        }
        break;
      case 'w:tc':
        cellShading.push(null);
        break;
      case 'w:r':
        inRun = true;
        run = { color: null, background: null, text: '' };
        runShading = null;
        runHighlight = null;
        break;
      case 'w:rPr':
        // The paragraph mark's run properties (inside w:pPr) format no visible text.
        inRunProps = inRun;
        break;
      case 'w:shd': {
        const fill = colorValue(attr('w:fill'));
        if (inRunProps) runShading = fill;
        else if (inParagraphProps) paragraphShading = fill;
        else if (cellShading.length > 0) cellShading[cellShading.length - 1] = fill;
        break;
      }
      case 'w:highlight':
        if (inRunProps) runHighlight = WORD_HIGHLIGHTS[attr('w:val') ?? ''] ?? null;
        break;
      case 'w:color':
        if (inRunProps) run.color = colorValue(attr('w:val'));
        break;
      case 'w:t':
        inText = inRun;
        break;
      case 'w:tab':
        if (inRun) run.text += ' ';
        break;
      case 'w:br':
        if (inRun && attr('w:type') === 'page') {
          page++;
          pageBreaks++;
          endStretch();
        } else if (inRun) run.text += ' ';
        break;
      default:
        break;
    }
  });
  parser.on('text', (text) => {
    if (inText) run.text += text;
  });
  parser.on('closetag', (tag) => {
    switch (tag.name) {
      case 'w:pPr':
        inParagraphProps = false;
        break;
      case 'w:rPr':
        inRunProps = false;
        break;
      case 'w:t':
        inText = false;
        break;
      case 'w:tc':
        cellShading.pop();
        break;
      case 'w:r': {
        inRun = false;
        const background =
          runHighlight ??
          runShading ??
          paragraphShading ??
          [...cellShading].reverse().find((s) => s !== null) ??
          null;
        if (run.text === '') break;
        if (isCamouflaged(run.color, background)) {
          current ??= { page, text: '' };
          current.text += run.text;
        } else if (run.text.trim() !== '') {
          endStretch();
        }
        break;
      }
      case 'w:p':
        endStretch();
        break;
      default:
        break;
    }
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof DocxReadError) throw error;
    throw new DocxReadError(`the DOCX XML cannot be read: ${(error as Error).message}`);
  }
  endStretch();

  const pagesAreReal = isBody && pageBreaks > 0;
  return stretches
    .map((s) => ({ page: pagesAreReal ? s.page : null, text: s.text.replace(/\s+/g, ' ').trim(), boxes: 1 }))
    .filter((s) => !isHarmlessText(s.text));
}

/** "rrggbb" in lower case, or null for "auto", "none" and anything malformed. */
function colorValue(value: string | undefined): string | null {
  return value && /^[0-9a-f]{6}$/i.test(value) ? value.toLowerCase() : null;
}

/**
 * Text that cannot be told from its background. "auto" text counts as black, as the RFI's
 * readers would print it; no background means the white page. Word shows "auto" text white on a
 * dark fill on screen, but the characters are still in the file: we report black shading under
 * automatic text, as a reviewer would ask to see it.
 */
function isCamouflaged(color: string | null, background: string | null): boolean {
  const text = rgb(color ?? '000000');
  const behind = rgb(background ?? 'ffffff');
  return Math.hypot(text[0] - behind[0], text[1] - behind[1], text[2] - behind[2]) < CAMOUFLAGE_DISTANCE;
}

function rgb(hex: string): [number, number, number] {
  return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** One entry per page, stretches joined, as the PDF side reports. */
function mergeByPage(found: RecoverableText[]): RecoverableText[] {
  const byPage = new Map<number | null, RecoverableText>();
  for (const f of found) {
    const entry = byPage.get(f.page);
    if (entry) {
      entry.text += ` … ${f.text}`;
      entry.boxes += f.boxes;
    } else byPage.set(f.page, { ...f });
  }
  return [...byPage.values()].sort((a, b) => (a.page ?? 0) - (b.page ?? 0));
}
