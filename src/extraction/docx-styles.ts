import { type DocxParts, isOn, namespaces, parseXml, prefixFor } from './docx-package.ts';

/** Run and paragraph properties as far as extraction cares; undefined means "not set here". */
export interface RunProps {
  /** Half-points, as w:sz stores them. */
  sizeHalfPts?: number;
  bold?: boolean;
}

export interface ParagraphProps {
  /** 0-based w:outlineLvl; 9 means body text. */
  outlineLevel?: number;
  pageBreakBefore?: boolean;
}

interface StyleDefinition {
  type: string;
  basedOn?: string;
  /** From w:name; Word's built-in heading styles are named "heading 1" … "heading 9". */
  name?: string;
  run: RunProps;
  paragraph: ParagraphProps;
}

/** A paragraph style with its basedOn chain folded in. */
export interface ResolvedParagraphStyle {
  run: RunProps;
  headingLevel: number | null;
  pageBreakBefore: boolean;
}

/**
 * Word applies formatting in layers: document defaults (w:docDefaults), then the paragraph
 * style and the styles it is based on, then the run's character style, then the run's own
 * properties. A layer that does not set a property lets the one below show through.
 */
export class DocxStyles {
  private readonly paragraphCache = new Map<string, ResolvedParagraphStyle>();
  private readonly characterCache = new Map<string, RunProps>();

  constructor(
    readonly defaults: RunProps,
    private readonly styles: Map<string, StyleDefinition>,
    private readonly defaultParagraphStyleId: string | undefined,
  ) {}

  paragraphStyle(styleId: string | undefined): ResolvedParagraphStyle {
    const id = styleId ?? this.defaultParagraphStyleId ?? '';
    let resolved = this.paragraphCache.get(id);
    if (!resolved) {
      const chain = this.chain(id);
      const run: RunProps = { ...this.defaults };
      const paragraph: ParagraphProps = {};
      let headingFromName: number | null = null;
      for (const style of chain) {
        overlay(run, style.run);
        if (style.paragraph.outlineLevel !== undefined) paragraph.outlineLevel = style.paragraph.outlineLevel;
        if (style.paragraph.pageBreakBefore !== undefined)
          paragraph.pageBreakBefore = style.paragraph.pageBreakBefore;
        const named = /^heading ([1-9])$/i.exec(style.name ?? '');
        if (named) headingFromName = Number(named[1]);
      }
      resolved = {
        run,
        headingLevel: headingLevelOf(paragraph.outlineLevel) ?? headingFromName ?? headingFromId(id),
        pageBreakBefore: paragraph.pageBreakBefore ?? false,
      };
      this.paragraphCache.set(id, resolved);
    }
    return resolved;
  }

  characterStyle(styleId: string): RunProps {
    let resolved = this.characterCache.get(styleId);
    if (!resolved) {
      resolved = {};
      for (const style of this.chain(styleId)) overlay(resolved, style.run);
      this.characterCache.set(styleId, resolved);
    }
    return resolved;
  }

  /** Root first; a cycle or a missing parent ends the chain. */
  private chain(styleId: string): StyleDefinition[] {
    const chain: StyleDefinition[] = [];
    const seen = new Set<string>();
    let id: string | undefined = styleId;
    while (id !== undefined && !seen.has(id)) {
      seen.add(id);
      const style = this.styles.get(id);
      if (!style) break;
      chain.unshift(style);
      id = style.basedOn;
    }
    return chain;
  }
}

export function overlay(target: RunProps, layer: RunProps): void {
  if (layer.sizeHalfPts !== undefined) target.sizeHalfPts = layer.sizeHalfPts;
  if (layer.bold !== undefined) target.bold = layer.bold;
}

/** w:outlineLvl 0–8 are heading levels 1–9; 9 is body text. */
export function headingLevelOf(outlineLevel: number | undefined): number | null {
  return outlineLevel !== undefined && outlineLevel >= 0 && outlineLevel <= 8 ? outlineLevel + 1 : null;
}

function headingFromId(styleId: string): number | null {
  const match = /^Heading([1-9])$/.exec(styleId);
  return match ? Number(match[1]) : null;
}

export function readStyles(parts: DocxParts, stylesPath: string | undefined): DocxStyles {
  const defaults: RunProps = {};
  const styles = new Map<string, StyleDefinition>();
  let defaultParagraphStyleId: string | undefined;
  const bytes = stylesPath ? parts.get(stylesPath) : undefined;
  if (!bytes) return new DocxStyles(defaults, styles, undefined);

  let w = 'w:';
  let depth = 0;
  let inRunDefaults = false;
  let current: StyleDefinition | undefined;
  parseXml(bytes, {
    open: (tag) => {
      depth++;
      if (depth === 1) {
        w = prefixFor(tag, namespaces.wordprocessing) ?? w;
        return;
      }
      if (!tag.name.startsWith(w)) return;
      const local = tag.name.slice(w.length);
      const val = tag.attributes[`${w}val`];
      switch (local) {
        case 'rPrDefault':
          inRunDefaults = true;
          return;
        case 'style': {
          const id = tag.attributes[`${w}styleId`];
          current = { type: tag.attributes[`${w}type`] ?? 'paragraph', run: {}, paragraph: {} };
          if (id !== undefined) styles.set(id, current);
          const isDefault = tag.attributes[`${w}default`];
          if (current.type === 'paragraph' && isDefault !== undefined && isOn(isDefault))
            defaultParagraphStyleId = id;
          return;
        }
        case 'basedOn':
          if (current) current.basedOn = val;
          return;
        case 'name':
          if (current) current.name = val;
          return;
        case 'sz': {
          const target = current ? current.run : inRunDefaults ? defaults : undefined;
          const size = Number(val);
          if (target && Number.isFinite(size) && size > 0) target.sizeHalfPts = size;
          return;
        }
        case 'b': {
          const target = current ? current.run : inRunDefaults ? defaults : undefined;
          if (target) target.bold = isOn(val);
          return;
        }
        case 'outlineLvl':
          if (current && val !== undefined) current.paragraph.outlineLevel = Number(val);
          return;
        case 'pageBreakBefore':
          if (current) current.paragraph.pageBreakBefore = isOn(val);
          return;
      }
    },
    close: (tag) => {
      depth--;
      if (tag.name === `${w}rPrDefault`) inRunDefaults = false;
      else if (tag.name === `${w}style`) current = undefined;
    },
  });
  return new DocxStyles(defaults, styles, defaultParagraphStyleId);
}
