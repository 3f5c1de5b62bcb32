/** Where the bytes of stored files live: a directory (embedded, one server) or S3-compatible storage. */
export interface FileStore {
  /** Stores the object under its key; storing the same key again is harmless (content-addressed). */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The object's bytes, or null when there is none under the key. */
  get(key: string): Promise<Buffer | null>;
  has(key: string): Promise<boolean>;
  /** For the health of a deployment: where the store points, without secrets. */
  describe(): string;
}

export const FILE_STORE = Symbol('FILE_STORE');

/** The object key of a stored file: `ab/<sha256>.<ext>`, two hex digits of fan-out. */
export function objectKey(sha256: string, ext: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256) || !/^[a-z0-9]{2,5}$/.test(ext)) throw new Error('not a file key');
  return `${sha256.slice(0, 2)}/${sha256}.${ext}`;
}
