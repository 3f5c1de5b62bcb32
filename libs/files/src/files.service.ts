import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, InputError } from '@shanchou/core';
import { derivedSecret, Principal, RegionScope, StaffPrincipal } from '@shanchou/identity';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { FileTickets } from './file-tickets';
import { DOCUMENT_PURPOSES, FilePurpose, isPublicPurpose } from './file-purpose';
import { FILE_STORE, FileStore, objectKey } from './file-store';
import { CONTENT_TYPES, describeUnknown, detectKind, EXTENSIONS, isImage } from './file-type';
import { MAX_IMAGE_SIDE, processImage } from './image-processing';
import { StoredFileEntity } from './stored-file.entity';
import { StoredFileRepository } from './stored-file.repository';

/** A stored file as other modules see it. */
export type StoredFile = StoredFileEntity;

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
/** The most a request body may carry: the larger of the two limits (a little over, for the form). */
export const MAX_UPLOAD_BYTES = Math.max(MAX_IMAGE_BYTES, MAX_DOCUMENT_BYTES);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MB = 1024 * 1024;

/**
 * Uploaded files: checked by their bytes, images cleaned (upright, resized, no EXIF/GPS), stored
 * once by their sha256, and read back by whoever the purpose lets read them.
 */
@Injectable()
export class FilesService {
  private readonly tickets: FileTickets;

  constructor(
    private readonly files: StoredFileRepository,
    @Inject(FILE_STORE) private readonly objects: FileStore,
    config: AppConfig,
  ) {
    this.tickets = new FileTickets(derivedSecret(config, 'files/private'));
  }

  /**
   * Stores an upload for a purpose, in the uploader's region. BAD_USER_INPUT (field `file`)
   * naming the problem for a type that purpose does not take, a file too large, or an image that
   * does not decode.
   */
  async store(actor: StaffPrincipal, input: Buffer, purpose: FilePurpose): Promise<StoredFile> {
    const kind = detectKind(input);
    const documentsAllowed = DOCUMENT_PURPOSES.includes(purpose);
    if (!kind) {
      throw new InputError(
        'file',
        `文件类型不支持：只接受 JPEG、PNG、WebP 图片${documentsAllowed ? '，以及 PDF、OFD 文件' : ''}（按文件内容判断，收到的是${describeUnknown(input)}）`,
      );
    }
    if (!isImage(kind) && !documentsAllowed) {
      throw new InputError(
        'file',
        `文件类型不支持：用途 ${purpose} 只接受 JPEG、PNG、WebP 图片；PDF、OFD 只能作为附件（attachment）或捐赠票据（official-receipt）上传`,
      );
    }
    const limit = isImage(kind) ? MAX_IMAGE_BYTES : MAX_DOCUMENT_BYTES;
    if (input.length > limit) {
      throw new InputError(
        'file',
        `文件过大：${isImage(kind) ? '图片' : 'PDF、OFD 文件'}最大 ${limit / MB} MB，收到 ${(input.length / MB).toFixed(1)} MB`,
      );
    }
    let bytes = input;
    let width: number | null = null;
    let height: number | null = null;
    if (isImage(kind)) {
      try {
        ({ bytes, width, height } = await processImage(input, kind));
      } catch {
        throw new InputError('file', `图片无法读取：文件已损坏，或不是完整的 ${kind.toUpperCase()} 图片`);
      }
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const ext = EXTENSIONS[kind];
    const contentType = CONTENT_TYPES[kind];
    const key = objectKey(sha256, ext);
    // Content-addressed: the same bytes are one object, however often and by whomever sent.
    if (!(await this.objects.has(key))) await this.objects.put(key, bytes, contentType);
    const region = { regionId: actor.regionId, regionCode: actor.regionPath.split('/').pop() ?? actor.regionPath };
    const again = await this.files.same({ sha256, purpose, regionId: region.regionId });
    if (again && again.ownerDonorId === null) return again;
    return this.files.insert({
      sha256,
      purpose,
      contentType,
      ext,
      bytes: bytes.length,
      width,
      height,
      ...region,
      uploadedBy: actor.staffId,
      ownerDonorId: null,
    });
  }

  /**
   * The files behind ids a client sent (`input.imageIds`), in their order: BAD_USER_INPUT naming
   * `field` (`field[i]` when several ids were sent) for an id that is malformed, unknown, outside
   * the scope or stored for another purpose. Inside a transaction, pass its manager.
   */
  async requireFiles(
    scope: RegionScope,
    ids: readonly string[],
    purposes: readonly FilePurpose[],
    field: string,
    tx?: EntityManager,
  ): Promise<StoredFile[]> {
    const at = (i: number) => (ids.length === 1 ? field : `${field}[${i}]`);
    ids.forEach((id, i) => {
      if (!UUID.test(id)) throw new InputError(at(i), `不是文件编号：${id}`);
    });
    const found = new Map((await this.files.inScope(scope, [...new Set(ids)], tx)).map((f) => [f.id, f]));
    return ids.map((id, i) => {
      const file = found.get(id);
      if (!file) throw new InputError(at(i), `没有找到文件 ${id}（先通过 POST /files 上传）`);
      if (!purposes.includes(file.purpose)) {
        throw new InputError(at(i), `文件 ${id} 的用途是 ${file.purpose}，这里只接受 ${purposes.join('、')}`);
      }
      return file;
    });
  }

  /** The files among `ids` the scope holds, in the order of `ids`; the others are left out. */
  async inScope(scope: RegionScope, ids: readonly string[]): Promise<StoredFile[]> {
    const found = new Map((await this.files.inScope(scope, [...new Set(ids)])).map((f) => [f.id, f]));
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  /** Public files (campaign images, event photos) by id; others are left out. For loaders. */
  publicByIds(ids: readonly string[]): Promise<StoredFile[]> {
    return this.files.publicByIds(ids);
  }

  /**
   * Where a file is read: `/files/<sha256>.<ext>` for a public one (cached for good);
   * `/files/private/<id>` for a private one, which wants the caller's bearer token.
   */
  urlOf(file: Pick<StoredFile, 'id' | 'sha256' | 'ext' | 'purpose'>): string {
    return isPublicPurpose(file.purpose) ? `/files/${file.sha256}.${file.ext}` : `/files/private/${file.id}`;
  }

  /**
   * A private file's address that works without a header for TICKET_SECONDS (for <img> and
   * download links): hand it only to a caller who may read the file. Public files: urlOf.
   */
  signedUrlOf(file: Pick<StoredFile, 'id' | 'sha256' | 'ext' | 'purpose'>, now = Date.now()): string {
    if (isPublicPurpose(file.purpose)) return this.urlOf(file);
    return `/files/private/${file.id}?ticket=${this.tickets.mint(file.id, now)}`;
  }

  /** Makes a private file the donor's too (an official receipt issued to them), in the caller's transaction. */
  async assignOwner(tx: EntityManager, fileId: string, donorId: string | null): Promise<void> {
    await this.files.setOwner(tx, fileId, donorId);
  }

  /** A public file's row and bytes, by its address; null for anything else. */
  async readPublic(sha256: string, ext: string): Promise<{ file: StoredFile; bytes: Buffer } | null> {
    const file = await this.files.publicByContent(sha256, ext);
    return file && this.withBytes(file);
  }

  /**
   * A private file for a caller: staff whose scope covers its region, the donor it belongs to, or
   * anyone with a valid ticket. Null otherwise, whether or not it exists.
   */
  async readPrivate(
    principal: Principal | null,
    id: string,
    ticket?: string,
  ): Promise<{ file: StoredFile; bytes: Buffer } | null> {
    if (!UUID.test(id)) return null;
    let file: StoredFile | null = null;
    if (ticket && this.tickets.verify(id, ticket)) file = await this.files.byId(id);
    else if (principal?.kind === 'staff') file = await this.files.oneInScope(RegionScope.of(principal), id);
    else if (principal?.kind === 'donor') file = await this.files.ownedBy(principal.donorId, id);
    if (!file || isPublicPurpose(file.purpose)) return null;
    return this.withBytes(file);
  }

  get maxImageSide(): number {
    return MAX_IMAGE_SIDE;
  }

  private async withBytes(file: StoredFile): Promise<{ file: StoredFile; bytes: Buffer } | null> {
    const bytes = await this.objects.get(objectKey(file.sha256, file.ext));
    return bytes && { file, bytes };
  }
}
