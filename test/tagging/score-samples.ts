// Prints tagging precision/recall/F1 on a folder of cases (default: the shared eval samples), with every miss.
// Usage: npx tsx test/tagging/score-samples.ts [casesDir] [renderedDir]
// With renderedDir, documents come from the real rendered files through extraction, not from the JSON.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FixtureCase } from '../../fixtures/tagging/build-extracted-document.ts';
import { extractDocument } from '../../src/extraction/extract-document.ts';
import type { ExtractedDocument } from '../../src/extraction/extracted-document.ts';
import { createTagger } from '../../src/tagging/tag-passages.ts';
import { loadQuestions, prf, scoreCase, sum } from './tagging-score.ts';

const dir = process.argv[2] ?? '/work/shared/eval/samples/cases';
const rendered = process.argv[3];
const tagger = createTagger(await loadQuestions());
const scores = [];
for (const name of (await readdir(dir)).filter((n) => n.endsWith('.json')).sort()) {
  const c = JSON.parse(await readFile(join(dir, name), 'utf8')) as FixtureCase & {
    expect?: { http?: number };
  };
  // The evaluation scores tagging only on submissions it expects to be accepted.
  if ((c.expect?.http ?? 201) >= 300) continue;
  const docs = new Map<string, ExtractedDocument>();
  if (rendered) {
    for (const f of c.files) {
      const path = join(rendered, c.id, f.name);
      const source = f.derive_from ? c.files.find((x) => x.name === f.derive_from) : f;
      const format = f.format ?? source?.format ?? 'pdf';
      if (format === 'raw' || !existsSync(path)) continue;
      docs.set(f.name, await extractDocument(new Uint8Array(await readFile(path)), format));
    }
  }
  const s = scoreCase(c, tagger, rendered ? (_c, name) => docs.get(name) ?? null : undefined);
  scores.push(s);
  const m = prf(s);
  console.log(`${c.id.padEnd(44)} tp=${s.tp} fp=${s.fp} fn=${s.fn} f1=${m.f1.toFixed(3)}`);
  for (const miss of s.misses)
    console.log(
      `   p${miss.page} gold=${JSON.stringify(miss.gold)} got=${JSON.stringify(miss.predicted)} ${miss.text}`,
    );
}
const total = prf(sum(scores));
console.log(`overall p=${total.p.toFixed(3)} r=${total.r.toFixed(3)} f1=${total.f1.toFixed(3)}`);
