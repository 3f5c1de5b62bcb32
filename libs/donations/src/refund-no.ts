/** The out_refund_no refundDonation sends for a donation: fixed, so a retry never refunds twice. */
export const refundNoOf = (receiptNo: string): string => `R${receiptNo}`;
