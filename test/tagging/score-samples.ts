// Prints tagging precision/recall/F1 on a folder of cases (default: the shared eval samples), with every miss.
// Usage: npx tsx test/tagging/score-samples.ts [casesDir]
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTagger } from '../../src/tagging/tag-passages.ts';
import type { FixtureCase } from '../../fixtures/tagging/build-extracted-document.ts';
import { loadQuestions, prf, scoreCase, sum } from './tagging-score.ts';

const dir = process.argv[2] ?? '/work/shared/eval/samples/cases';
const tagger = createTagger(await loadQuestions());
const scores = [];
for (const name of (await readdir(dir)).filter((n) => n.endsWith('.json')).sort()) {
  const c = JSON.parse(await readFile(join(dir, name), 'utf8')) as FixtureCase & { expect?: { http?: number } };
  // The evaluation scores tagging only on submissions it expects to be accepted.
  if ((c.expect?.http ?? 201) >= 300) continue;
  const s = scoreCase(c, tagger);
  scores.push(s);
  const m = prf(s);
  console.log(`${c.id.padEnd(44)} tp=${s.tp} fp=${s.fp} fn=${s.fn} f1=${m.f1.toFixed(3)}`);
  for (const miss of s.misses) console.log(`   p${miss.page} gold=${JSON.stringify(miss.gold)} got=${JSON.stringify(miss.predicted)} ${miss.text}`);
}
const total = prf(sum(scores));
console.log(`overall p=${total.p.toFixed(3)} r=${total.r.toFixed(3)} f1=${total.f1.toFixed(3)}`);
