import type { RouteLocationRaw } from 'vue-router';
import type { BankColumnMapping, BankColumnMappingInput, BankStatementLine } from './api/operations';

/**
 * How a bank's export carries the money in: 收入单列, a column of its own (贷方发生额), or 收支同列,
 * one column for both directions (交易金额), told apart by 借贷标志 when the bank writes one.
 */
export type MoneyColumns = 'credit' | 'amount';

/**
 * The 列对应 form as typed: header texts, blank where the export has no such column. (A type, not
 * an interface, so that ConsoleForm's model, a record, takes it.)
 */
export type MappingForm = {
  bank: string;
  kind: MoneyColumns;
  date: string;
  credit: string;
  amount: string;
  direction: string;
  /** 借贷标志's values for money in, as typed: 贷、收 (comma, 、 or space between). */
  creditValues: string;
  reference: string;
  counterparty: string;
  counterpartyAccount: string;
  serial: string;
};

export const DEFAULT_CREDIT_VALUES = '贷、收、C、贷方';

export function emptyMappingForm(): MappingForm {
  return {
    bank: '',
    kind: 'credit',
    date: '',
    credit: '',
    amount: '',
    direction: '',
    creditValues: '',
    reference: '',
    counterparty: '',
    counterpartyAccount: '',
    serial: '',
  };
}

/** A saved mapping back into the form, to edit it. */
export function mappingFormOf(bank: string, mapping: BankColumnMapping): MappingForm {
  return {
    bank,
    kind: mapping.amount ? 'amount' : 'credit',
    date: mapping.date,
    credit: mapping.credit ?? '',
    amount: mapping.amount ?? '',
    direction: mapping.direction ?? '',
    creditValues: (mapping.creditValues ?? []).join('、'),
    reference: mapping.reference ?? '',
    counterparty: mapping.counterparty ?? '',
    counterpartyAccount: mapping.counterpartyAccount ?? '',
    serial: mapping.serial ?? '',
  };
}

/**
 * What saveBankStatementMapping is sent: the date, the chosen kind's columns only (the other
 * kind's, typed before switching, are left out), and the optional columns that were filled in.
 */
export function mappingInput(form: MappingForm): BankColumnMappingInput {
  const input: BankColumnMappingInput = { date: form.date.trim() };
  const put = (key: Exclude<keyof BankColumnMappingInput, 'date' | 'creditValues'>, text: string): void => {
    if (text.trim()) input[key] = text.trim();
  };
  if (form.kind === 'credit') {
    put('credit', form.credit);
  } else {
    put('amount', form.amount);
    put('direction', form.direction);
    const values = form.creditValues
      .split(/[,，、\s]+/)
      .map((v) => v.trim())
      .filter(Boolean);
    // Without a 借贷标志 column there is nothing to read the values in.
    if (input.direction && values.length > 0) input.creditValues = values;
  }
  put('reference', form.reference);
  put('counterparty', form.counterparty);
  put('counterpartyAccount', form.counterpartyAccount);
  put('serial', form.serial);
  return input;
}

/** A saved mapping's money columns, in words (the mappings table). */
export function moneyColumnsText(mapping: BankColumnMapping): string {
  if (mapping.credit) return `收入单列：「${mapping.credit}」`;
  const direction = mapping.direction
    ? `，借贷标志「${mapping.direction}」为 ${(mapping.creditValues?.length ? mapping.creditValues : DEFAULT_CREDIT_VALUES.split('、')).join('、')} 的是收入`
    : '';
  return `收支同列：「${mapping.amount ?? '—'}」${direction}`;
}

/**
 * 录入 a transfer found on the statement but not recorded: the new-remittance form prefilled as a
 * bank transfer of that day and amount, its reference the 流水号 (what matches it next time), or
 * the 摘要 when the bank wrote no serial.
 */
export function recordLinkOf(line: BankStatementLine): RouteLocationRaw {
  const reference = (line.serial ?? '').trim() || line.reference.trim();
  return {
    path: '/remittances/new',
    query: {
      channel: 'BANK_TRANSFER',
      receivedOn: line.date,
      amountFen: String(line.amountFen),
      ...(reference ? { reference: reference.slice(0, 64) } : {}),
    },
  };
}
