import { GraphqlContext, indexBy } from '@shanchou/core';
import DataLoader from 'dataloader';
import { FilesService, StoredFile } from './files.service';

/**
 * The public files (campaign images, event photos) behind ids, in their order, one query per
 * request however many campaigns, updates and events of a list ask; ids of files that are not
 * public are left out.
 */
export async function publicFiles(
  ctx: GraphqlContext,
  files: FilesService,
  ids: readonly string[],
): Promise<StoredFile[]> {
  const loader = ctx.loaders.get(
    'files.public',
    () =>
      new DataLoader<string, StoredFile | null>(async (keys) =>
        indexBy(keys, await files.publicByIds(keys), (f) => f.id),
      ),
  );
  const found = await loader.loadMany(ids);
  return found.filter((f): f is StoredFile => !!f && !(f instanceof Error));
}
