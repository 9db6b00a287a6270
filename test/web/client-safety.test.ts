import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const CLIENT = fileURLToPath(new URL('../../src/web/client/', import.meta.url));

async function sources(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await sources(full)));
    else if (/\.(ts|html)$/.test(entry.name)) found.push(full);
  }
  return found;
}

it('no client code turns a string into markup: no innerHTML, outerHTML, insertAdjacentHTML, document.write or eval', async () => {
  const sinks =
    /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\s*\(|new Function\s*\(|DOMParser|createContextualFragment)\b/;
  const offenders: string[] = [];
  for (const file of await sources(CLIENT)) {
    const text = await readFile(file, 'utf8');
    text.split('\n').forEach((line, index) => {
      if (sinks.test(line)) offenders.push(`${path.relative(CLIENT, file)}:${index + 1}: ${line.trim()}`);
    });
  }
  expect(offenders).toEqual([]);
});
