import { Injectable } from '@nestjs/common';
import { InputError } from '@shanchou/core';
import { FilePurpose, FilesService } from '@shanchou/files';
import { RegionScope } from '@shanchou/identity';

/** The most files one gate takes. */
export const MAX_ATTACHMENTS = 20;

/**
 * The files a gate attaches (libs/files): each uploaded through POST /files by staff whose scope
 * the caller's covers, of a purpose the gate accepts; BAD_USER_INPUT naming the id otherwise.
 */
@Injectable()
export class FundAttachments {
  constructor(private readonly files: FilesService) {}

  async require(
    scope: RegionScope,
    ids: readonly string[] | null | undefined,
    purposes: readonly FilePurpose[],
    field: string,
  ): Promise<string[]> {
    const unique = [...new Set(ids ?? [])];
    if (unique.length > MAX_ATTACHMENTS) throw new InputError(field, `附件最多 ${MAX_ATTACHMENTS} 个`);
    if (!unique.length) return [];
    return (await this.files.requireFiles(scope, unique, purposes, field)).map((f) => f.id);
  }
}
