import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, open, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Files live under STORAGE_DIR by content address (sha256/ab/cd/<hash>), so the same bytes are stored
 * once and a file's name, whatever a commenter called it, never touches the file system.
 *
 * Durability: an upload streams into tmp/, is hashed on the way, fsynced, then linked into place and its
 * directory fsynced, all before the database row commits. A rejected or aborted upload only ever
 * leaves a temp file, which `discard` removes.
 */
export interface StagedFile {
  tempPath: string;
  sha256: string;
  sizeBytes: number;
  /** The first bytes, for deciding the type by content. */
  head: Buffer;
  /** Whether the whole content decoded as UTF-8 without NUL bytes (a plain-text candidate). */
  isUtf8Text: boolean;
}

export class SizeLimitExceeded extends Error {}

const HEAD_BYTES = 4100;

export class ContentStore {
  constructor(readonly root: string) {}

  private tempDir = () => path.join(this.root, 'tmp');

  pathFor(sha256: string): string {
    return path.join(this.root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async init(): Promise<void> {
    await mkdir(this.tempDir(), { recursive: true });
  }

  /** Streams `source` into a temp file, hashing as it goes; never holds the whole file in memory. */
  async stage(source: Readable, maxBytes: number): Promise<StagedFile> {
    const tempPath = path.join(this.tempDir(), `${randomUUID()}.part`);
    const hash = createHash('sha256');
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let sizeBytes = 0;
    let isUtf8Text = true;
    const headChunks: Buffer[] = [];
    let headLength = 0;
    const inspect = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sizeBytes += chunk.length;
        if (sizeBytes > maxBytes) return done(new SizeLimitExceeded());
        hash.update(chunk);
        if (headLength < HEAD_BYTES) {
          headChunks.push(chunk.subarray(0, HEAD_BYTES - headLength));
          headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
        }
        if (isUtf8Text) {
          try {
            decoder.decode(chunk, { stream: true });
            if (chunk.includes(0)) isUtf8Text = false;
          } catch {
            isUtf8Text = false;
          }
        }
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, inspect, createWriteStream(tempPath, { flags: 'wx' }));
      if (isUtf8Text) {
        try {
          decoder.decode();
        } catch {
          isUtf8Text = false;
        }
      }
      await fsyncPath(tempPath);
    } catch (error) {
      await unlink(tempPath).catch(() => {});
      throw error;
    }
    return { tempPath, sha256: hash.digest('hex'), sizeBytes, head: Buffer.concat(headChunks), isUtf8Text };
  }

  /**
   * Moves a staged file to its content address. Returns whether this call created the stored copy,
   * so a caller whose transaction then fails can take back only what it added.
   */
  async commit(staged: StagedFile): Promise<{ created: boolean }> {
    const target = this.pathFor(staged.sha256);
    const dir = path.dirname(target);
    await mkdir(dir, { recursive: true });
    let created = true;
    try {
      // link, not rename: it fails if the content is already stored, so an existing copy is never replaced.
      await link(staged.tempPath, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      created = false;
    }
    await unlink(staged.tempPath);
    if (created) await fsyncPath(dir);
    return { created };
  }

  async discard(staged: StagedFile): Promise<void> {
    await unlink(staged.tempPath).catch(() => {});
  }

  /** Removes a stored copy that no row refers to (a transaction that failed after commit). */
  async remove(sha256: string): Promise<void> {
    await unlink(this.pathFor(sha256)).catch(() => {});
  }

  async exists(sha256: string): Promise<boolean> {
    return stat(this.pathFor(sha256)).then(
      () => true,
      () => false,
    );
  }
}

async function fsyncPath(p: string): Promise<void> {
  const handle = await open(p, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
