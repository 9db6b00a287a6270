/**
 * One docket's passages as postings in memory, ranked with BM25, so a search ranks every match in a
 * millisecond or two instead of reading every matching row from disk.
 *
 * Why: Postgres ranks a search by reading each match's tsvector from the heap. A two-word query that
 * matches 7.6% of 291,000 passages read 17,000 heap pages and took 100-200 ms on the 2-core machine,
 * four times the 50 ms target, and no index Postgres ships orders by rank. Here the same query
 * (matched by the same lexemes, from Postgres's own tsvectors) is ranked in about a millisecond.
 *
 * This is data in, data out: no database, no clock. `live-ranking-index.ts` keeps it in step with
 * Postgres; Postgres still decides who may read what when the ranked ids are turned into rows.
 */
import type { TsQuery } from './tsquery-text.ts';

export interface IndexedPassage {
  id: number;
  lexemes: string[];
  /** How often each lexeme occurs in the passage. */
  counts: number[];
}

export interface RankedPassage {
  id: number;
  score: number;
}

export interface RankingOptions {
  /** Rank passages of hidden files (business-confidential or quarantined) too: an officer who asked. */
  includeHidden: boolean;
  /** Keyset cursor: only passages ranked after this one. */
  after?: RankedPassage;
  limit: number;
}

// BM25's usual constants: term frequency saturates around k1, length normalisation at strength b.
const K1 = 1.2;
const B = 0.75;
/** A rebuild drops dead slots once they are this many and at least half of all slots. */
const COMPACT_AFTER_DEAD = 50_000;

/** One lexeme's passages (slots, ascending) and its count in each. */
class Postings {
  slots = new Int32Array(4);
  counts = new Uint16Array(4);
  length = 0;
  /** Visible passages holding the lexeme, as of index version countedAt. */
  visibleCount = 0;
  countedAt = -1;

  push(slot: number, count: number): void {
    if (this.length === this.slots.length) {
      this.slots = grow(this.slots, this.length * 2);
      this.counts = grow(this.counts, this.length * 2);
    }
    this.slots[this.length] = slot;
    this.counts[this.length] = Math.min(count, 65_535);
    this.length++;
  }

  view(): Int32Array {
    return this.slots.subarray(0, this.length);
  }

  /** Gives back the room left by doubling: a third of the postings' memory after a load. */
  trim(): void {
    if (this.slots.length === this.length) return;
    this.slots = this.slots.slice(0, this.length);
    this.counts = this.counts.slice(0, this.length);
  }
}

/**
 * Working memory for one ranking, reused by the next. A broad query's intermediate lists run to
 * hundreds of kilobytes, and fresh typed arrays that size are new pages from the kernel each time:
 * allocating them took more than the merges themselves on the 2-core machine. Ranking is synchronous,
 * so one arena per index is never shared by two rankings at once.
 */
class Arena {
  private intBuffer = new Int32Array(1 << 16);
  private intsUsed = 0;
  private floats = new Float64Array(1 << 12);

  reset(): void {
    this.intsUsed = 0;
  }

  /** n ints, contents unspecified; valid until the next reset. */
  ints(n: number): Int32Array {
    if (this.intsUsed + n > this.intBuffer.length) {
      // Lists already handed out keep the old buffer alive until the ranking ends.
      this.intBuffer = new Int32Array(Math.max(this.intBuffer.length * 2, n * 2));
      this.intsUsed = 0;
    }
    const out = this.intBuffer.subarray(this.intsUsed, this.intsUsed + n);
    this.intsUsed += n;
    return out;
  }

  /** n zeroed floats; only one such list is in use at a time. */
  zeroedFloats(n: number): Float64Array {
    if (n > this.floats.length) this.floats = new Float64Array(n * 2);
    const out = this.floats.subarray(0, n);
    out.fill(0);
    return out;
  }
}

/**
 * Passages live in slots, appended in the order they arrive, so every posting list stays sorted and
 * set operations are merges. Replacing a file kills its old slots; a rebuild drops them when they
 * pile up. Hidden is a property of the file, so quarantining or releasing one is a flag, not a rebuild.
 */
export class RankingIndex {
  private slotIds = new Float64Array(1024);
  private slotFile = new Int32Array(1024);
  private slotLength = new Int32Array(1024);
  private slotAlive = new Uint8Array(1024);
  private slotCount = 0;
  private deadSlots = 0;
  /** Bumped by every change, so counts cached against an older version are counted again. */
  private version = 0;

  private readonly fileNumbers = new Map<string, number>();
  private fileHidden = new Uint8Array(64);
  private fileSlots: number[][] = [];

  private postings = new Map<string, Postings>();
  private readonly arena = new Arena();

  /** Statistics over passages an analyst may read, so no score depends on business-confidential text. */
  private visiblePassages = 0;
  private visibleLength = 0;

  /** Passages currently indexed, hidden ones included. */
  get passageCount(): number {
    return this.slotCount - this.deadSlots;
  }

  /** Adds passages of a file (loading reads a file's passages in more than one batch). */
  addPassages(fileId: string, hidden: boolean, passages: readonly IndexedPassage[]): void {
    this.version++;
    const file = this.fileNumber(fileId);
    this.setHidden(file, hidden);
    const slots = this.fileSlots[file]!;
    for (const passage of passages) {
      const slot = this.newSlot(passage.id, file);
      let length = 0;
      for (let i = 0; i < passage.lexemes.length; i++) {
        const lexeme = passage.lexemes[i]!;
        const count = passage.counts[i]!;
        let list = this.postings.get(lexeme);
        if (!list) {
          list = new Postings();
          this.postings.set(lexeme, list);
        }
        list.push(slot, count);
        length += count;
      }
      this.slotLength[slot] = length;
      slots.push(slot);
      if (!hidden) {
        this.visiblePassages++;
        this.visibleLength += length;
      }
    }
  }

  /** Shrinks every posting list to its length: for after a load, when few lists will grow again soon. */
  trim(): void {
    for (const list of this.postings.values()) list.trim();
  }

  /** The file's passages and whether it is hidden, as they now stand, in place of what was indexed. */
  replaceFile(fileId: string, hidden: boolean, passages: readonly IndexedPassage[]): void {
    this.removeFile(fileId);
    this.addPassages(fileId, hidden, passages);
  }

  removeFile(fileId: string): void {
    const file = this.fileNumbers.get(fileId);
    if (file === undefined) return;
    this.version++;
    const hidden = this.fileHidden[file] === 1;
    for (const slot of this.fileSlots[file]!) {
      this.slotAlive[slot] = 0;
      this.deadSlots++;
      if (!hidden) {
        this.visiblePassages--;
        this.visibleLength -= this.slotLength[slot]!;
      }
    }
    this.fileSlots[file] = [];
    if (this.deadSlots >= COMPACT_AFTER_DEAD && this.deadSlots * 2 >= this.slotCount) this.compact();
  }

  /**
   * The best `limit` passages matching the query after the cursor, best first: BM25 score descending,
   * then passage id ascending, the same order the cursor resumes from.
   */
  rank(query: TsQuery | null, options: RankingOptions): RankedPassage[] {
    if (!query || options.limit <= 0) return [];
    this.arena.reset();
    const found = this.readable(this.matching(query), options.includeHidden);
    const scores = this.arena.zeroedFloats(found.slots.length);
    for (const [lexeme, at] of found.terms)
      this.addScores(this.postings.get(lexeme)!, found.slots, at, scores);
    return this.best(found.slots, scores, options);
  }

  // ------------------------------------------------------------------ matching

  /**
   * Slots whose passage satisfies the query, ascending, and for each lexeme that scores (one not under
   * a NOT) where in its posting list each slot was found, so scoring reads counts without searching.
   * Dead and hidden slots are removed afterwards.
   */
  private matching(query: TsQuery): Matches {
    switch (query.kind) {
      case 'term': {
        const list = this.postings.get(query.lexeme);
        if (!list) return NO_MATCHES;
        const at = this.arena.ints(list.length);
        for (let i = 0; i < at.length; i++) at[i] = i;
        return { slots: list.view(), terms: new Map([[query.lexeme, at]]) };
      }
      case 'not':
        return {
          slots: difference(this.arena, this.allSlots(), this.matching(query.operand).slots).slots,
          terms: new Map(),
        };
      case 'and': {
        // `a & !b` is a difference; evaluating `!b` alone would list nearly every slot.
        const [kept, removed] =
          query.right.kind === 'not'
            ? [query.left, query.right.operand]
            : query.left.kind === 'not'
              ? [query.right, query.left.operand]
              : [null, null];
        if (kept && removed) {
          const left = this.matching(kept);
          const { slots, from } = difference(this.arena, left.slots, this.matching(removed).slots);
          return { slots, terms: mapTerms(this.arena, left.terms, from) };
        }
        const left = this.matching(query.left);
        const right = this.matching(query.right);
        const { slots, fromLeft, fromRight } = intersection(this.arena, left.slots, right.slots);
        return { slots, terms: joinTerms(this.arena, left.terms, fromLeft, right.terms, fromRight) };
      }
      case 'or': {
        const left = this.matching(query.left);
        const right = this.matching(query.right);
        const { slots, fromLeft, fromRight } = union(this.arena, left.slots, right.slots);
        return { slots, terms: joinTerms(this.arena, left.terms, fromLeft, right.terms, fromRight) };
      }
      case 'phrase':
        throw new Error('phrase queries need positions, which the ranking index does not keep');
    }
  }

  private allSlots(): Int32Array {
    const all = this.arena.ints(this.slotCount);
    for (let slot = 0; slot < this.slotCount; slot++) all[slot] = slot;
    return all;
  }

  private readable(found: Matches, includeHidden: boolean): Matches {
    const from = this.arena.ints(found.slots.length);
    let n = 0;
    for (let i = 0; i < found.slots.length; i++) {
      const slot = found.slots[i]!;
      if (this.slotAlive[slot] === 1 && (includeHidden || this.fileHidden[this.slotFile[slot]!] === 0))
        from[n++] = i;
    }
    const kept = from.subarray(0, n);
    const slots = this.arena.ints(n);
    for (let i = 0; i < n; i++) slots[i] = found.slots[kept[i]!]!;
    return { slots, terms: mapTerms(this.arena, found.terms, kept) };
  }

  // ------------------------------------------------------------------ scoring

  private addScores(list: Postings, slots: Int32Array, at: Int32Array, scores: Float64Array): void {
    const n = this.visiblePassages;
    const documentFrequency = this.visibleDocumentFrequency(list);
    const idf = Math.log(1 + (n - documentFrequency + 0.5) / (documentFrequency + 0.5));
    const averageLength = n > 0 && this.visibleLength > 0 ? this.visibleLength / n : 1;
    for (let c = 0; c < slots.length; c++) {
      const i = at[c]!;
      if (i < 0) continue;
      const tf = list.counts[i]!;
      const norm = K1 * (1 - B + (B * this.slotLength[slots[c]!]!) / averageLength);
      scores[c]! += (idf * tf * (K1 + 1)) / (tf + norm);
    }
  }

  /** Passages an analyst may read that hold the lexeme; counted again only after the index changes. */
  private visibleDocumentFrequency(list: Postings): number {
    if (list.countedAt !== this.version) {
      let count = 0;
      for (let i = 0; i < list.length; i++) {
        const slot = list.slots[i]!;
        count += this.slotAlive[slot]! & (this.fileHidden[this.slotFile[slot]!]! ^ 1);
      }
      list.visibleCount = count;
      list.countedAt = this.version;
    }
    return list.visibleCount;
  }

  private best(slots: Int32Array, scores: Float64Array, options: RankingOptions): RankedPassage[] {
    const { limit, after } = options;
    const top: RankedPassage[] = [];
    let worstScore = Number.NEGATIVE_INFINITY;
    let worstId = Number.POSITIVE_INFINITY;
    for (let c = 0; c < slots.length; c++) {
      const score = scores[c]!;
      // Most matches lose to the current last place: test that before anything else.
      if (
        top.length === limit &&
        (score < worstScore || (score === worstScore && this.slotIds[slots[c]!]! > worstId))
      )
        continue;
      const id = this.slotIds[slots[c]!]!;
      if (after && !ranksBefore(after.score, after.id, score, id)) continue;
      if (top.length === limit) top.pop();
      let place = top.length;
      while (place > 0 && ranksBefore(score, id, top[place - 1]!.score, top[place - 1]!.id)) place--;
      top.splice(place, 0, { id, score });
      if (top.length === limit) {
        worstScore = top[limit - 1]!.score;
        worstId = top[limit - 1]!.id;
      }
    }
    return top;
  }

  // ------------------------------------------------------------------ storage

  private fileNumber(fileId: string): number {
    let file = this.fileNumbers.get(fileId);
    if (file === undefined) {
      file = this.fileSlots.length;
      this.fileNumbers.set(fileId, file);
      this.fileSlots.push([]);
      if (file >= this.fileHidden.length) this.fileHidden = grow(this.fileHidden, file * 2);
    }
    return file;
  }

  private setHidden(file: number, hidden: boolean): void {
    const was = this.fileHidden[file] === 1;
    if (was === hidden) return;
    this.fileHidden[file] = hidden ? 1 : 0;
    const sign = hidden ? -1 : 1;
    for (const slot of this.fileSlots[file]!) {
      this.visiblePassages += sign;
      this.visibleLength += sign * this.slotLength[slot]!;
    }
  }

  private newSlot(id: number, file: number): number {
    if (this.slotCount === this.slotIds.length) {
      const size = this.slotCount * 2;
      this.slotIds = grow(this.slotIds, size);
      this.slotFile = grow(this.slotFile, size);
      this.slotLength = grow(this.slotLength, size);
      this.slotAlive = grow(this.slotAlive, size);
    }
    const slot = this.slotCount++;
    this.slotIds[slot] = id;
    this.slotFile[slot] = file;
    this.slotAlive[slot] = 1;
    return slot;
  }

  /** Renumbers the live slots from 0, in the same order, and drops the dead from every posting list. */
  private compact(): void {
    const renumbered = new Int32Array(this.slotCount).fill(-1);
    let next = 0;
    for (let slot = 0; slot < this.slotCount; slot++) {
      if (this.slotAlive[slot] === 1) {
        renumbered[slot] = next;
        this.slotIds[next] = this.slotIds[slot]!;
        this.slotFile[next] = this.slotFile[slot]!;
        this.slotLength[next] = this.slotLength[slot]!;
        this.slotAlive[next] = 1;
        next++;
      }
    }
    this.slotAlive.fill(0, next, this.slotCount);
    this.slotCount = next;
    this.deadSlots = 0;
    this.fileSlots = this.fileSlots.map((slots) => slots.map((slot) => renumbered[slot]!));
    const postings = new Map<string, Postings>();
    for (const [lexeme, list] of this.postings) {
      const kept = new Postings();
      for (let i = 0; i < list.length; i++) {
        const slot = renumbered[list.slots[i]!]!;
        if (slot >= 0) kept.push(slot, list.counts[i]!);
      }
      if (kept.length > 0) postings.set(lexeme, kept);
    }
    this.postings = postings;
  }
}

/** Whether (score a, id a) comes before (score b, id b): higher score first, then lower id. */
function ranksBefore(scoreA: number, idA: number, scoreB: number, idB: number): boolean {
  return scoreA > scoreB || (scoreA === scoreB && idA < idB);
}

/** A copy of the array at a larger size (typed arrays cannot grow in place). */
function grow<T extends Int32Array | Uint16Array | Uint8Array | Float64Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(size, 4));
  (bigger as Float64Array).set(array);
  return bigger;
}

/** Matching slots, ascending, and per scoring lexeme the index in its postings of each (-1: absent). */
interface Matches {
  slots: Int32Array;
  terms: Map<string, Int32Array>;
}

const NO_MATCHES: Matches = { slots: new Int32Array(0), terms: new Map() };

/** Each term's positions carried through a selection: out[c] = at[from[c]], -1 where from is -1. */
function mapTerms(arena: Arena, terms: Map<string, Int32Array>, from: Int32Array): Map<string, Int32Array> {
  const mapped = new Map<string, Int32Array>();
  for (const [lexeme, at] of terms) {
    const out = arena.ints(from.length);
    for (let c = 0; c < from.length; c++) {
      const i = from[c]!;
      out[c] = i < 0 ? -1 : at[i]!;
    }
    mapped.set(lexeme, out);
  }
  return mapped;
}

/** Both sides' terms on the joined slots; a lexeme on both sides keeps whichever found it. */
function joinTerms(
  arena: Arena,
  left: Map<string, Int32Array>,
  fromLeft: Int32Array,
  right: Map<string, Int32Array>,
  fromRight: Int32Array,
): Map<string, Int32Array> {
  const joined = mapTerms(arena, left, fromLeft);
  for (const [lexeme, at] of mapTerms(arena, right, fromRight)) {
    const mine = joined.get(lexeme);
    if (!mine) joined.set(lexeme, at);
    else for (let c = 0; c < at.length; c++) if (mine[c]! < 0) mine[c] = at[c]!;
  }
  return joined;
}

// The merges below advance by comparison results rather than branching on them: posting lists of
// common words interleave at random, and a mispredicted branch per step was most of their cost.

function intersection(arena: Arena, a: Int32Array, b: Int32Array) {
  const size = Math.min(a.length, b.length);
  const slots = arena.ints(size);
  const fromLeft = arena.ints(size);
  const fromRight = arena.ints(size);
  let n = 0;
  if (a.length * 8 < b.length || b.length * 8 < a.length) {
    // A rare word and a common one: look each of the few up among the many instead of walking both.
    const [short, long, fromShort, fromLong] =
      a.length < b.length ? [a, b, fromLeft, fromRight] : [b, a, fromRight, fromLeft];
    let j = 0;
    for (let i = 0; i < short.length && j < long.length; i++) {
      const x = short[i]!;
      j = firstAtLeast(long, j, x);
      slots[n] = x;
      fromShort[n] = i;
      fromLong[n] = j;
      n += +(j < long.length && long[j] === x);
    }
  } else {
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const x = a[i]!;
      const y = b[j]!;
      slots[n] = x;
      fromLeft[n] = i;
      fromRight[n] = j;
      n += +(x === y);
      i += +(x <= y);
      j += +(y <= x);
    }
  }
  return {
    slots: slots.subarray(0, n),
    fromLeft: fromLeft.subarray(0, n),
    fromRight: fromRight.subarray(0, n),
  };
}

/** The first index at or after `from` whose value is at least x: galloping, then binary search. */
function firstAtLeast(sorted: Int32Array, from: number, x: number): number {
  let low = from;
  let high = from;
  let step = 1;
  while (high < sorted.length && sorted[high]! < x) {
    low = high + 1;
    high += step;
    step *= 2;
  }
  high = Math.min(high, sorted.length);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < x) low = middle + 1;
    else high = middle;
  }
  return low;
}

function union(arena: Arena, a: Int32Array, b: Int32Array) {
  const size = a.length + b.length;
  const slots = arena.ints(size);
  const fromLeft = arena.ints(size);
  const fromRight = arena.ints(size);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i]! : 0x7fffffff;
    const y = j < b.length ? b[j]! : 0x7fffffff;
    const takeLeft = x <= y;
    const takeRight = y <= x;
    slots[n] = takeLeft ? x : y;
    fromLeft[n] = takeLeft ? i : -1;
    fromRight[n] = takeRight ? j : -1;
    n++;
    i += +takeLeft;
    j += +takeRight;
  }
  return {
    slots: slots.subarray(0, n),
    fromLeft: fromLeft.subarray(0, n),
    fromRight: fromRight.subarray(0, n),
  };
}

/** Slots of a not in b, and where each was in a. */
function difference(arena: Arena, a: Int32Array, b: Int32Array) {
  const slots = arena.ints(a.length);
  const from = arena.ints(a.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    while (j < b.length && b[j]! < x) j++;
    slots[n] = x;
    from[n] = i;
    n += +(j === b.length || b[j] !== x);
  }
  return { slots: slots.subarray(0, n), from: from.subarray(0, n) };
}
