/** What a stored file is for: this decides who may read it (issue 17 item 8). */
export enum FilePurpose {
  /** A campaign's cover, gallery or progress-update photo: public, cached for good. */
  CAMPAIGN_IMAGE = 'campaign-image',
  /** A fund request's budget, invoice or receipt (附件): staff in scope. */
  ATTACHMENT = 'attachment',
  /** A photo taken at a delivery to a household: staff in scope. */
  DELIVERY_PHOTO = 'delivery-photo',
  /** A 公益事业捐赠票据 issued to a donor: staff in scope and that donor. */
  OFFICIAL_RECEIPT = 'official-receipt',
  /** A photo of an outreach event's outcome (活动记录), shown on the public event page: public, cached for good. */
  EVENT_PHOTO = 'event-photo',
}

export const FILE_PURPOSES: readonly FilePurpose[] = Object.values(FilePurpose);

/**
 * What the public pages show (a campaign's images, an event's photos); everything else is served
 * through a URL that checks the caller.
 */
export const PUBLIC_PURPOSES: readonly FilePurpose[] = [FilePurpose.CAMPAIGN_IMAGE, FilePurpose.EVENT_PHOTO];

export function isPublicPurpose(purpose: FilePurpose): boolean {
  return PUBLIC_PURPOSES.includes(purpose);
}

/** Documents (PDF, OFD) are accepted only for these; everything may be an image. */
export const DOCUMENT_PURPOSES: readonly FilePurpose[] = [FilePurpose.ATTACHMENT, FilePurpose.OFFICIAL_RECEIPT];

export function parsePurpose(value: string | undefined): FilePurpose | undefined {
  if (value === undefined || value === '') return FilePurpose.CAMPAIGN_IMAGE;
  return FILE_PURPOSES.find((p) => (p as string) === value);
}
