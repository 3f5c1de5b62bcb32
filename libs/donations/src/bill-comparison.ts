import { businessDateOf } from './business-day';
import { DonationStatus } from './donation-status';
import { ReconciliationDifferenceKind as Kind } from './reconciliation-status';
import { refundNoOf } from './refund-no';
import { TradeBillRow } from './trade-bill';

/** What reconciliation needs of one of our donations. */
export interface OurDonation {
  receiptNo: string;
  transactionId: string | null;
  amountFen: number;
  status: DonationStatus;
  paidAt: Date | null;
  /** When the refund settled (success_time). */
  refundedAt: Date | null;
  /** The out_refund_no that refunded it (R<receipt> unless a closed refund needed another). */
  refundNo: string | null;
  /** When WeChat accepted that refund (create_time): the day the bill dates the refund by. */
  refundAcceptedAt: Date | null;
}

/** The day a refund is on in WeChat's bill: when WeChat accepted it, not when it settled. */
export const refundDayOf = (d: OurDonation): Date | null => d.refundAcceptedAt ?? d.refundedAt;
const refundNoIn = (d: OurDonation): string => d.refundNo ?? refundNoOf(d.receiptNo);

export interface Difference {
  kind: Kind;
  outTradeNo: string;
  outRefundNo: string | null;
  transactionId: string | null;
  ourAmountFen: number | null;
  billAmountFen: number | null;
  note: string;
}

export interface SideTotals {
  paymentCount: number;
  paymentFen: number;
  refundCount: number;
  refundFen: number;
}

export interface DayComparison {
  ours: SideTotals;
  bill: SideTotals;
  differences: Difference[];
}

/** Statuses of a donation that was paid (and may since be refunding or refunded). */
const WAS_PAID = new Set([DonationStatus.PAID, DonationStatus.REFUNDING, DonationStatus.REFUNDED]);

/**
 * Compares one business day line by line: our payments (paid that day) and refunds (accepted by
 * WeChat that day, as its bill dates them, whenever they settled) against the bill's SUCCESS and
 * REFUND rows. `known` holds our donations for every receipt
 * number the bill names, whatever day, so a row we cannot match is explained, not just listed.
 */
export function compareDay(input: {
  bounds: { from: Date; to: Date };
  ours: OurDonation[];
  known: ReadonlyMap<string, OurDonation>;
  bill: TradeBillRow[];
}): DayComparison {
  const within = (at: Date | null) => at !== null && at >= input.bounds.from && at < input.bounds.to;
  const payments = new Map(
    input.ours.filter((d) => WAS_PAID.has(d.status) && within(d.paidAt)).map((d) => [d.receiptNo, d]),
  );
  const refunds = new Map(
    input.ours
      .filter((d) => d.status === DonationStatus.REFUNDED && within(refundDayOf(d)))
      .map((d) => [refundNoIn(d), d]),
  );
  const differences: Difference[] = [];
  const matchedPayments = new Set<string>();
  const matchedRefunds = new Set<string>();
  const differ = (kind: Kind, row: TradeBillRow, ours: OurDonation | undefined, billAmountFen: number, note: string) =>
    differences.push({
      kind,
      outTradeNo: row.outTradeNo,
      outRefundNo: row.outRefundNo,
      transactionId: row.transactionId || ours?.transactionId || null,
      ourAmountFen: ours?.amountFen ?? null,
      billAmountFen,
      note,
    });

  for (const row of input.bill) {
    const known = input.known.get(row.outTradeNo);
    if (row.tradeState === 'REFUND') {
      const key = row.outRefundNo ?? '';
      const ours = refunds.get(key);
      if (ours && !matchedRefunds.has(key)) {
        matchedRefunds.add(key);
        if (ours.amountFen !== row.appliedRefundFen)
          differ(Kind.AMOUNT_MISMATCH, row, ours, row.appliedRefundFen, 'the refund amounts differ');
      } else if (ours) {
        differ(Kind.MISSING_HERE, row, ours, row.appliedRefundFen, 'a second row for this refund in the bill');
      } else if (!known) {
        differ(Kind.MISSING_HERE, row, undefined, row.appliedRefundFen, 'a refund of an order we have no record of');
      } else if (known.status !== DonationStatus.REFUNDED) {
        differ(Kind.STATUS_MISMATCH, row, known, row.appliedRefundFen, `refunded at WeChat Pay; here ${known.status}`);
      } else if (key !== refundNoIn(known)) {
        differ(
          Kind.MISSING_HERE,
          row,
          known,
          row.appliedRefundFen,
          `a refund numbered ${key}, not the one that refunded it`,
        );
      } else {
        differ(Kind.MISSING_HERE, row, known, row.appliedRefundFen, `here refunded on ${dayOf(refundDayOf(known))}`);
      }
      continue;
    }
    const ours = payments.get(row.outTradeNo);
    if (row.tradeState !== 'SUCCESS') {
      differ(Kind.STATUS_MISMATCH, row, ours ?? known, row.orderFen, `the bill says ${row.tradeState}`);
      if (ours) matchedPayments.add(row.outTradeNo);
    } else if (ours && !matchedPayments.has(row.outTradeNo)) {
      matchedPayments.add(row.outTradeNo);
      if (ours.amountFen !== row.orderFen)
        differ(Kind.AMOUNT_MISMATCH, row, ours, row.orderFen, 'the paid amounts differ');
    } else if (ours) {
      differ(Kind.MISSING_HERE, row, ours, row.orderFen, 'a second payment row for this order in the bill');
    } else if (!known) {
      differ(Kind.MISSING_HERE, row, undefined, row.orderFen, 'a payment we have no record of');
    } else if (!WAS_PAID.has(known.status)) {
      differ(Kind.STATUS_MISMATCH, row, known, row.orderFen, `paid at WeChat Pay; here ${known.status}`);
    } else {
      differ(Kind.MISSING_HERE, row, known, row.orderFen, `here paid on ${dayOf(known.paidAt)}`);
    }
  }

  for (const [receiptNo, ours] of payments) {
    if (matchedPayments.has(receiptNo)) continue;
    differences.push({
      kind: Kind.MISSING_AT_WECHAT,
      outTradeNo: receiptNo,
      outRefundNo: null,
      transactionId: ours.transactionId,
      ourAmountFen: ours.amountFen,
      billAmountFen: null,
      note: 'paid here that day; not in the bill',
    });
  }
  for (const [refundNo, ours] of refunds) {
    if (matchedRefunds.has(refundNo)) continue;
    differences.push({
      kind: Kind.MISSING_AT_WECHAT,
      outTradeNo: ours.receiptNo,
      outRefundNo: refundNo,
      transactionId: ours.transactionId,
      ourAmountFen: ours.amountFen,
      billAmountFen: null,
      note: 'refunded here that day; not in the bill',
    });
  }

  const billRefunds = input.bill.filter((r) => r.tradeState === 'REFUND');
  const billPayments = input.bill.filter((r) => r.tradeState !== 'REFUND');
  return {
    ours: {
      paymentCount: payments.size,
      paymentFen: sum([...payments.values()].map((d) => d.amountFen)),
      refundCount: refunds.size,
      refundFen: sum([...refunds.values()].map((d) => d.amountFen)),
    },
    bill: {
      paymentCount: billPayments.length,
      paymentFen: sum(billPayments.map((r) => r.orderFen)),
      refundCount: billRefunds.length,
      refundFen: sum(billRefunds.map((r) => r.appliedRefundFen)),
    },
    differences: differences.sort(
      (a, b) => a.outTradeNo.localeCompare(b.outTradeNo) || (a.outRefundNo ?? '').localeCompare(b.outRefundNo ?? ''),
    ),
  };
}

const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
const dayOf = (at: Date | null) => (at ? businessDateOf(at) : 'no date');
