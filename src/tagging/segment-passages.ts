import type { ExtractedDocument, ExtractedPage, TextLine } from '../extraction/extracted-document.ts';
import type { Passage, PassageKind } from './passage.ts';
import { leadingLabel } from './question-markers.ts';

/**
 * Extracted lines to answer passages. PDF lines are visual lines, so paragraphs are rebuilt from
 * vertical gaps, indentation and font; DOCX lines are already paragraphs; TXT paragraphs are
 * runs of lines between blank lines. Page furniture (running headers, "Page N of M", the
 * "BUSINESS CONFIDENTIAL"/"PUBLIC" markings, the caption) is dropped first so it neither forms
 * passages nor splits one paragraph that runs over a page break.
 */

type UnitType = 'heading' | 'para' | 'item';

interface Unit {
  page: number;
  type: UnitType;
  text: string;
  /** Headings: 1 outermost. */
  level: number;
  /** Items: the marker's ordinal (1 for "1." / "a." / a bullet's first) or null for bullets. */
  ordinal: number | null;
}

const CAPTION = /^american ai exports? program comments?[.:]?$/i;
const MARKING =
  /^(?:business confidential|bci?|public|public version|non-?confidential(?: version)?|confidential|proprietary)$/i;
const PAGE_NUMBER =
  /^(?:page\s+\d+(?:\s+of\s+\d+)?|\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}\s*\/\s*\d{1,4}|page\s+\d+\s*\/\s*\d+)$/i;
const LIST_MARKER = /^\s*(?:(\d{1,2})[.)]|\(?([a-z])[.)]|([•●▪◦‣∙·\-–*]))\s+/i;
/** Characters that close a sentence or clause. Tested on the last character only: an end-anchored
 * regex is tried from every position of the string, and passages grow line by line. */
const TERMINAL_CHARS = new Set(['.', '!', '?', ':', ';', '"', '”', '’', "'", ')', ']']);
const endsTerminal = (text: string): boolean => TERMINAL_CHARS.has(text.charAt(text.length - 1));

// Most lines are already clean; checking first avoids a replace and a new string per call
// (clean() was the top frame of the bench). An anchored alternation (/\s$|^\s/) rescans the
// whole line at every position, so the ends are checked by hand.
function isSpace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 160 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function needsCleaning(text: string): boolean {
  let previousSpace = true; // a leading space is mess too
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = isSpace(code);
    if (space && (previousSpace || code !== 32)) return true;
    previousSpace = space;
  }
  return previousSpace; // a trailing space
}

function clean(text: string): string {
  if (text === '') return text;
  return needsCleaning(text) ? text.replace(/\s+/g, ' ').trim() : text;
}

/** A line's text, cleaned once per document: furniture, pitch and unit passes all read it. */
type LineText = (line: TextLine) => string;

function lineTexts(): LineText {
  const cleaned = new Map<TextLine, string>();
  return (line) => {
    let text = cleaned.get(line);
    if (text === undefined) {
      text = clean(line.text);
      cleaned.set(line, text);
    }
    return text;
  };
}

/** Lines that are page furniture by their text alone. */
export function isFurnitureText(text: string): boolean {
  return isCleanFurnitureText(clean(text));
}

function isCleanFurnitureText(t: string): boolean {
  if (t === '') return true;
  return CAPTION.test(t) || MARKING.test(t) || PAGE_NUMBER.test(t);
}

/** Texts repeated at the top or bottom of most pages: running headers and footers. */
function runningFurniture(doc: ExtractedDocument, textOf: LineText): Set<string> {
  const out = new Set<string>();
  if (doc.pages.length < 2) return out;
  const seen = new Map<string, number>();
  for (const page of doc.pages) {
    const body = page.lines.filter((l) => l.part === 'body' && textOf(l) !== '');
    const edge = [...body.slice(0, 2), ...body.slice(-2)];
    const keys = new Set(edge.map((l) => furnitureKey(textOf(l))));
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const needed = Math.max(2, Math.ceil(doc.pages.length / 2));
  for (const [k, n] of seen) if (n >= needed && wordsAtMost(k, 12)) out.add(k);
  return out;
}

/**
 * How running lines are compared across pages. Digits fold only in lines that speak of pages
 * ("Acme comments, page 3"): folding them everywhere made "Response to Question 2" and
 * "Response to Question 16", each opening its page, look like one running header.
 */
function furnitureKey(cleanText: string): string {
  const t = cleanText.toLowerCase();
  return /\bpage\b|^\d+$/.test(t) ? t.replace(/\d+/g, '#') : t;
}

/** Whether a cleaned text (single spaces) has at most `max` words, without splitting it. */
function wordsAtMost(cleanText: string, max: number): boolean {
  let spaces = 0;
  for (let i = cleanText.indexOf(' '); i !== -1; i = cleanText.indexOf(' ', i + 1))
    if (++spaces >= max) return false;
  return true;
}

function furnitureFilter(doc: ExtractedDocument, textOf: LineText) {
  const running = runningFurniture(doc, textOf);
  return (line: TextLine, page: ExtractedPage, index: number, body: TextLine[]) => {
    if (line.part !== 'body') return false;
    const t = textOf(line);
    if (isCleanFurnitureText(t)) return false;
    const nearEdge = index < 2 || index >= body.length - 2;
    if (nearEdge && running.has(furnitureKey(t))) return false;
    // PDF: anything short in the top or bottom margin band is header or footer, whatever it says.
    if (line.y !== null && page.height !== null) {
      const inBand = line.y < page.height * 0.07 || line.y > page.height * 0.93;
      if (inBand && wordsAtMost(t, 12)) return false;
    }
    return true;
  };
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function markerOrdinal(text: string): number | null | undefined {
  const m = LIST_MARKER.exec(text);
  if (!m) return undefined;
  if (m[1] !== undefined) return Number(m[1]);
  if (m[2] !== undefined) return m[2].toLowerCase().charCodeAt(0) - 96;
  return null;
}

/** Joins wrapped lines, each already cleaned; a line ending in a hyphen after a letter keeps the hyphen and no space. */
function joinLines(parts: string[]): string {
  let out = '';
  for (const part of parts) {
    if (part === '') continue;
    if (out === '') out = part;
    else if (endsInWordHyphen(out)) out += part;
    else out += ` ${part}`;
  }
  return out;
}

const LETTER = /^\p{L}$/u;

/** Whether text ends in a letter and a hyphen ("inter-"), looking at the end only. */
function endsInWordHyphen(text: string): boolean {
  const n = text.length;
  if (n < 2 || text.charCodeAt(n - 1) !== 45) return false;
  // A letter outside the BMP is a surrogate pair: step back over both halves.
  const low = text.charCodeAt(n - 2);
  const start = low >= 0xdc00 && low <= 0xdfff && n >= 3 ? n - 3 : n - 2;
  return LETTER.test(String.fromCodePoint(text.codePointAt(start) ?? 0));
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? null;
}

/** Body size: the size most text is set in, weighted by characters. */
function bodyFontSize(doc: ExtractedDocument): number | null {
  const weight = new Map<number, number>();
  for (const page of doc.pages) {
    for (const line of page.lines) {
      if (line.fontSizePt === null || line.part !== 'body') continue;
      const size = Math.round(line.fontSizePt * 2) / 2;
      weight.set(size, (weight.get(size) ?? 0) + line.text.length);
    }
  }
  let best: number | null = null;
  let bestWeight = -1;
  for (const [size, w] of weight) if (w > bestWeight) [best, bestWeight] = [size, w];
  return best;
}

function looksLikeHeadingText(text: string): boolean {
  const words = wordCount(text);
  if (words === 0 || words > 20) return false;
  // A line closed like a sentence is a short paragraph ("Thank you."), unless it is a question label.
  const label = leadingLabel(text);
  if (/[.,;!]$/.test(text) && !label) return false;
  // A lead-in ("… against these tests:") or a label followed by its answer is body text.
  if (/:$/.test(text) && words > 3 && !(label && wordCount(text.slice(label.length)) === 0)) return false;
  if (label && wordCount(text.slice(label.length)) > 3) return false;
  return /^[\p{Lu}\p{N}(“"]/u.test(text);
}

function pdfUnits(
  page: ExtractedPage,
  lines: TextLine[],
  bodySize: number | null,
  pitch: number,
  textOf: LineText,
): Unit[] {
  const units: Unit[] = [];
  // Lines sharing a baseline (a list number drawn apart from its item text) become one line.
  const merged: TextLine[] = [];
  for (const line of lines) {
    const last = merged.at(-1);
    if (last && last.y !== null && line.y !== null && Math.abs(last.y - line.y) < 2) {
      merged[merged.length - 1] = {
        ...last,
        text: `${textOf(last)} ${textOf(line)}`,
        bold: last.bold && line.bold,
        x: Math.min(last.x ?? 0, line.x ?? 0),
      };
    } else merged.push(line);
  }
  const left = Math.min(...merged.map((l) => l.x ?? 0));
  const typicalLength = median(merged.filter((l) => !l.bold).map((l) => textOf(l).length)) ?? 80;
  let current: { unit: Unit; parts: string[]; itemIndent: number | null } | null = null;
  let previous: TextLine | null = null;
  const flush = () => {
    if (current) {
      current.unit.text = joinLines(current.parts);
      if (current.unit.text !== '') units.push(current.unit);
    }
    current = null;
  };
  for (const line of merged) {
    const text = textOf(line);
    const size = line.fontSizePt ?? bodySize ?? 12;
    const larger = bodySize !== null && size >= bodySize + 0.75;
    const headingLike = (line.bold || larger) && looksLikeHeadingText(text);
    const gap = previous && previous.y !== null && line.y !== null ? line.y - previous.y : null;
    const wideGap = gap !== null && (gap > pitch * 1.2 || gap < 0);
    if (headingLike) {
      const level = bodySize !== null && size >= bodySize + 2.5 ? 1 : 2;
      const c = current as { unit: Unit; parts: string[] } | null;
      if (c && c.unit.type === 'heading' && !wideGap && c.unit.level === level) c.parts.push(text);
      else {
        flush();
        current = {
          unit: { page: page.number, type: 'heading', text: '', level, ordinal: null },
          parts: [text],
          itemIndent: null,
        };
      }
      previous = line;
      continue;
    }
    const ordinal = markerOrdinal(text);
    const x = line.x ?? left;
    const prevText = previous ? textOf(previous) : '';
    const prevEndedShort =
      previous !== null && prevText.length < typicalLength * 0.6 && endsTerminal(prevText);
    const firstLineIndent =
      x > left + 8 && (current as { itemIndent: number | null } | null)?.itemIndent === null;
    const c = current as { unit: Unit; parts: string[]; itemIndent: number | null } | null;
    const startsNew =
      !c ||
      c.unit.type === 'heading' ||
      wideGap ||
      ordinal !== undefined ||
      prevEndedShort ||
      (firstLineIndent && endsTerminal(prevText));
    if (startsNew) {
      flush();
      const type: UnitType = ordinal !== undefined ? 'item' : 'para';
      current = {
        unit: { page: page.number, type, text: '', level: 0, ordinal: ordinal ?? null },
        parts: [text],
        itemIndent: type === 'item' ? x : null,
      };
    } else c?.parts.push(text);
    previous = line;
  }
  flush();
  return units;
}

function docxUnits(
  page: ExtractedPage,
  lines: TextLine[],
  bodySize: number | null,
  textOf: LineText,
): Unit[] {
  const units: Unit[] = [];
  for (const line of lines) {
    const text = textOf(line);
    if (text === '') continue;
    const larger = bodySize !== null && line.fontSizePt !== null && line.fontSizePt >= bodySize + 0.75;
    if (line.headingLevel !== null || ((line.bold || larger) && looksLikeHeadingText(text))) {
      units.push({ page: page.number, type: 'heading', text, level: line.headingLevel ?? 2, ordinal: null });
      continue;
    }
    const ordinal = markerOrdinal(text);
    units.push({
      page: page.number,
      type: ordinal === undefined ? 'para' : 'item',
      text,
      level: 0,
      ordinal: ordinal ?? null,
    });
  }
  return units;
}

function txtUnits(page: ExtractedPage, lines: TextLine[], textOf: LineText): Unit[] {
  const units: Unit[] = [];
  let group: TextLine[] = [];
  const flushGroup = () => {
    const head = group[0];
    if (head === undefined) return;
    const first = textOf(head);
    if (group.length === 1 && markerOrdinal(first) === undefined && looksLikeHeadingText(first)) {
      units.push({ page: page.number, type: 'heading', text: first, level: 2, ordinal: null });
      group = [];
      return;
    }
    let parts: string[] = [];
    let type: UnitType = 'para';
    let ordinal: number | null = null;
    const push = () => {
      const text = joinLines(parts);
      if (text !== '') units.push({ page: page.number, type, text, level: 0, ordinal });
      parts = [];
    };
    for (const line of group) {
      const text = textOf(line);
      const o = markerOrdinal(text);
      // An unindented marker opens an item; an indented line continues the item above.
      if (o !== undefined && !/^\s{2,}/.test(line.text)) {
        push();
        type = 'item';
        ordinal = o;
      }
      parts.push(text);
    }
    push();
    group = [];
  };
  for (const line of lines) {
    if (textOf(line) === '') flushGroup();
    else group.push(line);
  }
  flushGroup();
  return units;
}

/** Typical distance between the tops of consecutive lines of one paragraph (PDF). */
function linePitch(doc: ExtractedDocument, keep: (page: ExtractedPage) => TextLine[]): number {
  const gaps: number[] = [];
  for (const page of doc.pages) {
    const lines = keep(page);
    for (let i = 1; i < lines.length; i++) {
      const a = lines[i - 1];
      const b = lines[i];
      if (a?.y == null || b?.y == null) continue;
      const dy = b.y - a.y;
      if (dy > 1) gaps.push(dy);
    }
  }
  // Most gaps are inside paragraphs, so the lower-middle value is the in-paragraph pitch.
  const sorted = gaps.sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * 0.35)] ?? 14;
}

function isLeadIn(text: string): boolean {
  return text.trimEnd().endsWith(':');
}

export function segmentPassages(doc: ExtractedDocument): Passage[] {
  const textOf = lineTexts();
  const isContent = furnitureFilter(doc, textOf);
  const kept = new Map<ExtractedPage, TextLine[]>();
  const keep = (page: ExtractedPage) => {
    let lines = kept.get(page);
    if (!lines) {
      const body = page.lines.filter((l) => l.part === 'body' && textOf(l) !== '');
      lines = body.filter((l, i) => isContent(l, page, i, body));
      kept.set(page, lines);
    }
    return lines;
  };
  const bodySize = bodyFontSize(doc);
  const pitch = doc.format === 'pdf' ? linePitch(doc, keep) : 0;
  const units: Unit[] = [];
  for (const page of doc.pages) {
    if (doc.format === 'pdf') units.push(...pdfUnits(page, keep(page), bodySize, pitch, textOf));
    else if (doc.format === 'docx') units.push(...docxUnits(page, keep(page), bodySize, textOf));
    else {
      // TXT keeps blank lines: they separate paragraphs, so only furniture lines are removed.
      const body = page.lines.filter((l) => l.part === 'body');
      const nonBlank = body.filter((l) => textOf(l) !== '');
      const drop = new Set(nonBlank.filter((l, i) => !isContent(l, page, i, nonBlank)));
      units.push(
        ...txtUnits(
          page,
          body.filter((l) => !drop.has(l)),
          textOf,
        ),
      );
    }
  }
  return assemble(units);
}

function assemble(units: Unit[]): Passage[] {
  const passages: Passage[] = [];
  const headings: { text: string; level: number; labelled: boolean }[] = [];
  let open: {
    passage: Passage;
    kind: PassageKind;
    leadIn: boolean;
    lastOrdinal: number | null;
    lastType: UnitType;
    page: number;
  } | null = null;
  const close = () => {
    open = null;
  };
  for (const unit of units) {
    if (unit.type === 'heading') {
      close();
      const labelled = leadingLabel(unit.text, { inHeading: true })?.kind === 'question-word';
      let level = unit.level;
      // "Response to Question 17" under "Section F: Federal Support" set in the same style nests
      // under the section rather than replacing it.
      const top = headings.at(-1);
      if (labelled && top && !top.labelled && top.level >= level) level = top.level + 1;
      while (headings.length > 0 && (headings.at(-1)?.level ?? 0) >= level) headings.pop();
      headings.push({ text: unit.text, level, labelled });
      continue;
    }
    const o = open as typeof open;
    if (o) {
      const crossesPage = unit.page !== o.page;
      const continues =
        crossesPage &&
        unit.type === 'para' &&
        (!endsTerminal(o.passage.text) || /^[\p{Ll}]/u.test(unit.text));
      if (continues) {
        o.passage.text = joinLines([o.passage.text, unit.text]);
        o.page = unit.page;
        continue;
      }
      const nextItem =
        unit.type === 'item' &&
        ((o.kind === 'list' &&
          o.lastType === 'item' &&
          (unit.ordinal === null || o.lastOrdinal === null || unit.ordinal === o.lastOrdinal + 1)) ||
          (o.leadIn && o.lastType === 'para' && (unit.ordinal === null || unit.ordinal === 1)));
      if (nextItem) {
        o.passage.text = `${o.passage.text}\n${unit.text}`;
        o.passage.kind = 'list';
        o.kind = 'list';
        o.lastOrdinal = unit.ordinal;
        o.lastType = 'item';
        o.page = unit.page;
        continue;
      }
    }
    const passage: Passage = {
      page: unit.page,
      order: passages.length,
      headingPath: headings.map((h) => h.text),
      text: unit.text,
      kind: 'paragraph',
    };
    passages.push(passage);
    // A bulleted or lettered run with no lead-in is still one list; a numbered paragraph is
    // not, since respondents number their answers "1.", "2." after the RFI.
    const bulleted = unit.type === 'item' && unit.ordinal === null;
    if (bulleted) passage.kind = 'list';
    open = {
      passage,
      kind: bulleted ? 'list' : 'paragraph',
      leadIn: unit.type === 'para' && isLeadIn(unit.text),
      lastOrdinal: unit.ordinal,
      lastType: unit.type,
      page: unit.page,
    };
  }
  return passages;
}
