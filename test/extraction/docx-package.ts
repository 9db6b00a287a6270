import { strToU8, zipSync } from 'fflate';

/** Builds a minimal .docx in memory from WordprocessingML snippets, to state one rule per test. */
export function docxOf(parts: {
  body: string;
  styles?: string;
  /** part name (e.g. "header1.xml") → its inner XML; referenced by sections as rIdHeader1… via `rels`. */
  furniture?: Record<string, string>;
  rels?: Record<string, string>;
  extra?: Record<string, string>;
  rootAttributes?: string;
}): Uint8Array {
  const w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const relType = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    '_rels/.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${relType}/officeDocument" Target="word/document.xml"/></Relationships>`,
    ),
    'word/document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${parts.rootAttributes ?? `${w} ${r}`}><w:body>${parts.body}</w:body></w:document>`,
    ),
  };
  const rels = [`<Relationship Id="rIdStyles" Type="${relType}/styles" Target="styles.xml"/>`];
  for (const [id, target] of Object.entries(parts.rels ?? {})) {
    const kind = target.startsWith('footer') ? 'footer' : 'header';
    rels.push(`<Relationship Id="${id}" Type="${relType}/${kind}" Target="${target}"/>`);
  }
  files['word/_rels/document.xml.rels'] = strToU8(
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
  );
  if (parts.styles !== undefined)
    files['word/styles.xml'] = strToU8(`<?xml version="1.0"?><w:styles ${w}>${parts.styles}</w:styles>`);
  for (const [name, xml] of Object.entries(parts.furniture ?? {})) {
    const root = name.startsWith('footer') ? 'ftr' : 'hdr';
    files[`word/${name}`] = strToU8(`<?xml version="1.0"?><w:${root} ${w} ${r}>${xml}</w:${root}>`);
  }
  for (const [name, content] of Object.entries(parts.extra ?? {})) files[name] = strToU8(content);
  return zipSync(files);
}

export const p = (text: string, props = '', runProps = '') =>
  `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}<w:r>${runProps ? `<w:rPr>${runProps}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
