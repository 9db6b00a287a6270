import {
  isOn,
  namespaces,
  parseXml,
  prefixFor,
  readRelationships,
  unpackDocx,
  type XmlTag,
} from './docx-package.ts';
import { type DocxStyles, headingLevelOf, overlay, type RunProps, readStyles } from './docx-styles.ts';
import type { ExtractedDocument, ExtractedPage, PagePart, TextLine } from './extracted-document.ts';
import { ExtractionError, extractionMessages } from './extraction-error.ts';

/*
 * Why not mammoth (the project's declared DOCX library): mammoth builds a full document model to
 * emit HTML or raw text and drops what the checks need (run sizes, header and footer parts,
 * page breaks, fields), and measured ~100 DOCX/s with extractRawText against >1,000/s for one
 * SAX pass over the XML parts (bench/extract.ts prints both). So the parts are read directly:
 * fflate for the zip, saxes for the XML.
 */

/** Stand-ins for PAGE and NUMPAGES field results in header/footer text, replaced per page. */
const PAGE_MARK = '\uE000';
const TOTAL_PAGES_MARK = '\uE001';
/** ECMA-376 leaves the size of text no style sizes to the application; Word and LibreOffice use 10 pt. */
const FALLBACK_SIZE_HALF_PTS = 20;

const OFFICE_DOCUMENT = /\/officeDocument$/;
/** The relationships of the main document whose parts this reader uses. */
const PARTS_READ = /\/(styles|header|footer)$/;

interface SectionProps {
  /** How the section starts: nextPage (the default), continuous, evenPage, oddPage. */
  type: string;
  headers: Map<string, string>;
  footers: Map<string, string>;
  titlePage: boolean;
}

type BodyEvent =
  | { kind: 'line'; line: TextLine }
  | { kind: 'pageBreak' }
  | { kind: 'sectionEnd'; section: SectionProps };

interface PartContent {
  events: BodyEvent[];
  hasPageField: boolean;
}

export function extractDocx(bytes: Uint8Array): ExtractedDocument {
  // Only the parts read here are inflated: the relationships first, then what they point at. The
  // rest of a package (theme, settings, fonts, numbering, notes, properties) was half the XML of
  // the bench's documents and most of the time spent inflating.
  const rels = unpackDocx(bytes, (name) => /\.rels$/i.test(name));
  const packageRels = readRelationships(rels, '');
  const mainPath =
    [...packageRels.values()].find((rel) => OFFICE_DOCUMENT.test(rel.type))?.path ?? 'word/document.xml';
  const documentRels = readRelationships(rels, mainPath);
  const needed = new Set([mainPath]);
  for (const rel of documentRels.values()) if (PARTS_READ.test(rel.type)) needed.add(rel.path);
  const parts = unpackDocx(bytes, (name) => needed.has(name));
  const mainBytes = parts.get(mainPath);
  if (!mainBytes) throw new ExtractionError(extractionMessages.docxNotWord, true);

  const stylesPath = [...documentRels.values()].find((rel) => rel.type.endsWith('/styles'))?.path;
  const styles = readStyles(parts, stylesPath);
  const body = readPart(mainBytes, styles, 'body');

  const sections: SectionProps[] = [];
  for (const event of body.events) if (event.kind === 'sectionEnd') sections.push(event.section);
  if (sections.length === 0) sections.push(emptySection());
  const pagesAreReal = body.events.some((event) => event.kind === 'pageBreak');
  const bodyPages = paginate(body.events, sections, pagesAreReal);

  const partCache = new Map<string, PartContent>();
  const partContent = (relId: string | undefined, part: PagePart): PartContent | undefined => {
    const path = relId ? documentRels.get(relId)?.path : undefined;
    if (!path) return undefined;
    let content = partCache.get(path);
    if (!content) {
      const partBytes = parts.get(path);
      content = partBytes ? readPart(partBytes, styles, part) : { events: [], hasPageField: false };
      partCache.set(path, content);
    }
    return content;
  };

  const headerRefs = inheritedReferences(sections, (section) => section.headers);
  const footerRefs = inheritedReferences(sections, (section) => section.footers);
  const total = bodyPages.length;
  const pages: ExtractedPage[] = bodyPages.map((page, index) => {
    const section = sections[page.section] ?? sections.at(-1)!;
    // Word prints the "first" header on a section's first page when the section asks for a title page.
    const kind = page.firstOfSection && section.titlePage ? 'first' : 'default';
    const number = index + 1;
    const header = partContent(headerRefs[page.section]?.get(kind), 'header');
    const footer = partContent(footerRefs[page.section]?.get(kind), 'footer');
    const lines = [
      ...furnitureLines(header, number, total),
      ...page.lines,
      ...furnitureLines(footer, number, total),
    ];
    const hasTextLayer = page.lines.some((line) => line.text.trim() !== '');
    return { number, width: null, height: null, lines, hasTextLayer };
  });

  // Parts a section names but no page used still count: the field is in the document's furniture.
  for (const refs of [...headerRefs, ...footerRefs]) {
    for (const relId of refs.values()) partContent(relId, 'footer');
  }
  const hasPageNumberField = [...partCache.values()].some((content) => content.hasPageField);
  return { format: 'docx', pages, pagesAreReal, hasPageNumberField };
}

function emptySection(): SectionProps {
  return { type: 'nextPage', headers: new Map(), footers: new Map(), titlePage: false };
}

/** A section that names no header of a kind carries the previous section's over, as Word does. */
function inheritedReferences(
  sections: SectionProps[],
  pick: (section: SectionProps) => Map<string, string>,
): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  let current = new Map<string, string>();
  for (const section of sections) {
    current = new Map([...current, ...pick(section)]);
    out.push(current);
  }
  return out;
}

function furnitureLines(content: PartContent | undefined, page: number, total: number): TextLine[] {
  if (!content) return [];
  const lines: TextLine[] = [];
  for (const event of content.events) {
    // An empty header paragraph prints nothing; only body paragraphs keep their blank lines.
    if (event.kind !== 'line' || event.line.text.trim() === '') continue;
    const text = event.line.text
      .replaceAll(PAGE_MARK, String(page))
      .replaceAll(TOTAL_PAGES_MARK, String(total));
    lines.push({ ...event.line, text });
  }
  return lines;
}

interface BodyPage {
  lines: TextLine[];
  section: number;
  firstOfSection: boolean;
}

/**
 * With explicit breaks, pages are the printed ones (a new section also starts a page unless it
 * is continuous). Without any, the document's flow decides pages and nothing here can tell
 * where they fall, so each section is one page and the caller is told pages are not real.
 * w:lastRenderedPageBreak is ignored: it records where some earlier renderer broke, not where
 * this file breaks.
 */
function paginate(events: BodyEvent[], sections: SectionProps[], explicit: boolean): BodyPage[] {
  const pages: BodyPage[] = [];
  let section = 0;
  let page: BodyPage = { lines: [], section, firstOfSection: true };
  for (const event of events) {
    if (event.kind === 'line') {
      page.lines.push(event.line);
    } else if (event.kind === 'pageBreak') {
      if (explicit && page.lines.length > 0) {
        pages.push(page);
        page = { lines: [], section, firstOfSection: false };
      }
    } else {
      section++;
      const next = sections[section];
      const startsPage = !explicit || (next !== undefined && next.type !== 'continuous');
      if (!startsPage) continue;
      if (page.lines.length > 0) {
        pages.push(page);
        page = { lines: [], section, firstOfSection: true };
      } else {
        page.section = section;
        page.firstOfSection = true;
      }
    }
  }
  if (page.lines.length > 0 || pages.length === 0) pages.push(page);
  // Past the last section mark there is no section; the trailing page belongs to the last one.
  for (const each of pages) each.section = Math.min(each.section, sections.length - 1);
  return pages;
}

interface LineBuilder {
  text: string;
  chars: number;
  boldChars: number;
  charsBySize: Map<number, number>;
}

interface OpenParagraph {
  styleId?: string;
  outlineLevel?: number;
  pageBreakBefore?: boolean;
  markRun: RunProps;
  started: boolean;
  headingLevel: number | null;
  baseRun: RunProps;
  segment: LineBuilder;
  emittedLines: number;
  hadPageBreak: boolean;
  section?: SectionProps;
  /** The run being read: its own properties, and their effect once known. */
  runDirect: RunProps & { styleId?: string };
  runEffective?: { sizeHalfPts: number; bold: boolean };
}

interface OpenField {
  instruction: string;
  inResult: boolean;
}

/** Elements whose content is not the document's current text: old formatting, deleted text, alternates. */
const SKIPPED = new Set([
  'rPrChange',
  'pPrChange',
  'sectPrChange',
  'tblPrChange',
  'trPrChange',
  'tcPrChange',
  'del',
  'moveFrom',
]);

/** One SAX pass over document.xml or a header/footer part, producing lines, breaks and section ends. */
function readPart(bytes: Uint8Array, styles: DocxStyles, part: PagePart): PartContent {
  const events: BodyEvent[] = [];
  const isFurniture = part !== 'body';
  let hasPageField = false;
  let w = 'w:';
  let r = 'r:';
  let depth = 0;
  let skipUntilDepth = 0;
  const paragraphs: OpenParagraph[] = [];
  const fields: OpenField[] = [];
  let inRun = false;
  let inRunProps = false;
  let inParagraphProps = false;
  let inText = false;
  let inInstruction = false;
  let section: SectionProps | undefined;

  const paragraph = () => paragraphs.at(-1);

  const startParagraph = (p: OpenParagraph) => {
    if (p.started) return;
    p.started = true;
    const style = styles.paragraphStyle(p.styleId);
    p.baseRun = style.run;
    p.headingLevel = headingLevelOf(p.outlineLevel) ?? style.headingLevel;
    if ((p.pageBreakBefore ?? style.pageBreakBefore) && !isFurniture) events.push({ kind: 'pageBreak' });
  };

  const runEffective = (p: OpenParagraph) => {
    if (!p.runEffective) {
      const props: RunProps = { ...p.baseRun };
      if (p.runDirect.styleId !== undefined) overlay(props, styles.characterStyle(p.runDirect.styleId));
      overlay(props, p.runDirect);
      p.runEffective = {
        sizeHalfPts: props.sizeHalfPts ?? FALLBACK_SIZE_HALF_PTS,
        bold: props.bold ?? false,
      };
    }
    return p.runEffective;
  };

  const append = (p: OpenParagraph, text: string) => {
    startParagraph(p);
    const run = runEffective(p);
    const segment = p.segment;
    segment.text += text;
    segment.chars += text.length;
    if (run.bold) segment.boldChars += text.length;
    segment.charsBySize.set(run.sizeHalfPts, (segment.charsBySize.get(run.sizeHalfPts) ?? 0) + text.length);
  };

  /** Ends the current visual line of the paragraph; an empty one is kept only as a whole empty paragraph. */
  const flush = (p: OpenParagraph, atParagraphEnd: boolean) => {
    startParagraph(p);
    const segment = p.segment;
    const empty = segment.chars === 0;
    if (!empty || (atParagraphEnd && p.emittedLines === 0 && !p.hadPageBreak)) {
      events.push({ kind: 'line', line: lineOf(p, segment, part) });
      p.emittedLines++;
    }
    p.segment = newSegment();
  };

  const inPageNumberResult = () =>
    isFurniture && fields.some((field) => field.inResult && fieldKind(field) !== null);

  const endField = () => {
    const field = fields.pop();
    if (!field) return;
    const kind = fieldKind(field);
    if (kind === 'PAGE') hasPageField ||= isFurniture;
    const p = paragraph();
    if (isFurniture && kind && p) append(p, kind === 'PAGE' ? PAGE_MARK : TOTAL_PAGES_MARK);
  };

  parseXml(bytes, {
    open: (tag: XmlTag) => {
      depth++;
      if (skipUntilDepth) return;
      if (depth === 1) {
        w = prefixFor(tag, namespaces.wordprocessing) ?? w;
        r = prefixFor(tag, namespaces.relationships) ?? r;
        return;
      }
      const name = tag.name;
      if (!name.startsWith(w)) {
        if (name.endsWith(':Fallback') || name === 'Fallback') skipUntilDepth = depth;
        return;
      }
      const local = name.slice(w.length);
      if (SKIPPED.has(local)) {
        skipUntilDepth = depth;
        return;
      }
      const attrs = tag.attributes;
      const p = paragraph();
      switch (local) {
        case 'p':
          paragraphs.push(newParagraph());
          return;
        case 'pPr':
          inParagraphProps = true;
          return;
        case 'pStyle':
          if (p && inParagraphProps) p.styleId = attrs[`${w}val`];
          return;
        case 'outlineLvl':
          if (p && inParagraphProps) p.outlineLevel = Number(attrs[`${w}val`]);
          return;
        case 'pageBreakBefore':
          if (p && inParagraphProps) p.pageBreakBefore = isOn(attrs[`${w}val`]);
          return;
        case 'sectPr':
          section = emptySection();
          return;
        case 'headerReference':
        case 'footerReference': {
          const id = attrs[`${r}id`];
          if (section && id)
            (local === 'headerReference' ? section.headers : section.footers).set(
              attrs[`${w}type`] ?? 'default',
              id,
            );
          return;
        }
        case 'type':
          if (section) section.type = attrs[`${w}val`] ?? 'nextPage';
          return;
        case 'titlePg':
          if (section) section.titlePage = isOn(attrs[`${w}val`]);
          return;
        case 'r':
          if (p) {
            startParagraph(p);
            inRun = true;
            p.runDirect = {};
            p.runEffective = undefined;
          }
          return;
        case 'rPr':
          inRunProps = true;
          return;
        case 'rStyle':
          if (p && inRun && inRunProps) p.runDirect.styleId = attrs[`${w}val`];
          return;
        case 'sz':
        case 'b': {
          const target = !p
            ? undefined
            : inRun && inRunProps
              ? p.runDirect
              : inParagraphProps && inRunProps
                ? p.markRun
                : undefined;
          if (!target) return;
          const val = attrs[`${w}val`];
          if (local === 'b') target.bold = isOn(val);
          else if (Number(val) > 0) target.sizeHalfPts = Number(val);
          return;
        }
        case 't':
          inText = inRun;
          return;
        case 'instrText':
          inInstruction = inRun && fields.length > 0;
          return;
        case 'tab':
        case 'ptab':
          if (p && inRun && !inRunProps && !inPageNumberResult()) append(p, '\t');
          return;
        case 'noBreakHyphen':
          if (p && inRun && !inPageNumberResult()) append(p, '-');
          return;
        case 'br':
        case 'cr':
          if (!p || !inRun) return;
          if (attrs[`${w}type`] === 'page') {
            if (isFurniture) return;
            flush(p, false);
            p.hadPageBreak = true;
            events.push({ kind: 'pageBreak' });
          } else {
            flush(p, false);
          }
          return;
        case 'fldChar': {
          const type = attrs[`${w}fldCharType`];
          if (type === 'begin') fields.push({ instruction: '', inResult: false });
          else if (type === 'separate') {
            const field = fields.at(-1);
            if (field) field.inResult = true;
          } else if (type === 'end') endField();
          return;
        }
        case 'fldSimple':
          fields.push({ instruction: attrs[`${w}instr`] ?? '', inResult: true });
          return;
      }
    },
    close: (tag: XmlTag) => {
      const closing = depth;
      depth--;
      if (skipUntilDepth) {
        if (closing === skipUntilDepth) skipUntilDepth = 0;
        return;
      }
      const name = tag.name;
      if (!name.startsWith(w)) return;
      switch (name.slice(w.length)) {
        case 'p': {
          const p = paragraphs.pop();
          if (!p) return;
          flush(p, true);
          if (p.section && !isFurniture) events.push({ kind: 'sectionEnd', section: p.section });
          return;
        }
        case 'pPr': {
          inParagraphProps = false;
          const p = paragraph();
          if (p) startParagraph(p);
          return;
        }
        case 'sectPr': {
          const p = paragraph();
          if (p && inParagraphProps) p.section = section;
          else if (section && !isFurniture) events.push({ kind: 'sectionEnd', section });
          section = undefined;
          return;
        }
        case 'r':
          inRun = false;
          return;
        case 'rPr':
          inRunProps = false;
          return;
        case 't':
          inText = false;
          return;
        case 'instrText':
          inInstruction = false;
          return;
        case 'fldSimple':
          endField();
          return;
      }
    },
    text: (text: string) => {
      if (skipUntilDepth) return;
      if (inText) {
        const p = paragraph();
        if (p && !inPageNumberResult()) append(p, text);
      } else if (inInstruction) {
        const field = fields.at(-1);
        if (field) field.instruction += text;
      }
    },
  });
  return { events, hasPageField };
}

function fieldKind(field: OpenField): 'PAGE' | 'NUMPAGES' | null {
  const code = /^\s*([A-Z]+)/i.exec(field.instruction)?.[1]?.toUpperCase();
  return code === 'PAGE' ? 'PAGE' : code === 'NUMPAGES' ? 'NUMPAGES' : null;
}

function newSegment(): LineBuilder {
  return { text: '', chars: 0, boldChars: 0, charsBySize: new Map() };
}

function newParagraph(): OpenParagraph {
  return {
    markRun: {},
    started: false,
    headingLevel: null,
    baseRun: {},
    segment: newSegment(),
    emittedLines: 0,
    hadPageBreak: false,
    runDirect: {},
  };
}

function lineOf(p: OpenParagraph, segment: LineBuilder, part: PagePart): TextLine {
  let sizeHalfPts: number;
  let bold: boolean;
  if (segment.chars === 0) {
    // An empty paragraph shows at the size of its paragraph mark.
    const mark: RunProps = { ...p.baseRun };
    overlay(mark, p.markRun);
    sizeHalfPts = mark.sizeHalfPts ?? FALLBACK_SIZE_HALF_PTS;
    bold = mark.bold ?? false;
  } else {
    sizeHalfPts = FALLBACK_SIZE_HALF_PTS;
    let most = -1;
    for (const [size, count] of segment.charsBySize) {
      if (count > most) {
        most = count;
        sizeHalfPts = size;
      }
    }
    bold = segment.boldChars * 2 >= segment.chars;
  }
  return {
    text: segment.text,
    fontSizePt: sizeHalfPts / 2,
    bold,
    headingLevel: p.headingLevel,
    part,
    x: null,
    y: null,
    height: null,
  };
}
