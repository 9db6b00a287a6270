/**
 * Writes the real PDF, DOCX and TXT files under fixtures/ that tests of extraction, checks and
 * tagging read (fixtures/README.md says what each one exhibits). Run: npx tsx scripts/make-fixtures.ts
 *
 * The builders are exported so bench/extract.ts generates its corpus with the same code.
 * Output is repeatable: fixed dates in PDF info and DOCX package properties, fixed zip times.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  SectionType,
  TextRun,
} from 'docx';
import { strToU8, unzipSync, zipSync } from 'fflate';
import PDFDocument from 'pdfkit';

export const CAPTION = 'American AI Exports Program Comments';
const FIXED_DATE = new Date('2025-11-20T15:00:00Z');
const MARGIN = 72;

// ---------------------------------------------------------------- PDF

export type PageNumberStyle = 'Page N' | 'N' | '- N -' | 'N of M' | 'none';

export interface PdfPageSpec {
  /** Headings (bold, size + 2) and paragraphs, drawn top to bottom. */
  blocks: { heading?: string; text?: string }[];
  /** A page that is only a picture of text: no fonts, no text layer. */
  imageOnly?: boolean;
}

export interface PdfSpec {
  bodySizePt: number;
  /** Drawn in Helvetica-Bold at the top of every page, as a running header. */
  header?: string;
  caption?: boolean;
  pageNumbers: PageNumberStyle;
  pages: PdfPageSpec[];
  userPassword?: string;
  /** TrueType files to embed (as Word and most exporters do) instead of the standard Times fonts. */
  fontFiles?: { regular: string; bold: string };
}

export function pageNumberText(style: PageNumberStyle, page: number, total: number): string | null {
  switch (style) {
    case 'Page N':
      return `Page ${page}`;
    case 'N':
      return String(page);
    case '- N -':
      return `- ${page} -`;
    case 'N of M':
      return `${page} of ${total}`;
    default:
      return null;
  }
}

export function buildPdf(spec: PdfSpec): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: MARGIN,
    autoFirstPage: false,
    info: {
      Producer: 'Docket fixtures',
      Creator: 'Docket fixtures',
      CreationDate: FIXED_DATE,
      ModDate: FIXED_DATE,
    },
    ...(spec.userPassword
      ? {
          userPassword: spec.userPassword,
          ownerPassword: `${spec.userPassword}-owner`,
          pdfVersion: '1.7' as const,
        }
      : {}),
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  const fonts = { regular: 'Times-Roman', bold: 'Times-Bold' };
  if (spec.fontFiles) {
    doc.registerFont('EmbeddedRegular', spec.fontFiles.regular);
    doc.registerFont('EmbeddedBold', spec.fontFiles.bold);
    Object.assign(fonts, { regular: 'EmbeddedRegular', bold: 'EmbeddedBold' });
  }
  const total = spec.pages.length;
  spec.pages.forEach((page, index) => {
    const number = index + 1;
    doc.addPage();
    if (page.imageOnly) {
      doc.image(Buffer.from(scanLikePng()), MARGIN, MARGIN, { width: 612 - 2 * MARGIN });
      return;
    }
    const width = 612 - 2 * MARGIN;
    if (spec.header) {
      doc
        .font('Helvetica-Bold')
        .fontSize(12)
        .text(spec.header, MARGIN, 36, { width, align: 'center', lineBreak: false });
    }
    const footer = pageNumberText(spec.pageNumbers, number, total);
    if (footer) {
      // Inside the bottom margin; pdfkit would start a new page for text below it otherwise.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc
        .font(fonts.regular)
        .fontSize(spec.bodySizePt)
        .text(footer, MARGIN, 792 - 48, { width, align: 'center', lineBreak: false });
      doc.page.margins.bottom = bottom;
    }
    doc.x = MARGIN;
    doc.y = MARGIN;
    if (number === 1 && spec.caption) {
      doc
        .font(fonts.bold)
        .fontSize(spec.bodySizePt + 2)
        .text(CAPTION, { width });
      doc.moveDown(0.6);
    }
    for (const block of page.blocks) {
      if (block.heading) {
        doc
          .font(fonts.bold)
          .fontSize(spec.bodySizePt + 2)
          .text(block.heading, { width });
        doc.moveDown(0.3);
      }
      if (block.text) {
        doc
          .font(fonts.regular)
          .fontSize(spec.bodySizePt)
          .text(block.text, { width, lineGap: spec.bodySizePt * 0.2 });
        doc.moveDown(0.6);
      }
    }
  });
  doc.end();
  return done;
}

/** Grey "paper" with dark bars where lines of type would be: what a scanner makes of a typed page. */
function scanLikePng(): Uint8Array {
  const canvas = createCanvas(400, 500);
  const context = canvas.getContext('2d');
  context.fillStyle = '#f4f1ea';
  context.fillRect(0, 0, 400, 500);
  context.fillStyle = '#222222';
  for (let y = 40; y < 460; y += 18) context.fillRect(30, y, 300 + ((y * 37) % 40), 8);
  return new Uint8Array(canvas.toBuffer('image/png'));
}

// ---------------------------------------------------------------- DOCX

export interface DocxSpec {
  /** Size of text no style or run sizes (w:docDefaults), in points. */
  defaultSizePt?: number;
  /** Sections, each starting a new page; pages inside a section are separated by explicit page breaks when `breaks`. */
  sections: DocxSectionSpec[];
  /** Extra styles: a 10 pt paragraph style "SmallBody" (based on Normal) and an 8 pt character style "Tiny". */
  withStyles?: boolean;
}

export interface DocxSectionSpec {
  header?: string;
  /** Footer: "Page {PAGE} of {NUMPAGES}" as fields. */
  pageNumberField?: boolean;
  pages: DocxParagraphSpec[][];
  /** Separate the pages of this section by w:br type="page"; otherwise they just flow on. */
  breaks: 'page-break' | 'none';
}

export interface DocxParagraphSpec {
  text: string;
  /** Size put on the run itself (w:sz); omitted means the style chain decides. */
  runSizePt?: number;
  heading?: 1 | 2;
  bold?: boolean;
  paragraphStyle?: string;
  characterStyle?: string;
}

export async function buildDocx(spec: DocxSpec): Promise<Uint8Array> {
  const doc = new Document({
    creator: 'Docket fixtures',
    lastModifiedBy: 'Docket fixtures',
    styles: {
      ...(spec.defaultSizePt ? { default: { document: { run: { size: spec.defaultSizePt * 2 } } } } : {}),
      ...(spec.withStyles
        ? {
            paragraphStyles: [
              { id: 'SmallBody', name: 'Small Body', basedOn: 'Normal', run: { size: 20 } },
              {
                id: 'SmallerStill',
                name: 'Smaller Still',
                basedOn: 'SmallBody',
                paragraph: { spacing: { after: 120 } },
              },
            ],
            characterStyles: [{ id: 'Tiny', name: 'Tiny', run: { size: 16 } }],
          }
        : {}),
    },
    sections: spec.sections.map((section, sectionIndex) => ({
      properties: sectionIndex === 0 ? {} : { type: SectionType.NEXT_PAGE },
      headers: {
        default: new Header({
          children: [
            new Paragraph({
              alignment: AlignmentType.CENTER,
              children: section.header
                ? [new TextRun({ text: section.header, bold: true, font: 'Arial' })]
                : [],
            }),
          ],
        }),
      },
      ...(section.pageNumberField
        ? {
            footers: {
              default: new Footer({
                children: [
                  new Paragraph({
                    alignment: AlignmentType.CENTER,
                    children: [
                      new TextRun({
                        children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES],
                      }),
                    ],
                  }),
                ],
              }),
            },
          }
        : {}),
      children: section.pages.flatMap((paragraphs, pageIndex) => [
        ...(pageIndex > 0 && section.breaks === 'page-break'
          ? [new Paragraph({ children: [new PageBreak()] })]
          : []),
        ...paragraphs.map(
          (p) =>
            new Paragraph({
              ...(p.heading
                ? { heading: p.heading === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2 }
                : {}),
              ...(p.paragraphStyle ? { style: p.paragraphStyle } : {}),
              children: [
                new TextRun({
                  text: p.text,
                  ...(p.runSizePt ? { size: p.runSizePt * 2 } : {}),
                  ...(p.bold ? { bold: true } : {}),
                  ...(p.characterStyle ? { style: p.characterStyle } : {}),
                }),
              ],
            }),
        ),
      ]),
    })),
  });
  return repeatable(new Uint8Array(await Packer.toBuffer(doc)));
}

/** Fixed package dates and zip times, so regenerating a fixture changes no bytes. */
function repeatable(docx: Uint8Array): Uint8Array {
  const files = unzipSync(docx);
  const core = files['docProps/core.xml'];
  if (core) {
    const stamp = FIXED_DATE.toISOString().replace(/\.\d+Z$/, 'Z');
    const xml = new TextDecoder()
      .decode(core)
      .replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, `$1${stamp}`);
    files['docProps/core.xml'] = strToU8(xml);
  }
  return zipSync(files, { mtime: FIXED_DATE, level: 6 });
}

// ---------------------------------------------------------------- text

const PARAGRAPHS = [
  'Our company exports compute infrastructure to partners in allied countries, and we welcome the Department\u2019s effort to package a full-stack American AI export offering.',
  'We recommend that the program define a consortium proposal format that lets smaller firms join as component suppliers without carrying the full compliance burden alone.',
  'Financing remains the largest obstacle in emerging markets; coordinated support from EXIM, DFC and partner institutions would make proposals competitive with state-backed offers.',
  'Security requirements should be stated once, in terms vendors can test against, so that the same controls satisfy export licensing and the program\u2019s own review.',
  'Data center siting decisions depend on power availability; the program should weigh grid capacity and permitting time when selecting priority markets.',
];

export const CONFIDENTIAL_PARAGRAPH =
  'Confidential pricing: our committed unit price for the 2026 accelerator cluster is $41,300 per node, 18 percent below list, conditional on a five-year support term.';

const longText = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => PARAGRAPHS[(from + i) % PARAGRAPHS.length]!).join(' ');

// ---------------------------------------------------------------- fixtures

export interface Fixture {
  name: string;
  bytes: () => Promise<Uint8Array>;
}

const threePages = (): PdfPageSpec[] => [
  {
    blocks: [{ heading: 'Section A: Respondent Background', text: longText(0, 3) }, { text: longText(3, 2) }],
  },
  { blocks: [{ heading: 'Question 4: Consortium Formation', text: longText(1, 3) }] },
  { blocks: [{ heading: 'Question 9: Financing', text: longText(2, 2) }] },
];

const pairPages = (withConfidential: boolean): PdfPageSpec[] => [
  { blocks: [{ heading: 'Section A: Respondent Background', text: longText(0, 2) }] },
  {
    blocks: [
      { heading: 'Question 12: Pricing and Financing', text: PARAGRAPHS[2] },
      ...(withConfidential ? [{ text: CONFIDENTIAL_PARAGRAPH }] : []),
      { text: PARAGRAPHS[4] },
    ],
  },
  { blocks: [{ heading: 'Question 15: Security', text: PARAGRAPHS[3] }] },
];

export const fixtures: Fixture[] = [
  {
    name: 'pdf-12pt-page-numbers-footer.pdf',
    bytes: () => buildPdf({ bodySizePt: 12, caption: true, pageNumbers: 'Page N', pages: threePages() }),
  },
  {
    name: 'pdf-10pt-body-bare-page-numbers.pdf',
    bytes: () => buildPdf({ bodySizePt: 10, caption: true, pageNumbers: 'N', pages: threePages() }),
  },
  {
    name: 'pdf-12pt-dashed-page-numbers.pdf',
    bytes: () => buildPdf({ bodySizePt: 12, caption: true, pageNumbers: '- N -', pages: threePages() }),
  },
  {
    name: 'pdf-12pt-page-n-of-total.pdf',
    bytes: () => buildPdf({ bodySizePt: 12, caption: true, pageNumbers: 'N of M', pages: threePages() }),
  },
  {
    name: 'pdf-12pt-no-caption-no-page-numbers.pdf',
    bytes: () =>
      buildPdf({ bodySizePt: 12, caption: false, pageNumbers: 'none', pages: threePages().slice(0, 2) }),
  },
  {
    name: 'BC-pair-header-business-confidential.pdf',
    bytes: () =>
      buildPdf({
        bodySizePt: 12,
        caption: true,
        header: 'BUSINESS CONFIDENTIAL',
        pageNumbers: 'Page N',
        pages: pairPages(true),
      }),
  },
  {
    name: 'P-pair-header-public-paragraph-removed.pdf',
    bytes: () =>
      buildPdf({
        bodySizePt: 12,
        caption: true,
        header: 'PUBLIC',
        pageNumbers: 'Page N',
        pages: pairPages(false),
      }),
  },
  {
    name: 'pdf-image-only-second-page.pdf',
    bytes: () =>
      buildPdf({
        bodySizePt: 12,
        caption: true,
        pageNumbers: 'none',
        pages: [{ blocks: [{ text: longText(0, 2) }] }, { blocks: [], imageOnly: true }],
      }),
  },
  {
    name: 'pdf-encrypted-user-password.pdf',
    bytes: () =>
      buildPdf({
        bodySizePt: 12,
        caption: true,
        pageNumbers: 'Page N',
        pages: threePages(),
        userPassword: 'docket-2025',
      }),
  },
  {
    name: 'pdf-truncated.pdf',
    bytes: async () => {
      // An upload cut off part-way: the page tree and trailer, written last, are lost.
      const whole = await buildPdf({
        bodySizePt: 12,
        caption: true,
        pageNumbers: 'Page N',
        pages: threePages(),
      });
      return whole.slice(0, Math.floor(whole.length * 0.6));
    },
  },
  {
    name: 'docx-header-footer-page-field-page-breaks.docx',
    bytes: () =>
      buildDocx({
        defaultSizePt: 12,
        sections: [
          {
            header: 'PUBLIC',
            pageNumberField: true,
            breaks: 'page-break',
            pages: [
              [
                { text: CAPTION, bold: true },
                { text: 'Section A: Respondent Background', heading: 1 },
                { text: PARAGRAPHS[0]! },
              ],
              [{ text: 'Question 4: Consortium Formation', heading: 2 }, { text: PARAGRAPHS[1]! }],
              [{ text: PARAGRAPHS[2]! }],
            ],
          },
        ],
      }),
  },
  {
    name: 'docx-sizes-from-styles-no-page-breaks.docx',
    bytes: () =>
      buildDocx({
        defaultSizePt: 12,
        withStyles: true,
        sections: [
          {
            breaks: 'none',
            pages: [
              [
                { text: CAPTION },
                { text: 'Section A: Respondent Background', heading: 1 },
                { text: 'Body at the document default size.' },
                { text: 'Body in the 10 pt paragraph style.', paragraphStyle: 'SmallBody' },
                { text: 'Body in a style based on the 10 pt style.', paragraphStyle: 'SmallerStill' },
                {
                  text: 'Run in the 8 pt character style.',
                  paragraphStyle: 'SmallBody',
                  characterStyle: 'Tiny',
                },
                { text: 'Run sized 14 pt on the run itself.', paragraphStyle: 'SmallBody', runSizePt: 14 },
              ],
              [{ text: PARAGRAPHS[1]! }],
            ],
          },
        ],
      }),
  },
  {
    name: 'docx-10pt-runs-page-breaks-no-furniture.docx',
    bytes: () =>
      buildDocx({
        sections: [
          {
            breaks: 'page-break',
            pages: [
              [
                { text: CAPTION, runSizePt: 10 },
                { text: PARAGRAPHS[0]!, runSizePt: 10 },
              ],
              [{ text: PARAGRAPHS[1]!, runSizePt: 10 }],
            ],
          },
        ],
      }),
  },
  {
    name: 'docx-two-sections-header-on-first-only.docx',
    bytes: () =>
      buildDocx({
        defaultSizePt: 12,
        sections: [
          {
            header: 'BUSINESS CONFIDENTIAL',
            pageNumberField: true,
            breaks: 'none',
            pages: [[{ text: CAPTION }, { text: PARAGRAPHS[0]! }]],
          },
          { header: '', pageNumberField: true, breaks: 'none', pages: [[{ text: PARAGRAPHS[1]! }]] },
        ],
      }),
  },
  {
    name: 'txt-form-feed-pages.txt',
    bytes: async () => {
      const pages = [
        [CAPTION, '', 'Section A: Respondent Background', '', PARAGRAPHS[0]!, '', 'Page 1 of 3'],
        ['Question 4: Consortium Formation', '', PARAGRAPHS[1]!, '', 'Page 2 of 3'],
        [PARAGRAPHS[2]!, '', 'Page 3 of 3'],
      ];
      return strToU8(`\uFEFF${pages.map((lines) => lines.join('\n')).join('\n\f')}\n`);
    },
  },
];

async function main() {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
  mkdirSync(dir, { recursive: true });
  for (const fixture of fixtures) {
    writeFileSync(path.join(dir, fixture.name), await fixture.bytes());
    console.log(`fixtures/${fixture.name}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
