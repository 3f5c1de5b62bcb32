import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { DomainError, ErrorCode, ForbiddenError, InputError, UnauthenticatedError } from '@shanchou/core';
import { AuthenticatedRequest, CurrentPrincipal, Principal, Public, Role } from '@shanchou/identity';
import type { FastifyReply } from 'fastify';
import { FILE_PURPOSES, parsePurpose } from './file-purpose';
import { FilesService, MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES, MAX_UPLOAD_BYTES, StoredFile } from './files.service';

const PUBLIC_NAME = /^([0-9a-f]{64})\.(jpg|png|webp)$/;
const MB = 1024 * 1024;

export interface UploadAnswer {
  id: string;
  /** Public files: their lasting address. Private ones: the address that wants a bearer token. */
  url: string;
  /** Private files only: an address an <img> can use for a few minutes (no header needed). */
  signedUrl?: string;
  width: number | null;
  height: number | null;
  contentType: string;
  bytes: number;
  sha256: string;
  purpose: string;
}

function notFound(): DomainError {
  // The same answer whether the file is missing or not the caller's: existence is not revealed.
  return new DomainError(ErrorCode.NOT_FOUND, '没有找到该文件：文件不存在，或你无权查看');
}

/** Limits of the multipart form (one file; purpose); the larger of the two size limits, so a PDF can be named. */
const FORM_LIMITS = { files: 1, fileSize: MAX_UPLOAD_BYTES, fields: 4, fieldSize: 200, parts: 5, headerPairs: 50 };

/**
 * POST /files — multipart `file` and `purpose` (staff); GET /files/<sha256>.<ext> — public
 * (campaign images, cached for good); GET /files/private/<id> — private files, with the caller's
 * bearer token or a signed ticket (`?ticket=`, from signedUrlOf). Access is decided here, with
 * answers in Chinese, so the routes are @Public to the guard (which still reads the token).
 */
@Controller('files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Public()
  @Post()
  @HttpCode(201)
  async upload(
    @Req() request: AuthenticatedRequest,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<UploadAnswer> {
    if (!principal)
      throw new UnauthenticatedError('请先登录：上传文件需要工作人员的登录令牌（Authorization: Bearer …）');
    if (principal.kind !== 'staff') throw new ForbiddenError('只有工作人员可以上传文件');
    if (principal.role === Role.AUDITOR) throw new ForbiddenError('审计员只能查看，不能上传文件');
    if (!request.isMultipart()) {
      throw new InputError('file', '请以 multipart/form-data 上传：字段 file 为文件，purpose 为用途');
    }
    const form = await readForm(request);
    const purpose = parsePurpose(form.purpose);
    if (!purpose) {
      throw new InputError(
        'purpose',
        `用途不支持：${form.purpose}；可选 ${FILE_PURPOSES.join('、')}（默认 campaign-image）`,
      );
    }
    if (!form.file) throw new InputError('file', '没有收到文件：请在 multipart 字段 file 中附上文件');
    const stored = await this.files.store(principal, form.file, purpose);
    return this.answer(stored);
  }

  @Public()
  @Get('private/:id')
  async privateFile(
    @Param('id') id: string,
    @Query('ticket') ticket: string | undefined,
    @CurrentPrincipal() principal: Principal | null,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const found = await this.files.readPrivate(principal, id, typeof ticket === 'string' ? ticket : undefined);
    if (!found) throw notFound();
    // Never in a shared cache; a ticket's own address may stay in the browser's for its lifetime.
    send(reply, found.file, found.bytes, ticket ? 'private, max-age=600' : 'private, no-store');
  }

  @Public()
  @Get(':name')
  async publicFile(@Param('name') name: string, @Res() reply: FastifyReply): Promise<void> {
    const match = PUBLIC_NAME.exec(name);
    const found = match && (await this.files.readPublic(match[1], match[2]));
    if (!found) throw notFound();
    send(reply, found.file, found.bytes, 'public, max-age=31536000, immutable');
  }

  private answer(file: StoredFile): UploadAnswer {
    const url = this.files.urlOf(file);
    const signedUrl = this.files.signedUrlOf(file);
    return {
      id: file.id,
      url,
      ...(signedUrl !== url ? { signedUrl } : {}),
      width: file.width,
      height: file.height,
      contentType: file.contentType,
      bytes: file.bytes,
      sha256: file.sha256,
      purpose: file.purpose,
    };
  }
}

function send(reply: FastifyReply, file: StoredFile, bytes: Buffer, cacheControl: string): void {
  void reply
    .header('content-type', file.contentType)
    .header('cache-control', cacheControl)
    .header('x-content-type-options', 'nosniff')
    .header('etag', `"${file.sha256}"`)
    .header(
      'content-disposition',
      `${file.ext === 'ofd' ? 'attachment' : 'inline'}; filename="${file.sha256.slice(0, 16)}.${file.ext}"`,
    )
    .send(bytes);
}

/** The form's file (buffered, at most MAX_UPLOAD_BYTES) and purpose, whichever comes first. */
async function readForm(request: AuthenticatedRequest): Promise<{ file?: Buffer; purpose?: string }> {
  const form: { file?: Buffer; purpose?: string } = {};
  try {
    for await (const part of request.parts({ limits: FORM_LIMITS })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw new InputError('file', `文件应放在 multipart 字段 file 中，收到的字段是 ${part.fieldname}`);
        }
        form.file = await part.toBuffer();
      } else if (part.fieldname === 'purpose') {
        form.purpose = typeof part.value === 'string' ? part.value.trim() : String(part.value);
      }
    }
  } catch (err) {
    throw formError(err);
  }
  return form;
}

function formError(err: unknown): unknown {
  if (err instanceof DomainError) return err;
  const code = (err as { code?: unknown }).code;
  switch (typeof code === 'string' ? code : '') {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new InputError(
        'file',
        `文件过大：图片最大 ${MAX_IMAGE_BYTES / MB} MB，PDF、OFD 文件最大 ${MAX_DOCUMENT_BYTES / MB} MB`,
      );
    case 'FST_FILES_LIMIT':
      return new InputError('file', '一次只能上传一个文件');
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new InputError('file', '表单内容过多：只需要字段 file 和 purpose');
    case 'FST_PROTO_VIOLATION':
    case 'FST_MP_PREMATURE_CLOSE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new InputError('file', '上传的表单不完整或格式不对：请以 multipart/form-data 重新上传');
    default:
      return err;
  }
}
