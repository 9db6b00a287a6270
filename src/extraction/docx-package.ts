import { unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { ExtractionError, extractionMessages } from './extraction-error.ts';

/**
 * A zip bomb declares small entries that inflate to gigabytes. fflate inflates each entry into a
 * buffer of its declared size and drops anything beyond it, so capping the declared sizes of the
 * entries we unpack caps memory. Only the parts a caller names are unpacked; embedded media never is.
 */
export const docxLimits = { maxUnpackedBytes: 100 * 1024 * 1024, maxEntries: 2000 };

export type DocxParts = Map<string, Uint8Array>;

/** A tag as saxes reports it without namespace processing: attribute values are plain strings. */
export interface XmlTag {
  name: string;
  attributes: Record<string, string>;
}

export function unpackDocx(bytes: Uint8Array, wanted: (partName: string) => boolean): DocxParts {
  let entries = 0;
  let unpacked = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (entry) => {
        entries++;
        if (entries > docxLimits.maxEntries) throw new ExtractionError(extractionMessages.docxTooLarge, true);
        if (!wanted(entry.name)) return false;
        unpacked += entry.originalSize;
        if (unpacked > docxLimits.maxUnpackedBytes)
          throw new ExtractionError(extractionMessages.docxTooLarge, true);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ExtractionError) throw error;
    throw new ExtractionError(extractionMessages.docxDamaged, true);
  }
  return new Map(Object.entries(files));
}

/**
 * One SAX pass over a part with the hardening every part gets: a DOCTYPE is refused outright
 * (no DTD, no entity expansion), and any XML error means a damaged file.
 */
export function parseXml(
  bytes: Uint8Array,
  handlers: {
    open: (tag: XmlTag) => void;
    close?: (tag: XmlTag) => void;
    text?: (text: string) => void;
  },
): void {
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('doctype', () => {
    throw new ExtractionError(extractionMessages.docxDamaged, true);
  });
  parser.on('opentag', handlers.open as (tag: unknown) => void);
  if (handlers.close) parser.on('closetag', handlers.close as (tag: unknown) => void);
  if (handlers.text) parser.on('text', handlers.text);
  try {
    parser.write(utf8.decode(bytes)).close();
  } catch (error) {
    if (error instanceof ExtractionError) throw error;
    throw new ExtractionError(extractionMessages.docxDamaged, true);
  }
}

const utf8 = new TextDecoder('utf-8');

export const namespaces = {
  wordprocessing: 'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  relationships: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
};

/**
 * The prefix a part binds to a namespace ("w:" in everything Word writes, but other writers
 * may choose another, or none), read from the root element's declarations.
 */
export function prefixFor(tag: XmlTag, namespace: string): string | undefined {
  for (const [name, value] of Object.entries(tag.attributes)) {
    if (value !== namespace) continue;
    if (name === 'xmlns') return '';
    if (name.startsWith('xmlns:')) return `${name.slice(6)}:`;
  }
  return undefined;
}

/** Relationship id → part path inside the package, for the part at `sourcePath`. */
export function readRelationships(
  parts: DocxParts,
  sourcePath: string,
): Map<string, { type: string; path: string }> {
  const slash = sourcePath.lastIndexOf('/');
  const dir = slash >= 0 ? sourcePath.slice(0, slash + 1) : '';
  const relsPath = `${dir}_rels/${sourcePath.slice(slash + 1)}.rels`;
  const rels = new Map<string, { type: string; path: string }>();
  const bytes = parts.get(relsPath);
  if (!bytes) return rels;
  parseXml(bytes, {
    open: (tag) => {
      if (!tag.name.endsWith('Relationship')) return;
      const { Id: id, Target: target, Type: type, TargetMode: mode } = tag.attributes;
      if (!id || !target || mode === 'External') return;
      rels.set(id, { type: type ?? '', path: resolvePartPath(dir, target) });
    },
  });
  return rels;
}

function resolvePartPath(dir: string, target: string): string {
  const segments = (target.startsWith('/') ? target.slice(1) : dir + target).split('/');
  const out: string[] = [];
  for (const segment of segments) {
    if (segment === '..') out.pop();
    else if (segment !== '.' && segment !== '') out.push(segment);
  }
  return out.join('/');
}

/** Word's on/off values: present without w:val, or "1"/"true"/"on", means on. */
export function isOn(value: string | undefined): boolean {
  return value === undefined || !(value === '0' || value === 'false' || value === 'off' || value === 'none');
}
