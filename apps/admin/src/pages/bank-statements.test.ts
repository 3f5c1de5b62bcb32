import type { DOMWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearSession, type Role } from '../session';
import { graphqlError, settle, stubServer, type GraphqlCall } from '../testing/graphql-stub';
import { mountPage, signInAs } from '../testing/mount';
import BankStatementsPage from './BankStatementsPage.vue';
import RemittanceNewPage from './RemittanceNewPage.vue';

beforeEach(() => clearSession());
afterEach(() => vi.restoreAllMocks());

const $ = <E extends Element = HTMLElement>(selector: string): E | null => document.querySelector<E>(selector);

const ABC = '中国农业银行峄城支行';
const mapping = (over: Record<string, unknown> = {}) => ({
  bank: ABC,
  updatedAt: '2026-12-01T02:00:00.000Z',
  mapping: {
    date: '交易日期',
    credit: '贷方发生额',
    amount: null,
    direction: null,
    creditValues: null,
    reference: '摘要',
    counterparty: '对方户名',
    counterpartyAccount: '对方账号',
    serial: '交易流水号',
    ...over,
  },
});

const line = (row: number, over: Record<string, unknown> = {}) => ({
  row,
  date: '2026-12-03',
  amountFen: 500_000,
  counterparty: '坛山卫生院',
  counterpartyAccount: '6228480000000001',
  reference: '慈心一日捐',
  serial: `ABC2026120300${row}`,
  ...over,
});
const recorded = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  receivedOn: '2026-12-03',
  reference: `ABC20261203${id}`,
  amountFen: 500_000,
  organization: { name: '坛山卫生院' },
  ...over,
});

/** A statement of 1–5 December: one matched, two amounts differ (either way), one not recorded, one not on it. */
const december = (over: Record<string, unknown> = {}) => ({
  id: 'bs2',
  bank: ABC,
  fileName: '2026年12月上旬流水.xlsx',
  from: '2026-12-01',
  to: '2026-12-05',
  lineCount: 4,
  skippedDebits: 6,
  importedAt: '2026-12-06T01:30:00.000Z',
  matched: [{ differenceFen: 0, line: line(5), remittance: recorded('r1', { reference: 'ABC20261203005' }) }],
  amountDiffers: [
    {
      differenceFen: -50,
      line: line(7, { amountFen: 300_000, counterparty: '峄城区实验小学' }),
      remittance: recorded('r2', {
        reference: 'ABC20261203007',
        amountFen: 300_050,
        organization: { name: '峄城区实验小学' },
      }),
    },
    {
      differenceFen: 120_000,
      line: line(8, { date: '2026-12-04', amountFen: 620_000, counterparty: '古邵镇中心卫生院' }),
      remittance: recorded('r3', {
        reference: 'ABC20261204008',
        amountFen: 500_000,
        organization: { name: '古邵镇中心卫生院' },
      }),
    },
  ],
  missingInRecords: [
    line(11, {
      date: '2026-12-05',
      amountFen: 1_234_560,
      counterparty: '峄城区税务局',
      reference: '一日捐 税务局',
      serial: 'ABC20261205011',
    }),
  ],
  // One person's transfer taken at a centre: no unit.
  missingOnStatement: [
    recorded('r4', { receivedOn: '2026-12-02', reference: 'SJ-20261202', amountFen: 88_800, organization: null }),
  ],
  ...over,
});
const EMPTY = {
  id: 'bs1',
  bank: ABC,
  fileName: '11月流水.csv',
  from: '2026-11-28',
  to: '2026-11-28',
  lineCount: 0,
  skippedDebits: 2,
  importedAt: '2026-11-29T01:00:00.000Z',
  matched: [],
  amountDiffers: [],
  missingInRecords: [],
  missingOnStatement: [],
};

async function open(
  role: Role,
  handlers: Record<string, (v: Record<string, unknown>) => unknown> = {},
  path = '/bank-statements',
) {
  signInAs(role);
  const calls = stubServer({
    ConsoleBankStatementMappings: () => ({ bankStatementMappings: [mapping()] }),
    ConsoleBankStatementReconciliations: () => ({ bankStatementReconciliations: [december(), EMPTY] }),
    ...handlers,
  });
  const { wrapper, router } = await mountPage(BankStatementsPage, path);
  await settle(10);
  return { wrapper, router, calls };
}
const sent = (calls: GraphqlCall[], operation: string) =>
  calls.filter((c) => c.operation === operation).map((c) => c.variables);
const rowsOf = (wrapper: { findAll: (s: string) => DOMWrapper<Element>[] }, table: string) =>
  wrapper.findAll(`[data-test=${table}] tbody tr`).map((tr) => tr.findAll('td').map((td) => td.text()));
const emptyText = (wrapper: { find: (s: string) => DOMWrapper<Element> }, table: string) =>
  wrapper.find(`[data-test=${table}] .el-table__empty-text`).text();

// ---- 列对应
describe('银行流水对账: 列对应', { timeout: 30_000 }, () => {
  async function type(selector: string, value: string): Promise<void> {
    const input = $<HTMLInputElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle(2);
  }
  async function choose(kind: 'credit' | 'amount'): Promise<void> {
    $<HTMLInputElement>(`[data-test=mapping-kind-${kind}] input`)!.click();
    await settle(3);
  }
  async function save(): Promise<void> {
    $('[data-test=mapping-form]')!.dispatchEvent(new Event('submit'));
    await settle(15);
  }
  const saved = (v: Record<string, unknown>) => ({
    saveBankStatementMapping: { bank: v.bank, updatedAt: '2026-12-07T08:00:00.000Z', mapping: v.mapping },
  });

  it('lists each bank’s mapping, its money columns in words', async () => {
    const { wrapper } = await open('DISTRICT_ADMIN', {
      ConsoleBankStatementMappings: () => ({
        bankStatementMappings: [
          mapping(),
          {
            ...mapping({ credit: null, amount: '交易金额', direction: '借贷标志', creditValues: ['贷'] }),
            bank: '峄城农商银行',
          },
        ],
      }),
    });
    expect(rowsOf(wrapper, 'mappings').map((r) => r.slice(0, 7))).toEqual([
      [ABC, '交易日期', '收入单列：「贷方发生额」', '摘要', '对方户名', '对方账号', '交易流水号'],
      [
        '峄城农商银行',
        '交易日期',
        '收支同列：「交易金额」，借贷标志「借贷标志」为 贷 的是收入',
        '摘要',
        '对方户名',
        '对方账号',
        '交易流水号',
      ],
    ]);
  });

  it('收支同列 sends the amount, the direction and its values, not the credit column typed before switching', async () => {
    const { wrapper, calls } = await open('DISTRICT_ADMIN', { ConsoleSaveBankStatementMapping: saved });
    await wrapper.find('[data-test=write-new-mapping]').trigger('click');
    await settle(5);
    await type('[data-test=mapping-bank]', ' 峄城农商银行 ');
    await type('[data-test=mapping-date]', '记账日期');
    await type('[data-test=mapping-credit]', '收入金额');
    await choose('amount');
    expect($('[data-test=mapping-credit]')).toBeNull();
    await type('[data-test=mapping-amount]', '发生额');
    await type('[data-test=mapping-direction]', '收支标志');
    await type('[data-test=mapping-credit-values]', '收，贷 入');
    await type('[data-test=mapping-reference]', '附言');
    await type('[data-test=mapping-serial]', '流水号');
    await save();
    expect(sent(calls, 'ConsoleSaveBankStatementMapping')).toEqual([
      {
        bank: '峄城农商银行',
        mapping: {
          date: '记账日期',
          amount: '发生额',
          direction: '收支标志',
          creditValues: ['收', '贷', '入'],
          reference: '附言',
          serial: '流水号',
        },
      },
    ]);
    expect(rowsOf(wrapper, 'mappings').map((r) => [r[0], r[2]])).toEqual([
      [ABC, '收入单列：「贷方发生额」'],
      ['峄城农商银行', '收支同列：「发生额」，借贷标志「收支标志」为 收、贷、入 的是收入'],
    ]);
  });

  it('收入单列 sends the credit column only, and asks for it when blank', async () => {
    const { wrapper, calls } = await open('DISTRICT_ADMIN', { ConsoleSaveBankStatementMapping: saved });
    await wrapper.find(`[data-test="write-edit-mapping-${ABC}"]`).trigger('click');
    await settle(5);
    // Editing: the saved headers are in the form, the bank's name (the mapping's key) fixed.
    expect($<HTMLInputElement>('[data-test=mapping-bank]')!.disabled).toBe(true);
    expect($<HTMLInputElement>('[data-test=mapping-credit]')!.value).toBe('贷方发生额');
    await choose('amount');
    await type('[data-test=mapping-amount]', '交易金额');
    await type('[data-test=mapping-direction]', '借贷');
    await choose('credit');
    await type('[data-test=mapping-credit]', '');
    await type('[data-test=mapping-counterparty-account]', '');
    await save();
    await new Promise((r) => setTimeout(r, 150));
    await settle(2);
    expect($('[data-test=mapping-form] [data-field=credit] .el-form-item__error')!.textContent).toBe(
      '请填写贷方发生额（收入金额）所在列的表头',
    );
    expect(sent(calls, 'ConsoleSaveBankStatementMapping')).toEqual([]);
    await type('[data-test=mapping-credit]', '收入');
    await save();
    expect(sent(calls, 'ConsoleSaveBankStatementMapping')).toEqual([
      {
        bank: ABC,
        mapping: {
          date: '交易日期',
          credit: '收入',
          reference: '摘要',
          counterparty: '对方户名',
          serial: '交易流水号',
        },
      },
    ]);
  });
});

// ---- 导入 and its result
describe('银行流水对账: 导入', { timeout: 30_000 }, () => {
  async function chooseFile(wrapper: Awaited<ReturnType<typeof open>>['wrapper'], file: File): Promise<void> {
    const input = wrapper.find('[data-test=import-file]');
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
    await input.trigger('change');
    await settle(15);
  }
  const CSV = '交易日期,交易流水号,贷方发生额,对方户名,摘要\n2026-12-03,ABC20261203005,5000.00,坛山卫生院,慈心一日捐\n';

  it('sends the file as base64 with the bank and its name, and shows the four tables, the difference signed in 元', async () => {
    const { wrapper, router, calls } = await open('DISTRICT_ADMIN', {
      ConsoleBankStatementReconciliations: () => ({ bankStatementReconciliations: [EMPTY] }),
      ConsoleReconcileBankStatement: () => ({ reconcileBankStatement: december() }),
    });
    expect(wrapper.find('[data-test=result]').exists()).toBe(false);
    await chooseFile(wrapper, new File([CSV], '2026年12月上旬流水.csv', { type: 'text/csv' }));
    expect(sent(calls, 'ConsoleReconcileBankStatement')).toEqual([
      { bank: ABC, fileName: '2026年12月上旬流水.csv', file: Buffer.from(CSV, 'utf8').toString('base64') },
    ]);
    expect(router.currentRoute.value.query).toEqual({ id: 'bs2' });
    expect(wrapper.find('[data-test=result-days]').text()).toBe('2026-12-01 至 2026-12-05');
    expect(wrapper.find('[data-test=result-lines]').text()).toBe('4 笔');
    expect(wrapper.find('[data-test=result-debits]').text()).toBe('6 笔');
    expect(rowsOf(wrapper, 'matched')).toEqual([
      ['2026-12-03', '坛山卫生院', '5,000.00', 'ABC20261203005', '坛山卫生院', 'ABC20261203005'],
    ]);
    expect(rowsOf(wrapper, 'amount-differs')).toEqual([
      ['2026-12-03', '峄城区实验小学', '3,000.00', '3,000.50', '-0.50', '峄城区实验小学', 'ABC20261203007'],
      ['2026-12-04', '古邵镇中心卫生院', '6,200.00', '5,000.00', '+1,200.00', '古邵镇中心卫生院', 'ABC20261204008'],
    ]);
    expect(rowsOf(wrapper, 'missing-in-records')).toEqual([
      ['2026-12-05', '峄城区税务局', '12,345.60', '一日捐 税务局', 'ABC20261205011', '录入汇款'],
    ]);
    expect(rowsOf(wrapper, 'missing-on-statement')).toEqual([
      ['2026-12-02', 'SJ-20261202', '个人捐赠', '888.00', '详情'],
    ]);
    expect(wrapper.find('[data-test=remittance-r4]').attributes('href')).toBe('/admin/remittances/r4');
    // The new import heads the history.
    expect(rowsOf(wrapper, 'history').map((r) => r.slice(1, 9))).toEqual([
      [ABC, '2026年12月上旬流水.xlsx', '2026-12-01 至 2026-12-05', '4', '1', '2', '1', '1'],
      [ABC, '11月流水.csv', '2026-11-28', '0', '0', '0', '0', '0'],
    ]);
  });

  it('shows a BAD_USER_INPUT as the server wrote it, and keeps the last result off', async () => {
    let answer = '第 7 行「贷方发生额」不是金额：12,34a';
    const { wrapper, calls } = await open('DISTRICT_ADMIN', {
      ConsoleReconcileBankStatement: () => {
        throw graphqlError('BAD_USER_INPUT', answer, answer.startsWith('bank: ') ? 'bank' : 'file');
      },
    });
    await chooseFile(wrapper, new File(['x'], '流水.xlsx'));
    expect(wrapper.find('[data-test=import-error]').text()).toBe('第 7 行「贷方发生额」不是金额：12,34a');
    expect(wrapper.find('[data-test=result]').exists()).toBe(false);
    answer = 'bank: 还没有保存「中国农业银行峄城支行」的列对应：请先设置这家银行流水的列';
    await chooseFile(wrapper, new File(['x'], '流水.csv'));
    expect(wrapper.find('[data-test=import-error]').text()).toBe(
      '还没有保存「中国农业银行峄城支行」的列对应：请先设置这家银行流水的列',
    );
    expect(sent(calls, 'ConsoleReconcileBankStatement').map((v) => v.fileName)).toEqual(['流水.xlsx', '流水.csv']);
  });

  it('refuses a file over 700 KB, or not .csv or .xlsx, before sending', async () => {
    const { wrapper, calls } = await open('DISTRICT_ADMIN');
    await chooseFile(wrapper, new File([new Uint8Array(700 * 1024 + 1)], '全年流水.csv'));
    expect(wrapper.find('[data-test=import-error]').text()).toBe('文件有 701 KB，超过 700 KB：请按月分开导出。');
    await chooseFile(wrapper, new File(['%PDF'], '流水.pdf'));
    expect(wrapper.find('[data-test=import-error]').text()).toBe(
      '「流水.pdf」不是 .csv 或 .xlsx 文件：请从网银导出 .csv 或 .xlsx 格式的对账单。',
    );
    expect(sent(calls, 'ConsoleReconcileBankStatement')).toEqual([]);
  });

  it('流水有、未录入 links to the new remittance form, which reads the day, amount and 流水号 from it', async () => {
    const { wrapper, router } = await open('DISTRICT_ADMIN', {}, '/bank-statements?id=bs2');
    const link = wrapper.find('[data-test=record-line-11]');
    await link.trigger('click');
    await settle(10);
    expect(router.currentRoute.value.path).toBe('/remittances/new');
    expect(router.currentRoute.value.query).toEqual({
      channel: 'BANK_TRANSFER',
      receivedOn: '2026-12-05',
      amountFen: '1234560',
      reference: 'ABC20261205011',
    });
    const target = router.currentRoute.value.fullPath;
    wrapper.unmount();
    stubServer({
      ConsoleRemittanceCampaigns: () => ({ campaigns: [] }),
      ConsoleOrganizations: () => ({ organizations: [] }),
    });
    const form = await mountPage(RemittanceNewPage, target);
    await settle(10);
    const model = (form.wrapper.vm as unknown as { $: { setupState: { model: Record<string, unknown> } } }).$.setupState
      .model;
    expect([model.channel, model.receivedOn, model.amount, model.reference]).toEqual([
      'BANK_TRANSFER',
      '2026-12-05',
      '12345.6',
      'ABC20261205011',
    ]);
    expect(form.wrapper.find<HTMLInputElement>('[data-test=remittance-amount]').element.value).toBe('12345.6');
  });
});

// ---- 历次导入, read-only for the auditor
describe('银行流水对账: 历次导入', { timeout: 30_000 }, () => {
  it('shows the auditor the history and a chosen import’s result, with no button that changes anything', async () => {
    const { wrapper, router, calls } = await open('AUDITOR');
    expect(calls.map((c) => c.operation).sort()).toEqual([
      'ConsoleBankStatementMappings',
      'ConsoleBankStatementReconciliations',
    ]);
    expect(wrapper.findAll('[data-test^=write-]')).toHaveLength(0);
    expect(wrapper.find('[data-test=import-file]').exists()).toBe(false);
    expect(rowsOf(wrapper, 'history').map((r) => [r[0], r[2], r[3]])).toEqual([
      ['2026-12-06 09:30', '2026年12月上旬流水.xlsx', '2026-12-01 至 2026-12-05'],
      ['2026-11-29 09:00', '11月流水.csv', '2026-11-28'],
    ]);
    await wrapper.find('[data-test=show-bs1]').trigger('click');
    await settle(10);
    expect(router.currentRoute.value.query).toEqual({ id: 'bs1' });
    expect(wrapper.find('[data-test=result-days]').text()).toBe('2026-11-28');
    expect(wrapper.find('[data-test=result-debits]').text()).toBe('2 笔');
    expect(emptyText(wrapper, 'matched')).toBe('没有核对上的转账');
    expect(emptyText(wrapper, 'amount-differs')).toBe('没有金额不符的转账');
    expect(emptyText(wrapper, 'missing-in-records')).toBe('流水中的收入都已录入');
    expect(emptyText(wrapper, 'missing-on-statement')).toBe('录入的银行转账在流水中都找到了');
    await wrapper.find('[data-test=show-bs2]').trigger('click');
    await settle(10);
    expect(rowsOf(wrapper, 'amount-differs').map((r) => r[4])).toEqual(['-0.50', '+1,200.00']);
  });

  it('tells a district admin to set a mapping first when there is none', async () => {
    const { wrapper } = await open('DISTRICT_ADMIN', {
      ConsoleBankStatementMappings: () => ({ bankStatementMappings: [] }),
      ConsoleBankStatementReconciliations: () => ({ bankStatementReconciliations: [] }),
    });
    expect(emptyText(wrapper, 'mappings')).toBe('还没有设置任何银行的列对应');
    expect(wrapper.find('[data-test=import-no-mapping]').text()).toBe(
      '请先在上面设置一家银行的列对应，再导入它的流水。',
    );
    expect(wrapper.find('[data-test=write-import-statement]').exists()).toBe(false);
    expect(emptyText(wrapper, 'history')).toBe('还没有导入过流水');
  });
});
