import type { RecoverableText } from './recoverable-text.ts';

export async function findRecoverableDocxText(_bytes: Uint8Array): Promise<RecoverableText[]> {
  return [];
}
