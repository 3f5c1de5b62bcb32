import { parseTradeBill, TradeBillFormatError, yuanToFen } from './trade-bill';

const HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
const SUMMARY_HEADER = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';

// Lines as WeChat Pay writes them (values made up): two payments, one refund of an earlier payment.
const PAYMENT_1 =
  '`2026-11-28 09:49:52,`wxshanchoudemo01,`1900000109,`0,`,`4200002166202611280324636876,`SC2026112812345678901234,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`SUCCESS,`OTHERS,`CNY,`1299.02,`0.00,`0,`0,`0.00,`0.00,`,`,`慈心一日捐,`,`7.79000,`0.60%,`1299.02,`0.00,`';
const PAYMENT_2 =
  '`2026-11-28 23:59:59,`wxshanchoudemo01,`1900000109,`0,`,`4200002360202611281150650780,`SC2026112899999999999999,`oVgfJ5TrnzDOSuaxbFc33mw-5LUY,`JSAPI,`SUCCESS,`OTHERS,`CNY,`0.01,`0.00,`0,`0,`0.00,`0.00,`,`,`助学,结对帮扶,`,`0.00000,`0.60%,`0.01,`0.00,`';
const REFUND =
  '`2026-11-28 18:30:00,`wxshanchoudemo01,`1900000109,`0,`,`4200002166202611250324636876,`SC2026112500000000000042,`oVgfJ5d35c6iAXrRCnfhOGF9aHT8,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50302709992026112891956632208,`RSC2026112500000000000042,`50.00,`0.00,`ORIGINAL,`SUCCESS,`一元爱心党费,`,`-0.30000,`0.60%,`0.00,`50.00,`';
const SUMMARY = '`3,`1299.03,`50.00,`0.00,`7.49000,`1299.03,`50.00';

const bill = (rows: string[], summary = SUMMARY, eol = '\r\n') =>
  [HEADER, ...rows, SUMMARY_HEADER, summary, ''].join(eol);

describe('trade bill parser', () => {
  it('reads payments and refunds, backticks stripped, amounts in exact fen', () => {
    const { rows, summary } = parseTradeBill(bill([PAYMENT_1, PAYMENT_2, REFUND]));
    expect(rows).toEqual([
      {
        line: 2,
        tradeTime: '2026-11-28 09:49:52',
        transactionId: '4200002166202611280324636876',
        outTradeNo: 'SC2026112812345678901234',
        tradeState: 'SUCCESS',
        // 1299.02 * 100 is 129901.99999999999 in floating point; the parser never goes there.
        orderFen: 129902,
        settlementFen: 129902,
        refundId: null,
        outRefundNo: null,
        refundFen: 0,
        appliedRefundFen: 0,
      },
      expect.objectContaining({ line: 3, outTradeNo: 'SC2026112899999999999999', orderFen: 1 }),
      {
        line: 4,
        tradeTime: '2026-11-28 18:30:00',
        transactionId: '4200002166202611250324636876',
        outTradeNo: 'SC2026112500000000000042',
        tradeState: 'REFUND',
        orderFen: 0,
        settlementFen: 0,
        refundId: '50302709992026112891956632208',
        outRefundNo: 'RSC2026112500000000000042',
        refundFen: 5000,
        appliedRefundFen: 5000,
      },
    ]);
    expect(summary).toEqual({
      tradeCount: 3,
      settlementFen: 129903,
      refundFen: 5000,
      orderFen: 129903,
      appliedRefundFen: 5000,
    });
  });

  it('keeps a comma inside a value (a product name) within its column', () => {
    const { rows } = parseTradeBill(bill([PAYMENT_1, PAYMENT_2, REFUND]));
    expect(rows[1]).toMatchObject({
      tradeState: 'SUCCESS',
      orderFen: 1,
      transactionId: '4200002360202611281150650780',
    });
  });

  it('reads LF line ends, a byte-order mark, and a day with no trades', () => {
    expect(parseTradeBill(`\uFEFF${bill([PAYMENT_1, PAYMENT_2, REFUND], SUMMARY, '\n')}`).rows).toHaveLength(3);
    expect(parseTradeBill(bill([], '`0,`0.00,`0.00,`0.00,`0.00000,`0.00,`0.00'))).toEqual({
      rows: [],
      summary: { tradeCount: 0, settlementFen: 0, refundFen: 0, orderFen: 0, appliedRefundFen: 0 },
    });
  });

  it('turns yuan into fen exactly, and refuses anything but two decimals', () => {
    expect(yuanToFen('0.01', 'x')).toBe(1);
    expect(yuanToFen('0.10', 'x')).toBe(10);
    expect(yuanToFen('123.45', 'x')).toBe(12345);
    expect(yuanToFen('1299.02', 'x')).toBe(129902);
    expect(yuanToFen('-0.27', 'x')).toBe(-27);
    expect(yuanToFen('-0.00', 'x')).toBe(0);
    expect(yuanToFen('90071992547409.91', 'x')).toBe(9007199254740991);
    for (const bad of [
      '90071992547409.92',
      '1',
      '1.5',
      '1.234',
      '1,000.00',
      ' 1.00',
      '¥1.00',
      '',
      '0x1.00',
      '1e3.00',
    ]) {
      expect(() => yuanToFen(bad, 'line 2, 订单金额')).toThrow(TradeBillFormatError);
    }
    expect(() => yuanToFen('12.5', 'line 2, 订单金额')).toThrow('line 2, 订单金额: "12.5" is not an amount in yuan');
  });

  it('checks the summary against the rows: count and every total', () => {
    expect(() => parseTradeBill(bill([PAYMENT_1, REFUND]))).toThrow(
      'summary: 总交易单数 is 3 but the rows add up to 2',
    );
    expect(() =>
      parseTradeBill(bill([PAYMENT_1, PAYMENT_2, REFUND], '`3,`1299.03,`50.01,`0.00,`7.49000,`1299.03,`50.00')),
    ).toThrow('summary: 退款总金额 is 5001 but the rows add up to 5000');
    expect(() =>
      parseTradeBill(bill([PAYMENT_1, PAYMENT_2, REFUND], '`3,`1299.03,`50.00,`0.00,`7.49000,`1300.03,`50.00')),
    ).toThrow(/订单总金额 is 130003/);
  });

  it('refuses what is not a whole trade bill', () => {
    const refuse = (text: string, message: RegExp) => expect(() => parseTradeBill(text)).toThrow(message);
    refuse('', /no header, or no summary/);
    refuse([HEADER, PAYMENT_1, ''].join('\r\n'), /no header, or no summary/);
    refuse(bill([PAYMENT_1.replace(',`JSAPI', '')]), /line 2: 26 values where the header names 27/);
    refuse(bill([PAYMENT_1.slice(1)]), /line 2: values must each start with a backtick/);
    refuse(bill([PAYMENT_1.replace('`1299.02,`0.00,`0,', '`1299.0,`0.00,`0,')]), /line 2, 应结订单金额: "1299.0"/);
    refuse(bill([PAYMENT_1]).replace('商户订单号,', '订单号,'), /the header lacks 商户订单号/);
    refuse([HEADER, PAYMENT_1, PAYMENT_2, SUMMARY].join('\r\n'), /line 3: expected the summary header/);
    refuse(bill([PAYMENT_1], '`x,`1299.02,`0.00,`0.00,`7.79000,`1299.02,`0.00'), /总交易单数 "x" is not a count/);
  });
});
