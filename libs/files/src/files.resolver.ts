import { Args, Query, Resolver } from '@nestjs/graphql';
import { Allow, ANY_STAFF, CurrentStaff, RegionScope, StaffPrincipal } from '@shanchou/identity';
import { StoredFileObject, StoredFilesArgs } from './dto/stored-file.object';
import { FilesService } from './files.service';

@Resolver(() => StoredFileObject)
export class FilesResolver {
  constructor(private readonly service: FilesService) {}

  @Allow({ staff: ANY_STAFF })
  @Query(() => [StoredFileObject], {
    description:
      'Files by id (a fund request’s attachmentIds, say), with addresses the console can show: those in the caller’s scope, in the order asked; others are left out',
  })
  async files(@Args() { ids }: StoredFilesArgs, @CurrentStaff() me: StaffPrincipal): Promise<StoredFileObject[]> {
    const found = await this.service.inScope(RegionScope.of(me), ids);
    return found.map((f) => StoredFileObject.from(f, this.service.signedUrlOf(f)));
  }
}
