import { compareDay, OurDonation } from './bill-comparison';
import { businessDayBounds } from './business-day';
import { DonationStatus } from './donation-status';
import { ReconciliationDifferenceKind as Kind } from './reconciliation-status';
import { TradeBillRow } from './trade-bill';

const DAY = '2026-11-28';
const bounds = businessDayBounds(DAY);
const at = (time: string) => new Date(`${time}+08:00`);

function donation(receiptNo: string, amountFen: number, extra: Partial<OurDonation> = {}): OurDonation {
  return {
    receiptNo,
    transactionId: `4200${receiptNo}`,
    amountFen,
    status: DonationStatus.PAID,
    paidAt: at(`${DAY}T10:00:00`),
    refundedAt: null,
    refundNo: null,
    refundAcceptedAt: null,
    ...extra,
  };
}

function payment(d: Pick<OurDonation, 'receiptNo' | 'amountFen'>, extra: Partial<TradeBillRow> = {}): TradeBillRow {
  return {
    line: 2,
    tradeTime: `${DAY} 10:00:00`,
    transactionId: `4200${d.receiptNo}`,
    outTradeNo: d.receiptNo,
    tradeState: 'SUCCESS',
    orderFen: d.amountFen,
    settlementFen: d.amountFen,
    refundId: null,
    outRefundNo: null,
    refundFen: 0,
    appliedRefundFen: 0,
    ...extra,
  };
}

function refund(d: Pick<OurDonation, 'receiptNo' | 'amountFen'>, extra: Partial<TradeBillRow> = {}): TradeBillRow {
  return payment(d, {
    tradeState: 'REFUND',
    orderFen: 0,
    settlementFen: 0,
    refundId: `5030${d.receiptNo}`,
    outRefundNo: `R${d.receiptNo}`,
    refundFen: d.amountFen,
    appliedRefundFen: d.amountFen,
    ...extra,
  });
}

function compare(ours: OurDonation[], bill: TradeBillRow[], elsewhere: OurDonation[] = []) {
  const known = new Map([...ours, ...elsewhere].map((d) => [d.receiptNo, d]));
  return compareDay({ bounds, ours, known, bill });
}

describe('comparing a day with the bill', () => {
  const a = donation('SC-A', 5000);
  const b = donation('SC-B', 100);
  const refundedToday = donation('SC-C', 2000, {
    status: DonationStatus.REFUNDED,
    refundedAt: at(`${DAY}T15:00:00`),
  });
  const paidYesterdayRefundedToday = donation('SC-D', 300, {
    status: DonationStatus.REFUNDED,
    paidAt: at('2026-11-27T09:00:00'),
    refundedAt: at(`${DAY}T11:00:00`),
  });

  it('finds nothing on a day where every payment and refund matches, and totals both sides', () => {
    const result = compare(
      [a, b, refundedToday, paidYesterdayRefundedToday],
      [payment(a), payment(b), payment(refundedToday), refund(refundedToday), refund(paidYesterdayRefundedToday)],
    );
    expect(result.differences).toEqual([]);
    expect(result.ours).toEqual({ paymentCount: 3, paymentFen: 7100, refundCount: 2, refundFen: 2300 });
    expect(result.bill).toEqual(result.ours);
  });

  it('reads the day by Asia/Shanghai: 23:59:59 belongs to it, 00:00:00 the next day does not', () => {
    const late = donation('SC-LATE', 1, { paidAt: at(`${DAY}T23:59:59`) });
    const next = donation('SC-NEXT', 1, { paidAt: at('2026-11-29T00:00:00') });
    const result = compare([late, next], [payment(late)]);
    expect(result.differences).toEqual([]);
    expect(result.ours.paymentCount).toBe(1);
  });

  it('names each kind of difference with both amounts', () => {
    const missingAtWechat = donation('SC-E', 800);
    const result = compare(
      [a, b, missingAtWechat, refundedToday],
      [
        payment(a, { orderFen: 4999 }),
        payment(b),
        payment(refundedToday),
        payment({ receiptNo: 'SC-STRANGER', amountFen: 999 }),
        refund(b),
      ],
    );
    expect(result.differences).toEqual([
      {
        kind: Kind.AMOUNT_MISMATCH,
        outTradeNo: 'SC-A',
        outRefundNo: null,
        transactionId: '4200SC-A',
        ourAmountFen: 5000,
        billAmountFen: 4999,
        note: 'the paid amounts differ',
      },
      {
        kind: Kind.STATUS_MISMATCH,
        outTradeNo: 'SC-B',
        outRefundNo: 'RSC-B',
        transactionId: '4200SC-B',
        ourAmountFen: 100,
        billAmountFen: 100,
        note: 'refunded at WeChat Pay; here PAID',
      },
      {
        kind: Kind.MISSING_AT_WECHAT,
        outTradeNo: 'SC-C',
        outRefundNo: 'RSC-C',
        transactionId: '4200SC-C',
        ourAmountFen: 2000,
        billAmountFen: null,
        note: 'refunded here that day; not in the bill',
      },
      {
        kind: Kind.MISSING_AT_WECHAT,
        outTradeNo: 'SC-E',
        outRefundNo: null,
        transactionId: '4200SC-E',
        ourAmountFen: 800,
        billAmountFen: null,
        note: 'paid here that day; not in the bill',
      },
      {
        kind: Kind.MISSING_HERE,
        outTradeNo: 'SC-STRANGER',
        outRefundNo: null,
        transactionId: '4200SC-STRANGER',
        ourAmountFen: null,
        billAmountFen: 999,
        note: 'a payment we have no record of',
      },
    ]);
    expect(result.bill).toEqual({ paymentCount: 4, paymentFen: 8098, refundCount: 1, refundFen: 100 });
  });

  it('explains bill rows for orders it knows from other days or states', () => {
    const pending = donation('SC-P', 600, { status: DonationStatus.PENDING, paidAt: null });
    const paidYesterday = donation('SC-Y', 700, { paidAt: at('2026-11-27T20:00:00') });
    const refundedYesterday = donation('SC-R', 900, {
      status: DonationStatus.REFUNDED,
      refundedAt: at('2026-11-27T20:00:00'),
    });
    const refunding = donation('SC-G', 400, { status: DonationStatus.REFUNDING });
    const result = compare(
      [refunding],
      [payment(pending), payment(paidYesterday), refund(refundedYesterday), payment(refunding), refund(refunding)],
      [pending, paidYesterday, refundedYesterday],
    );
    expect(result.differences.map((d) => [d.kind, d.outTradeNo, d.note])).toEqual([
      [Kind.STATUS_MISMATCH, 'SC-G', 'refunded at WeChat Pay; here REFUNDING'],
      [Kind.STATUS_MISMATCH, 'SC-P', 'paid at WeChat Pay; here PENDING'],
      [Kind.MISSING_HERE, 'SC-R', 'here refunded on 2026-11-27'],
      [Kind.MISSING_HERE, 'SC-Y', 'here paid on 2026-11-27'],
    ]);
  });

  it('flags a row the bill repeats, and a trade state other than SUCCESS or REFUND', () => {
    const result = compare([a, b], [payment(a), payment(a), payment(b, { tradeState: 'REVOKED' })]);
    expect(result.differences.map((d) => [d.kind, d.outTradeNo, d.note])).toEqual([
      [Kind.MISSING_HERE, 'SC-A', 'a second payment row for this order in the bill'],
      [Kind.STATUS_MISMATCH, 'SC-B', 'the bill says REVOKED'],
    ]);
  });

  describe('a refund is on the day WeChat accepted it, as the bill dates it', () => {
    // Accepted at 23:59:30 on the 28th, settled at 00:00:40 on the 29th: the bill of the 28th has it.
    const crossing = donation('SC-MIDNIGHT', 1500, {
      status: DonationStatus.REFUNDED,
      paidAt: at('2026-11-20T09:00:00'),
      refundNo: 'RSC-MIDNIGHT',
      refundAcceptedAt: at(`${DAY}T23:59:30`),
      refundedAt: at('2026-11-29T00:00:40'),
    });
    const billRow = refund(crossing, { tradeTime: `${DAY} 23:59:30` });

    it('matches on the day of acceptance, though it settled after midnight', () => {
      const result = compare([crossing], [billRow]);
      expect(result.differences).toEqual([]);
      expect(result.ours).toEqual({ paymentCount: 0, paymentFen: 0, refundCount: 1, refundFen: 1500 });
    });

    it('is not ours on the day it settled, and a bill row for it there points to the day of acceptance', () => {
      const next = businessDayBounds('2026-11-29');
      const quiet = compareDay({ bounds: next, ours: [crossing], known: new Map(), bill: [] });
      expect(quiet.differences).toEqual([]);
      expect(quiet.ours.refundCount).toBe(0);
      const misplaced = compareDay({
        bounds: next,
        ours: [],
        known: new Map([[crossing.receiptNo, crossing]]),
        bill: [billRow],
      });
      expect(misplaced.differences.map((d) => [d.kind, d.note])).toEqual([
        [Kind.MISSING_HERE, `here refunded on ${DAY}`],
      ]);
    });

    it('was reported missing on both days when dated by success (the defect this replaces)', () => {
      const bySuccess = { ...crossing, refundAcceptedAt: null };
      expect(compare([bySuccess], [billRow]).differences.map((d) => d.kind)).toEqual([Kind.MISSING_HERE]);
    });

    it('matches the refund by the number that refunded it: a second number after a closed refund', () => {
      const renumbered = { ...crossing, refundNo: 'RSC-MIDNIGHT-2' };
      expect(compare([renumbered], [refund(crossing, { outRefundNo: 'RSC-MIDNIGHT-2' })]).differences).toEqual([]);
      const oldNumber = compare([renumbered], [billRow]);
      expect(oldNumber.differences.map((d) => [d.kind, d.outRefundNo])).toEqual([
        [Kind.MISSING_HERE, 'RSC-MIDNIGHT'],
        [Kind.MISSING_AT_WECHAT, 'RSC-MIDNIGHT-2'],
      ]);
    });
  });
});
