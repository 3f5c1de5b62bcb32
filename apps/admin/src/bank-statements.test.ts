import { describe, expect, it } from 'vitest';
import { emptyMappingForm, mappingFormOf, mappingInput, moneyColumnsText, recordLinkOf } from './bank-statements';

describe('列对应 as sent', () => {
  it('收支同列 without a 借贷标志 column sends no credit values, whatever was typed', () => {
    const form = { ...emptyMappingForm(), kind: 'amount' as const, date: ' 日期 ', amount: '金额', creditValues: '贷' };
    expect(mappingInput(form)).toEqual({ date: '日期', amount: '金额' });
  });

  it('a saved mapping comes back into the form as it was, and is sent the same', () => {
    const saved = {
      date: '交易日期',
      credit: null,
      amount: '交易金额',
      direction: '借贷标志',
      creditValues: ['贷', 'C'],
      reference: '用途',
      counterparty: null,
      counterpartyAccount: null,
      serial: '凭证号',
    };
    const form = mappingFormOf('峄城农商银行', saved);
    expect(form).toMatchObject({ kind: 'amount', creditValues: '贷、C', counterparty: '' });
    expect(mappingInput(form)).toEqual({
      date: '交易日期',
      amount: '交易金额',
      direction: '借贷标志',
      creditValues: ['贷', 'C'],
      reference: '用途',
      serial: '凭证号',
    });
    expect(moneyColumnsText({ ...saved, creditValues: null })).toBe(
      '收支同列：「交易金额」，借贷标志「借贷标志」为 贷、收、C、贷方 的是收入',
    );
  });
});

describe('录入 from a line of the statement', () => {
  const line = {
    row: 9,
    date: '2026-12-02',
    amountFen: 10_001,
    counterparty: null,
    counterpartyAccount: null,
    reference: '  一日捐 坛山卫生院 ',
    serial: null,
  };

  it('takes the 摘要 as the reference when the bank wrote no 流水号, and none when it wrote neither', () => {
    expect(recordLinkOf(line)).toEqual({
      path: '/remittances/new',
      query: { channel: 'BANK_TRANSFER', receivedOn: '2026-12-02', amountFen: '10001', reference: '一日捐 坛山卫生院' },
    });
    expect(recordLinkOf({ ...line, reference: '' })).toEqual({
      path: '/remittances/new',
      query: { channel: 'BANK_TRANSFER', receivedOn: '2026-12-02', amountFen: '10001' },
    });
  });

  it('keeps a long 摘要 within the 64 characters a reference may have', () => {
    const long = recordLinkOf({ ...line, reference: '附'.repeat(80) }) as { query: { reference: string } };
    expect(long.query.reference).toBe('附'.repeat(64));
  });
});
