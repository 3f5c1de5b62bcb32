/**
 * What the receipt of a gift just recorded at the desk prints that the gift itself does not carry
 * (the giver as typed, the day the money was taken, the voucher's number, who took it). The form
 * hands it to the receipt page in the history entry's state, so a reload still prints it; a reprint
 * opened later by its receipt number has none and prints what the gift says.
 */
export interface JustRecorded {
  receiptNo: string;
  /** The name as typed, or 匿名. */
  giver: string;
  /** 2026-12-01, Beijing. */
  receivedOn: string;
  reference: string;
  /** 经办人: the staff member who took it, and their region. */
  handler: string;
  handlerRegion: string;
  /** Masked, 138****1234; null when none was given. */
  phone: string | null;
}

const isText = (v: unknown): v is string => typeof v === 'string';

/** The state the form left for `receiptNo`, or null (another receipt's, or none: a reprint). */
export function justRecordedFrom(state: unknown, receiptNo: string): JustRecorded | null {
  const held = (state as { justRecorded?: Partial<JustRecorded> } | null)?.justRecorded;
  if (!held || held.receiptNo !== receiptNo) return null;
  const { giver, receivedOn, reference, handler, handlerRegion, phone } = held;
  if (!isText(giver) || !isText(receivedOn) || !isText(reference) || !isText(handler) || !isText(handlerRegion))
    return null;
  return { receiptNo, giver, receivedOn, reference, handler, handlerRegion, phone: isText(phone) ? phone : null };
}
