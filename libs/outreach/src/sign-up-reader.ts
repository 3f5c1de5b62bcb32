import { Principal, RegionScope } from '@shanchou/identity';
import { Subtree } from '@shanchou/regions';

/**
 * Who reads sign-ups (and the attendance and certificates that follow from them): staff, those
 * at events inside their scope; a volunteer, by the donor they signed in as, their own
 * (unscoped by region: a volunteer's own sign-ups, wherever the events were).
 */
export type SignUpReader = RegionScope | { readonly donorId: string };

/** The reader a request's caller is; none for an anonymous caller. */
export function signUpReaderOf(caller: Principal | null): SignUpReader | null {
  if (!caller) return null;
  return caller.kind === 'staff' ? RegionScope.of(caller) : { donorId: caller.donorId };
}

/** The columns of a row that follows from a sign-up: its event and its volunteer. */
export interface SignUpColumns {
  eventId: string;
  volunteerId: string;
}

/** The reader's rule as a condition for a query builder: `andWhere(...readableBy(reader, columns))`. */
export function readableBy(reader: SignUpReader, on: SignUpColumns): [string, Record<string, string>] {
  if ('donorId' in reader) {
    return [
      `${on.volunteerId} IN (SELECT rv.id FROM volunteer rv WHERE rv.donor_id = :readerDonorId)`,
      { readerDonorId: reader.donorId },
    ];
  }
  const [inScope, params] = Subtree.of(reader, 'reader').regionIn('re.region_id');
  return [`${on.eventId} IN (SELECT re.id FROM outreach_event re WHERE ${inScope})`, params];
}

/** The same condition for raw SQL: appends its values to `params`. */
export function readableByRaw(reader: SignUpReader, on: SignUpColumns, params: unknown[]): string {
  if ('donorId' in reader) {
    params.push(reader.donorId);
    return `${on.volunteerId} IN (SELECT rv.id FROM volunteer rv WHERE rv.donor_id = $${params.length})`;
  }
  const inScope = Subtree.of(reader).regionInRaw('re.region_id', params);
  return `${on.eventId} IN (SELECT re.id FROM outreach_event re WHERE ${inScope})`;
}
