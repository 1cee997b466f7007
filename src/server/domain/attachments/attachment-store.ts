import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile, open } from 'node:fs/promises';
import path from 'node:path';

export interface NewAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  contentId?: string | undefined;
  inline?: boolean | undefined;
}

export interface StoredAttachment {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  storage: 'disk' | 'db';
  data: Uint8Array | null;
  contentId: string | null;
  inline: boolean;
}

/**
 * Attachments live on disk under the data dir, content-addressed by SHA-256 (identical files are stored once),
 * or inside the database. Files are written and fsynced before the transaction that references them commits,
 * so a committed message never points at a missing file.
 */
export class AttachmentStore {
  constructor(
    private readonly root: string,
    readonly mode: 'disk' | 'db',
  ) {}

  private pathFor(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(file: NewAttachment): Promise<StoredAttachment> {
    const sha256 = createHash('sha256').update(file.content).digest('hex');
    const base = {
      filename: safeFilename(file.filename),
      contentType: file.contentType || 'application/octet-stream',
      size: file.content.length,
      sha256,
      contentId: file.contentId ?? null,
      inline: file.inline ?? false,
    };
    if (this.mode === 'db') return { ...base, storage: 'db', data: new Uint8Array(file.content) };
    const target = this.pathFor(sha256);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, file.content);
    const handle = await open(temp, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    return { ...base, storage: 'disk', data: null };
  }

  async read(row: { storage: 'disk' | 'db'; sha256: string; data: Uint8Array | null }): Promise<Buffer> {
    if (row.storage === 'db') return Buffer.from(row.data ?? new Uint8Array());
    return readFile(this.pathFor(row.sha256));
  }
}

export function safeFilename(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = path.basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (cleaned === '' || cleaned === '.' || cleaned === '..' ? 'attachment' : cleaned).slice(0, 255);
}
