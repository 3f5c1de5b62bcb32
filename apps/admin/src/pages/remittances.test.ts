import { ElMessageBox } from 'element-plus';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearSession } from '../session';
import { graphqlError, settle, stubServer, type GraphqlCall } from '../testing/graphql-stub';
import { mountPage, signInAs } from '../testing/mount';
import RemittanceDetailPage from './RemittanceDetailPage.vue';
import RemittanceNewPage from './RemittanceNewPage.vue';
import RemittancesPage from './RemittancesPage.vue';

beforeEach(() => clearSession());
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const $ = <E extends Element = HTMLElement>(selector: string): E | null => document.querySelector<E>(selector);

const remittance = (over: Record<string, unknown> = {}) => ({
  id: 'r1',
  amountFen: 1_500_000,
  channel: 'BANK_TRANSFER',
  status: 'AWAITING_CONFIRMATION',
  receivedOn: '2026-12-05',
  reference: '20261205ICBC0001',
  voucherFileId: 'file-voucher',
  recordedAt: '2026-12-05T02:00:00.000Z',
  confirmedAt: null,
  organization: { id: 'o1', name: '坛山卫生院' },
  campaign: { id: 'c1', title: '2026年慈心一日捐' },
  lines: [
    { line: 1, name: '张伟', anonymous: false, displayName: '张*', amountFen: 1_000_000, phone: '138****1234' },
    { line: 2, name: '李娜', anonymous: true, displayName: '爱心人士', amountFen: 400_000, phone: null },
    { line: 3, name: null, anonymous: false, displayName: '坛山卫生院', amountFen: 100_000, phone: null },
  ],
  gifts: [],
  officialReceipt: null,
  reversalReason: null,
  reversedAt: null,
  recordedByYou: false,
  reversalRequestedByYou: false,
  ...over,
});

// ---- 录入
const CAMPAIGNS = () => ({
  campaigns: [
    { id: 'c0', slug: 'draft', title: '草稿项目', status: 'DRAFT', fixedAmountFen: null },
    { id: 'c1', slug: 'cixin', title: '2026年慈心一日捐', status: 'ACTIVE', fixedAmountFen: null },
  ],
});
const ORGANIZATIONS = () => ({
  organizations: [{ id: 'o1', name: '坛山卫生院', kind: 'WORK_UNIT', regionCode: '370404001', regionName: '坛山街道' }],
});

interface NewPage {
  wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper'];
  router: Awaited<ReturnType<typeof mountPage>>['router'];
  calls: GraphqlCall[];
  uploads: (FormDataEntryValue | null)[];
  model: Record<string, unknown>;
}

/** The new-remittance page with its campaign and unit chosen, reference and amount typed, the voucher uploaded. */
async function newRemittance(amount: string, recordAnswer: (v: Record<string, unknown>) => unknown): Promise<NewPage> {
  signInAs('DISTRICT_ADMIN');
  const uploads: (FormDataEntryValue | null)[] = [];
  const calls = stubServer(
    {
      ConsoleRemittanceCampaigns: CAMPAIGNS,
      ConsoleOrganizations: ORGANIZATIONS,
      ConsoleRecordRemittance: recordAnswer,
    },
    (url, init) => {
      if (url !== '/files') return new Response('not found', { status: 404 });
      uploads.push((init?.body as FormData).get('purpose'));
      return Response.json(
        { id: 'file-voucher', url: '/files/private/file-voucher', width: 800, height: 600, contentType: 'image/jpeg' },
        { status: 201 },
      );
    },
  );
  const { wrapper, router } = await mountPage(RemittanceNewPage, '/remittances/new');
  await settle(10);
  const model = (wrapper.vm as unknown as { $: { setupState: { model: Record<string, unknown> } } }).$.setupState.model;
  Object.assign(model, { campaignId: 'c1', organizationId: 'o1' });
  await wrapper.find('[data-test=remittance-reference]').setValue(' 20261205ICBC0001 ');
  await wrapper.find('[data-test=remittance-amount]').setValue(amount);
  const input = wrapper.find('[data-test=remittance-voucher-input]');
  Object.defineProperty(input.element, 'files', { value: [new File(['jpeg'], '回单.jpg', { type: 'image/jpeg' })] });
  await input.trigger('change');
  await settle(10);
  return { wrapper, router, calls, uploads, model };
}

async function paste(wrapper: NewPage['wrapper'], text: string): Promise<void> {
  await wrapper.find('[data-test=line-paste]').trigger('click');
  await settle(5);
  const area = $<HTMLTextAreaElement>('[data-test=paste-text]')!;
  area.value = text;
  area.dispatchEvent(new Event('input'));
  await settle(2);
  $('[data-test=paste-take]')!.click();
  await settle(5);
}

async function submit(wrapper: NewPage['wrapper']): Promise<void> {
  await wrapper.find('form').trigger('submit');
  await settle(15);
}

/** Element Plus shows a field's own check after a short debounce. */
async function formMessages(): Promise<void> {
  await new Promise((r) => setTimeout(r, 150));
  await settle(2);
}

describe('线下汇款: 录入', { timeout: 30_000 }, () => {
  it('sends a pasted 3-line list as fen with the channel, the Beijing day and the voucher, then opens the detail', async () => {
    // 01:30 on 8 December in Beijing, still the 7th in UTC: the default day is Beijing's.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T17:30:00.000Z'));
    let sent: Record<string, unknown> | undefined;
    const { wrapper, router, calls, uploads, model } = await newRemittance('15,000.29', (v) => {
      sent = v;
      return { recordRemittance: remittance({ id: 'r9', amountFen: 1_500_029 }) };
    });
    model.channel = 'CHEQUE';
    await paste(wrapper, '姓名\t金额\t匿名\n张伟\t10000.09\t否\n李娜\t4,000.2\t是\n\t1000\t\n');
    expect(wrapper.find('[data-test=lines-total]').text()).toBe('共 3 行，合计 15,000.29 元 · 与汇款金额一致');
    await submit(wrapper);
    expect(uploads).toEqual(['attachment']);
    expect(calls.filter((c) => c.operation === 'ConsoleRecordRemittance')).toHaveLength(1);
    expect(sent).toEqual({
      input: {
        organizationId: 'o1',
        campaignId: 'c1',
        amountFen: 1_500_029,
        channel: 'CHEQUE',
        receivedOn: '2026-12-08',
        reference: '20261205ICBC0001',
        voucherFileId: 'file-voucher',
        lines: [
          { name: '张伟', anonymous: false, amountFen: 1_000_009 },
          { name: '李娜', anonymous: true, amountFen: 400_020 },
          { anonymous: false, amountFen: 100_000 },
        ],
      },
    });
    expect(router.currentRoute.value.fullPath).toBe('/remittances/r9');
  });

  it('offers only campaigns that take money, the unit’s region searched', async () => {
    const { wrapper, calls } = await newRemittance('1', () => ({}));
    const state = (wrapper.vm as unknown as { $: { setupState: { campaigns: { id: string }[] } } }).$.setupState;
    expect(state.campaigns.map((c) => c.id)).toEqual(['c1']);
    expect(calls.find((c) => c.operation === 'ConsoleOrganizations')!.variables).toEqual({ regionCode: '370404' });
  });

  it('shows the difference from the amount as the server words it, and does not send', async () => {
    const { wrapper, calls } = await newRemittance('300', () => ({ recordRemittance: remittance() }));
    await paste(wrapper, '张伟,200\n李娜,50,是\n');
    const words = '明细合计 250 元，比汇款金额 300 元少 50 元：各行须正好加起来等于汇款金额';
    expect(wrapper.find('[data-test=lines-difference]').text()).toBe(`· ${words}`);
    await submit(wrapper);
    expect(calls.filter((c) => c.operation === 'ConsoleRecordRemittance')).toEqual([]);
    await formMessages();
    expect(wrapper.find('[data-field=lines] .el-form-item__error').text()).toBe(words);
  });

  it('names a pasted line that does not parse by its line number, and keeps the lines as they were', async () => {
    const { wrapper } = await newRemittance('300', () => ({}));
    await paste(wrapper, '姓名,金额\n张伟,200\n李娜,五十\n');
    expect([...document.querySelectorAll('[data-test=paste-problems] li')].map((li) => li.textContent)).toEqual([
      '第 3 行：金额「五十」不是大于 0 的金额（元，最多两位小数）',
    ]);
    expect(wrapper.find('[data-test=lines-total]').text()).toContain('共 1 行，合计 0.00 元');
  });

  it('shows the server’s refusal of input.lines[1].amountFen at that line', async () => {
    const { wrapper } = await newRemittance('3', () => {
      throw graphqlError(
        'BAD_USER_INPUT',
        'input.lines[1].amountFen: 「一元爱心党费」每人固定 1 元，第 2 行是 2 元',
        'input.lines[1].amountFen',
      );
    });
    await paste(wrapper, '张伟,1\n李娜,2\n');
    await submit(wrapper);
    expect(wrapper.find('[data-test=line-error-1]').text()).toBe('「一元爱心党费」每人固定 1 元，第 2 行是 2 元');
    expect(wrapper.find('[data-test=line-error-0]').exists()).toBe(false);
    expect(wrapper.find('[data-field=lines] [data-test=field-error]').text()).toBe(
      '明细第 2 行有误：「一元爱心党费」每人固定 1 元，第 2 行是 2 元',
    );
    // The remittance's own amount is not blamed.
    expect(wrapper.find('[data-field=amount] [data-test=field-error]').exists()).toBe(false);
  });

  it('sends a pasted member’s 手机号 as its 11 digits, and shows the server’s refusal of it at that line', async () => {
    let sent: { input: { lines: unknown } } | undefined;
    const { wrapper } = await newRemittance('150', (v) => {
      sent = v as typeof sent;
      throw graphqlError(
        'BAD_USER_INPUT',
        'input.lines[0].phone: 手机号须为 11 位中国大陆手机号码（1 开头），不是 "19912341234"',
        'input.lines[0].phone',
      );
    });
    await paste(wrapper, '姓名,金额,手机号,匿名\n张伟,100,199 1234 1234\n李娜,50,,是\n');
    expect(wrapper.find<HTMLInputElement>('[data-test=line-phone-0]').element.value).toBe('19912341234');
    await submit(wrapper);
    expect(sent!.input.lines).toEqual([
      { name: '张伟', anonymous: false, amountFen: 10_000, phone: '19912341234' },
      { name: '李娜', anonymous: true, amountFen: 5_000 },
    ]);
    expect(wrapper.find('[data-test=line-error-0]').text()).toBe(
      '手机号须为 11 位中国大陆手机号码（1 开头），不是 "19912341234"',
    );
  });

  it('names a typed line whose 手机号 is wrong before sending', async () => {
    const { wrapper, calls } = await newRemittance('100', () => ({}));
    await wrapper.find('[data-test=line-name-0]').setValue('张伟');
    await wrapper.find('[data-test=line-amount-0]').setValue('100');
    await wrapper.find('[data-test=line-phone-0]').setValue('1381234');
    await submit(wrapper);
    await formMessages();
    expect(wrapper.find('[data-test=line-error-0]').text()).toBe('第 1 行的手机号须为 11 位中国大陆手机号码（1 开头）');
    expect(calls.map((c) => c.operation)).not.toContain('ConsoleRecordRemittance');
  });

  it('shows a transfer recorded before (CONFLICT) at the reference', async () => {
    const { wrapper } = await newRemittance('1000', () => {
      throw graphqlError(
        'CONFLICT',
        '银行转账 20261205ICBC0001 已经录入过（1000 元，2026-12-05）：同一笔款不能录入两次',
        'input.reference',
      );
    });
    await wrapper.find('[data-test=line-unit]').trigger('click');
    await settle(5);
    await submit(wrapper);
    expect(wrapper.find('[data-field=reference] [data-test=field-error]').text()).toBe(
      '银行转账 20261205ICBC0001 已经录入过（1000 元，2026-12-05）：同一笔款不能录入两次',
    );
  });

  it('refuses a day after today (Beijing) before sending', async () => {
    const { wrapper, calls, model } = await newRemittance('10', () => ({}));
    await wrapper.find('[data-test=line-unit]').trigger('click');
    model.receivedOn = '2999-01-01';
    await submit(wrapper);
    await formMessages();
    expect(wrapper.find('[data-field=receivedOn] .el-form-item__error').text()).toBe('到账日期不能晚于今天');
    expect(calls.map((c) => c.operation)).not.toContain('ConsoleRecordRemittance');
  });

  it('以单位名义一笔: one line with no name for the whole amount', async () => {
    let sent: { input: { lines: unknown } } | undefined;
    const { wrapper } = await newRemittance('1234.5', (v) => {
      sent = v as typeof sent;
      return { recordRemittance: remittance({ status: 'CONFIRMED' }) };
    });
    await wrapper.find('[data-test=line-unit]').trigger('click');
    await settle(5);
    await submit(wrapper);
    expect(sent!.input.lines).toEqual([{ anonymous: false, amountFen: 123_450 }]);
  });

  it('asks for the voucher before sending', async () => {
    signInAs('TOWN_OPERATOR', '370404001');
    const calls = stubServer({ ConsoleRemittanceCampaigns: CAMPAIGNS, ConsoleOrganizations: ORGANIZATIONS });
    const { wrapper } = await mountPage(RemittanceNewPage, '/remittances/new');
    await settle(10);
    await wrapper.find('[data-test=remittance-amount]').setValue('10');
    await wrapper.find('[data-test=line-unit]').trigger('click');
    await submit(wrapper);
    await formMessages();
    expect(wrapper.find('[data-field=voucher] .el-form-item__error').text()).toBe(
      '请上传汇款凭证（回单、收据或支票的照片）',
    );
    expect(calls.map((c) => c.operation)).not.toContain('ConsoleRecordRemittance');
    expect(calls.find((c) => c.operation === 'ConsoleOrganizations')!.variables).toEqual({ regionCode: '370404001' });
  });
});

// ---- 详情与复核确认
describe('线下汇款: 详情与复核确认', () => {
  async function detail(
    role: 'DISTRICT_ADMIN' | 'AUDITOR',
    confirmAnswer: () => unknown = () => ({ confirmRemittance: remittance() }),
  ) {
    signInAs(role);
    const calls = stubServer({
      ConsoleRemittanceDetail: (v) => ({ remittance: remittance({ id: v.id }) }),
      ConsoleConfirmRemittance: confirmAnswer,
    });
    const { wrapper } = await mountPage(RemittanceDetailPage, '/remittances/r1', { id: 'r1' });
    await settle(10);
    return { wrapper, calls };
  }

  it('loads the remittance through remittance(id), its lines with the real names, phones masked and 匿名 marked', async () => {
    const { wrapper, calls } = await detail('DISTRICT_ADMIN');
    expect(calls.map((c) => [c.operation, c.variables])).toEqual([['ConsoleRemittanceDetail', { id: 'r1' }]]);
    expect(wrapper.find('[data-test=remittance-header]').text()).toContain('20261205ICBC0001');
    expect(wrapper.find('[data-test=remittance-amount]').text()).toBe('15,000.00');
    expect(wrapper.find('[data-test=remittance-status]').text()).toBe('待复核');
    expect(wrapper.find('[data-test=remittance-voucher]').attributes('href')).toBe('/files/private/file-voucher');
    const rows = wrapper
      .findAll('[data-test=remittance-lines] tbody tr')
      .map((tr) => tr.findAll('td').map((td) => td.text()));
    expect(rows).toEqual([
      ['1', '张伟', '', '张*', '138****1234', '10,000.00'],
      ['2', '李娜', '匿名', '爱心人士', '', '4,000.00'],
      ['3', '（以单位名义）', '', '坛山卫生院', '', '1,000.00'],
    ]);
    expect(wrapper.find('[data-test=remittance-gifts]').exists()).toBe(false);
  });

  it('names one person’s gift taken at a centre (no unit) 个人捐赠, an anonymous giver （匿名）', async () => {
    signInAs('DISTRICT_ADMIN');
    stubServer({
      ConsoleRemittanceDetail: () => ({
        remittance: remittance({
          organization: null,
          channel: 'CASH',
          reference: 'SJ-0042',
          lines: [{ line: 1, name: null, anonymous: true, displayName: '爱心人士', amountFen: 1_500_000, phone: null }],
        }),
      }),
    });
    const { wrapper } = await mountPage(RemittanceDetailPage, '/remittances/r1', { id: 'r1' });
    await settle(10);
    expect(wrapper.find('.page-title').text()).toContain('个人捐赠 · 现金 SJ-0042');
    expect(wrapper.find('[data-test=remittance-header]').text()).toContain('个人捐赠');
    const rows = wrapper
      .findAll('[data-test=remittance-lines] tbody tr')
      .map((tr) => tr.findAll('td').map((td) => td.text()));
    expect(rows).toEqual([['1', '（匿名）', '匿名', '爱心人士', '', '15,000.00']]);
  });

  it('fetches the voucher, a private file, with the member’s token', async () => {
    signInAs('AUDITOR');
    const fetched: { url: string; authorization: string | null }[] = [];
    stubServer({ ConsoleRemittanceDetail: () => ({ remittance: remittance() }) }, (url, init) => {
      fetched.push({ url, authorization: new Headers(init?.headers).get('authorization') });
      return new Response(new Blob(['jpeg']), { headers: { 'content-type': 'image/jpeg' } });
    });
    const saved = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:voucher');
    const { wrapper } = await mountPage(RemittanceDetailPage, '/remittances/r1', { id: 'r1' });
    await settle(10);
    await wrapper.find('[data-test=remittance-voucher]').trigger('click');
    await settle(10);
    expect(fetched).toEqual([{ url: '/files/private/file-voucher', authorization: 'Bearer token-AUDITOR' }]);
    expect(saved).toHaveBeenCalledTimes(1);
    expect(wrapper.find('[data-test=voucher-error]').exists()).toBe(false);
  });

  it('复核确认 after the dialog: calls confirmRemittance and shows the gifts’ receipt numbers', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never);
    const { wrapper, calls } = await detail('DISTRICT_ADMIN', () => ({
      confirmRemittance: remittance({
        status: 'CONFIRMED',
        confirmedAt: '2026-12-05T03:00:00.000Z',
        gifts: [
          { receiptNo: 'SC202612050001', amountFen: 1_000_000, status: 'PAID', ledgerSeq: 41 },
          { receiptNo: 'SC202612050002', amountFen: 400_000, status: 'PAID', ledgerSeq: 42 },
          { receiptNo: 'SC202612050003', amountFen: 100_000, status: 'PAID', ledgerSeq: 43 },
        ],
      }),
    }));
    await wrapper.find('[data-test=write-confirm-remittance]').trigger('click');
    await settle(10);
    expect(ElMessageBox.confirm).toHaveBeenCalledWith(
      expect.stringContaining('坛山卫生院 的银行转账 20261205ICBC0001（15,000.00 元，3 行）'),
      '复核确认',
      expect.anything(),
    );
    expect(calls.filter((c) => c.operation === 'ConsoleConfirmRemittance').map((c) => c.variables)).toEqual([
      { id: 'r1' },
    ]);
    expect(wrapper.find('[data-test=remittance-status]').text()).toBe('已确认');
    expect(wrapper.find('[data-test=write-confirm-remittance]').exists()).toBe(false);
    const receipts = wrapper.findAll('[data-test=remittance-gifts] tbody tr').map((tr) => tr.find('td').text());
    expect(receipts).toEqual(['SC202612050001', 'SC202612050002', 'SC202612050003']);
  });

  it('shows the recorder’s FORBIDDEN as the server words it', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never);
    const words = '汇款 20261205ICBC0001 超过 10000 元，须由录入人以外的另一位区管理员复核确认';
    const { wrapper, calls } = await detail('DISTRICT_ADMIN', () => {
      throw graphqlError('FORBIDDEN', words);
    });
    await wrapper.find('[data-test=write-confirm-remittance]').trigger('click');
    await settle(10);
    expect(calls.map((c) => c.operation)).toEqual(['ConsoleRemittanceDetail', 'ConsoleConfirmRemittance']);
    expect(wrapper.find('[data-test=confirm-error]').text()).toBe(words);
    expect(wrapper.find('[data-test=remittance-status]').text()).toBe('待复核');
  });

  it('offers the one who recorded it no 复核确认 (someone else confirms it)', async () => {
    signInAs('DISTRICT_ADMIN');
    stubServer({ ConsoleRemittanceDetail: (v) => ({ remittance: remittance({ id: v.id, recordedByYou: true }) }) });
    const { wrapper } = await mountPage(RemittanceDetailPage, '/remittances/r1', { id: 'r1' });
    await settle(10);
    expect(wrapper.find('[data-test=remittance-status]').text()).toBe('待复核');
    expect(wrapper.find('[data-test=write-confirm-remittance]').exists()).toBe(false);
  });

  it('sends nothing when the dialog is cancelled, and offers an auditor no button', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockRejectedValue('cancel');
    const admin = await detail('DISTRICT_ADMIN');
    await admin.wrapper.find('[data-test=write-confirm-remittance]').trigger('click');
    await settle(10);
    expect(admin.calls.map((c) => c.operation)).toEqual(['ConsoleRemittanceDetail']);
    admin.wrapper.unmount();
    const auditor = await detail('AUDITOR');
    expect(auditor.wrapper.findAll('[data-test^=write-]')).toHaveLength(0);
    expect(auditor.wrapper.find('[data-test=remittance-lines]').text()).toContain('张伟');
  });
});

// ---- 冲正 and 复核冲正
describe('线下汇款: 冲正', () => {
  const GIFTS = [
    { receiptNo: 'SC202612050001', amountFen: 1_000_000, status: 'PAID', ledgerSeq: 41 },
    { receiptNo: 'SC202612050002', amountFen: 400_000, status: 'PAID', ledgerSeq: 42 },
    { receiptNo: 'SC202612050003', amountFen: 100_000, status: 'PAID', ledgerSeq: 43 },
  ];
  const confirmed = () => remittance({ status: 'CONFIRMED', confirmedAt: '2026-12-05T03:00:00.000Z', gifts: GIFTS });
  const REASON = '单位报来的明细有误：张伟应为 5000 元';
  const awaitingReversal = () => ({
    ...confirmed(),
    status: 'AWAITING_REVERSAL',
    reversalReason: REASON,
    reversedAt: null,
  });

  async function open(
    role: 'DISTRICT_ADMIN' | 'AUDITOR' | 'TOWN_OPERATOR',
    shown: Record<string, unknown>,
    handlers: Record<string, (v: Record<string, unknown>) => unknown> = {},
  ) {
    signInAs(role);
    const calls = stubServer({ ConsoleRemittanceDetail: () => ({ remittance: shown }), ...handlers });
    const { wrapper } = await mountPage(RemittanceDetailPage, '/remittances/r1', { id: 'r1' });
    await settle(10);
    return { wrapper, calls };
  }
  async function typeReason(text: string): Promise<void> {
    const area = $<HTMLTextAreaElement>('[data-test=reverse-reason]')!;
    area.value = text;
    area.dispatchEvent(new Event('input'));
    await settle(2);
    $('[data-test=reverse-form]')!.dispatchEvent(new Event('submit'));
    await settle(15);
  }
  const writeButtons = (wrapper: NewPage['wrapper']) =>
    wrapper.findAll('[data-test^=write-]').map((b) => b.attributes('data-test'));

  it('冲正 of a confirmed one: explains the reversing entries, sends the reason, shows 待复核冲正 and the reason', async () => {
    const { wrapper, calls } = await open('DISTRICT_ADMIN', confirmed(), {
      ConsoleReverseRemittance: (v) => ({
        reverseRemittance: { ...awaitingReversal(), reversalReason: v.reason, reversalRequestedByYou: true },
      }),
    });
    expect(writeButtons(wrapper)).toEqual(['write-request-receipt', 'write-reverse-remittance']);
    await wrapper.find('[data-test=write-reverse-remittance]').trigger('click');
    await settle(5);
    expect($('[data-test=reverse-explain]')!.textContent).toContain('它生成的 3 笔捐赠将由冲正（反向）分录');
    expect($('[data-test=reverse-explain]')!.textContent).toContain(
      '超过复核金额的，须由另一位区管理员复核冲正后才生效',
    );
    expect($('[data-test=reverse-record-again]')!.getAttribute('href')).toBe('/admin/remittances/new');
    await typeReason(`  ${REASON}  `);
    expect(calls.filter((c) => c.operation === 'ConsoleReverseRemittance').map((c) => c.variables)).toEqual([
      { id: 'r1', reason: REASON },
    ]);
    expect(wrapper.find('[data-test=remittance-status]').text()).toBe('待复核冲正');
    expect(wrapper.find('[data-test=remittance-reversal-reason]').text()).toBe(REASON);
    expect(wrapper.find('[data-test=remittance-reversed-at]').text()).toBe('待复核');
    expect(wrapper.find('[data-test=reversal-note]').text()).toContain('须由申请人以外的另一位区管理员复核冲正');
    // Asked for by this admin: no second 冲正, and no 复核冲正 (another district admin carries it out).
    expect(writeButtons(wrapper)).toEqual([]);
  });

  it('冲正 of one not yet confirmed says it cancels it (作废); an empty reason is not sent', async () => {
    const { wrapper, calls } = await open('TOWN_OPERATOR', remittance(), {
      ConsoleReverseRemittance: () => ({
        reverseRemittance: remittance({
          status: 'REVERSED',
          reversalReason: '录错了单位',
          reversedAt: '2026-12-06T01:00:00.000Z',
        }),
      }),
    });
    // A town operator may ask for 冲正, not confirm the remittance.
    expect(writeButtons(wrapper)).toEqual(['write-reverse-remittance']);
    await wrapper.find('[data-test=write-reverse-remittance]').trigger('click');
    await settle(5);
    expect($('[data-test=reverse-explain]')!.textContent?.trim()).toBe(
      '这笔汇款还没有复核确认，没有计入捐款：冲正即作废它。',
    );
    await typeReason('   ');
    await formMessages();
    expect($('[data-test=reverse-form] [data-field=reason] .el-form-item__error')!.textContent).toBe(
      '请写明冲正的原因',
    );
    expect(calls.map((c) => c.operation)).toEqual(['ConsoleRemittanceDetail']);
    await typeReason('录错了单位');
    expect(calls.filter((c) => c.operation === 'ConsoleReverseRemittance').map((c) => c.variables)).toEqual([
      { id: 'r1', reason: '录错了单位' },
    ]);
    expect(wrapper.find('[data-test=remittance-status]').text()).toBe('已冲正');
    expect(wrapper.find('[data-test=remittance-reversed-at]').text()).toBe('2026-12-06 09:00');
    expect(wrapper.find('[data-test=reversal-note]').text()).toContain('已作废：这笔汇款在确认前冲正，没有计入捐款。');
    expect(writeButtons(wrapper)).toEqual([]);
  });

  it('refuses a reason over 200 characters before sending', async () => {
    const { wrapper, calls } = await open('DISTRICT_ADMIN', confirmed());
    await wrapper.find('[data-test=write-reverse-remittance]').trigger('click');
    await settle(5);
    // The textarea's own maxlength stops typing; a pasted value is checked as well.
    const state = (wrapper.vm as unknown as { $: { setupState: { reverseForm: { reason: string } } } }).$.setupState;
    state.reverseForm.reason = '错'.repeat(201);
    await settle(2);
    $('[data-test=reverse-form]')!.dispatchEvent(new Event('submit'));
    await settle(15);
    await formMessages();
    expect($('[data-test=reverse-form] [data-field=reason] .el-form-item__error')!.textContent).toBe(
      '冲正原因最长 200 个字',
    );
    expect(calls.map((c) => c.operation)).toEqual(['ConsoleRemittanceDetail']);
  });

  it('复核冲正 shows the server’s FORBIDDEN in its words, the reversal still waiting', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never);
    const words = '汇款 20261205ICBC0001 超过 10000 元，冲正须由申请人以外的另一位区管理员确认';
    const { wrapper, calls } = await open('DISTRICT_ADMIN', awaitingReversal(), {
      ConsoleConfirmRemittanceReversal: () => {
        throw graphqlError('FORBIDDEN', words);
      },
    });
    expect(wrapper.find('[data-test=remittance-reversal-reason]').text()).toBe(REASON);
    await wrapper.find('[data-test=write-confirm-reversal]').trigger('click');
    await settle(10);
    expect(ElMessageBox.confirm).toHaveBeenCalledWith(
      expect.stringContaining(`原因：${REASON}。确认后它生成的 3 笔捐赠以冲正分录`),
      '复核冲正',
      expect.anything(),
    );
    expect(calls.filter((c) => c.operation === 'ConsoleConfirmRemittanceReversal').map((c) => c.variables)).toEqual([
      { id: 'r1' },
    ]);
    expect(wrapper.find('[data-test=reversal-error]').text()).toBe(words);
    expect(wrapper.find('[data-test=remittance-status]').text()).toBe('待复核冲正');
  });

  it('复核冲正 by another admin: 已冲正, its gifts 已冲正, the time it was carried out', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never);
    const { wrapper } = await open('DISTRICT_ADMIN', awaitingReversal(), {
      ConsoleConfirmRemittanceReversal: () => ({
        confirmRemittanceReversal: {
          ...awaitingReversal(),
          status: 'REVERSED',
          reversedAt: '2026-12-06T02:30:00.000Z',
          gifts: GIFTS.map((g) => ({ ...g, status: 'REVERSED' })),
        },
      }),
    });
    await wrapper.find('[data-test=write-confirm-reversal]').trigger('click');
    await settle(10);
    expect(wrapper.find('[data-test=remittance-status]').text()).toBe('已冲正');
    expect(wrapper.find('[data-test=remittance-reversed-at]').text()).toBe('2026-12-06 10:30');
    const gifts = wrapper
      .findAll('[data-test=remittance-gifts] tbody tr')
      .map((tr) => [tr.findAll('td')[0].text(), tr.findAll('td')[2].text()]);
    expect(gifts).toEqual([
      ['SC202612050001', '已冲正'],
      ['SC202612050002', '已冲正'],
      ['SC202612050003', '已冲正'],
    ]);
    expect(wrapper.find('[data-test=reversal-note]').text()).toContain('已冲正：它的捐赠已由冲正分录');
    expect(wrapper.findAll('[data-test^=write-]')).toHaveLength(0);
  });

  it('offers an auditor neither 冲正 nor 复核冲正, and names a remittance out of scope', async () => {
    const auditor = await open('AUDITOR', confirmed());
    expect(writeButtons(auditor.wrapper)).toEqual([]);
    auditor.wrapper.unmount();
    const town = await open('TOWN_OPERATOR', awaitingReversal());
    expect(writeButtons(town.wrapper)).toEqual([]);
    town.wrapper.unmount();
    signInAs('TOWN_OPERATOR');
    stubServer({
      ConsoleRemittanceDetail: () => {
        throw graphqlError('NOT_FOUND', 'Remittance r9 not found', 'id');
      },
    });
    const { wrapper } = await mountPage(RemittanceDetailPage, '/remittances/r9', { id: 'r9' });
    await settle(10);
    expect(wrapper.find('[role=alert]').text()).toBe('没有找到这笔汇款：它可能不在您的管辖范围内。');
  });
});

// ---- 申请捐赠票据 for the whole remittance
describe('线下汇款: 捐赠票据', () => {
  const confirmed = (over: Record<string, unknown> = {}) =>
    remittance({ status: 'CONFIRMED', confirmedAt: '2026-12-05T03:00:00.000Z', ...over });
  const request = (over: Record<string, unknown> = {}) => ({
    id: 'q1',
    kind: 'REMITTANCE',
    receiptNo: '20261205ICBC0001',
    remittanceId: 'r1',
    amountFen: 1_500_000,
    title: '坛山卫生院',
    taxId: '12370404MB1234567X',
    email: 'caiwu@tsws.cn',
    status: 'REQUESTED',
    requestedAt: '2026-12-06T01:00:00.000Z',
    officialReceiptNo: null,
    issuedAt: null,
    fileUrl: null,
    refusedReason: null,
    ...over,
  });

  async function open(
    role: 'DISTRICT_ADMIN' | 'AUDITOR' | 'TOWN_OPERATOR',
    shown: Record<string, unknown>,
    answer: (v: Record<string, unknown>) => unknown = () => ({ requestRemittanceReceipt: request() }),
  ) {
    signInAs(role);
    const calls = stubServer({
      ConsoleRemittanceDetail: () => ({ remittance: shown }),
      ConsoleRequestRemittanceReceipt: answer,
    });
    const { wrapper } = await mountPage(RemittanceDetailPage, '/remittances/r1', { id: 'r1' });
    await settle(10);
    return { wrapper, calls };
  }
  function type(selector: string, text: string): void {
    const input = $<HTMLInputElement>(`[data-test=${selector}]`)!;
    input.value = text;
    input.dispatchEvent(new Event('input'));
  }
  async function send(): Promise<void> {
    await settle(2);
    $('[data-test=request-receipt-form]')!.dispatchEvent(new Event('submit'));
    await settle(15);
  }

  it('申请捐赠票据 opens with the unit’s name as 抬头 and sends it with the 统一社会信用代码 and email', async () => {
    const { wrapper, calls } = await open('TOWN_OPERATOR', confirmed());
    expect(wrapper.find('[data-test=remittance-receipt]').exists()).toBe(false);
    await wrapper.find('[data-test=write-request-receipt]').trigger('click');
    await settle(5);
    expect($<HTMLInputElement>('[data-test=request-receipt-title]')!.value).toBe('坛山卫生院');
    expect($('[data-test=request-receipt-explain]')!.textContent).toContain('20261205ICBC0001（15,000.00');
    type('request-receipt-tax-id', ' 12370404mb1234567x ');
    type('request-receipt-email', 'caiwu@tsws.cn');
    await send();
    expect(calls.filter((c) => c.operation === 'ConsoleRequestRemittanceReceipt').map((c) => c.variables)).toEqual([
      {
        remittanceId: 'r1',
        input: { title: '坛山卫生院', taxId: '12370404MB1234567X', email: 'caiwu@tsws.cn' },
      },
    ]);
    expect(wrapper.find('[data-test=remittance-receipt-status]').text()).toBe('待开具');
    expect(wrapper.find('[data-test=remittance-receipt]').text()).toContain('抬头 坛山卫生院');
    expect(wrapper.find('[data-test=write-request-receipt]').exists()).toBe(false);
  });

  it('sends no 统一社会信用代码 or email left empty', async () => {
    const { wrapper, calls } = await open('DISTRICT_ADMIN', confirmed());
    await wrapper.find('[data-test=write-request-receipt]').trigger('click');
    await settle(5);
    type('request-receipt-title', ' 坛山街道卫生院 ');
    await send();
    expect(calls.find((c) => c.operation === 'ConsoleRequestRemittanceReceipt')?.variables).toEqual({
      remittanceId: 'r1',
      input: { title: '坛山街道卫生院' },
    });
  });

  it('shows the server’s CONFLICT (members asked for their own lines) as it words it, nothing changed', async () => {
    const words = '这笔汇款中已有 1 笔捐赠由捐赠人本人申请了票据（共 10000.00 元）：整笔汇款不能再开一张';
    const { wrapper } = await open('DISTRICT_ADMIN', confirmed(), () => {
      throw graphqlError('CONFLICT', words);
    });
    await wrapper.find('[data-test=write-request-receipt]').trigger('click');
    await settle(5);
    await send();
    expect($('[data-test=request-receipt-form] [role=alert]')!.textContent).toContain(words);
    expect(wrapper.find('[data-test=remittance-receipt]').exists()).toBe(false);
    expect(wrapper.find('[data-test=write-request-receipt]').exists()).toBe(true);
  });

  it('shows an issued 票据 with its number and file; no second request, and none before it is confirmed', async () => {
    const issued = await open(
      'DISTRICT_ADMIN',
      confirmed({
        officialReceipt: request({
          status: 'ISSUED',
          officialReceiptNo: '鲁财0012345',
          issuedAt: '2026-12-07T01:00:00.000Z',
          fileUrl: '/files/private/f-receipt?ticket=abc',
        }),
      }),
    );
    expect(issued.wrapper.find('[data-test=remittance-receipt-status]').text()).toBe('已开具');
    expect(issued.wrapper.find('[data-test=remittance-receipt]').text()).toContain('票据号码 鲁财0012345');
    const link = issued.wrapper.find('[data-test=remittance-receipt-file]');
    expect(link.attributes('href')).toBe('/files/private/f-receipt?ticket=abc');
    expect(link.attributes('target')).toBe('_blank');
    expect(issued.wrapper.find('[data-test=write-request-receipt]').exists()).toBe(false);
    issued.wrapper.unmount();
    const waiting = await open('DISTRICT_ADMIN', remittance());
    expect(waiting.wrapper.find('[data-test=write-request-receipt]').exists()).toBe(false);
    waiting.wrapper.unmount();
    const auditor = await open('AUDITOR', confirmed());
    expect(auditor.wrapper.find('[data-test=write-request-receipt]').exists()).toBe(false);
  });

  it('offers it again after a refusal, the reason shown and the earlier details filled in', async () => {
    const { wrapper } = await open(
      'DISTRICT_ADMIN',
      confirmed({ officialReceipt: request({ status: 'REFUSED', refusedReason: '抬头与付款单位不一致' }) }),
    );
    expect(wrapper.find('[data-test=remittance-receipt]').text()).toContain('原因：抬头与付款单位不一致');
    await wrapper.find('[data-test=write-request-receipt]').trigger('click');
    await settle(5);
    expect($<HTMLInputElement>('[data-test=request-receipt-tax-id]')!.value).toBe('12370404MB1234567X');
  });
});

// ---- 录入 from the bank statement
describe('线下汇款: 录入 from a transfer on the bank statement', { timeout: 30_000 }, () => {
  async function openNew(query: string) {
    signInAs('DISTRICT_ADMIN');
    stubServer({ ConsoleRemittanceCampaigns: CAMPAIGNS, ConsoleOrganizations: ORGANIZATIONS });
    const { wrapper } = await mountPage(RemittanceNewPage, `/remittances/new${query}`);
    await settle(10);
    const model = (wrapper.vm as unknown as { $: { setupState: { model: Record<string, unknown> } } }).$.setupState
      .model;
    return { wrapper, model };
  }

  it('fills channel, day, amount (fen as 元) and reference from the address', async () => {
    const { wrapper, model } = await openNew(
      '?channel=BANK_TRANSFER&receivedOn=2026-12-04&amountFen=1234560&reference=20261204ABC0009',
    );
    expect(model.channel).toBe('BANK_TRANSFER');
    expect(model.receivedOn).toBe('2026-12-04');
    expect(wrapper.find<HTMLInputElement>('[data-test=remittance-amount]').element.value).toBe('12345.6');
    expect(wrapper.find<HTMLInputElement>('[data-test=remittance-reference]').element.value).toBe('20261204ABC0009');
    expect(wrapper.find('[data-test=remittance-prefilled]').exists()).toBe(true);
  });

  it('leaves out what is not a channel, a day up to today or an amount', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T04:00:00.000Z'));
    const { wrapper, model } = await openNew('?channel=toString&receivedOn=2026-12-09&amountFen=-5');
    expect(model.channel).toBe('BANK_TRANSFER');
    expect(model.receivedOn).toBe('2026-12-07');
    expect(model.amount).toBe('');
    expect(wrapper.find<HTMLInputElement>('[data-test=remittance-reference]').element.value).toBe('');
    const cash = await openNew('?channel=CASH&amountFen=1.5');
    expect(cash.model.channel).toBe('CASH');
    expect(cash.model.amount).toBe('');
  });
});

// ---- 列表
describe('线下汇款: 列表', () => {
  const awaiting = remittance();
  const confirmed = remittance({
    id: 'r2',
    status: 'CONFIRMED',
    channel: 'CASH',
    reference: 'SJ-0042',
    amountFen: 80_000,
    receivedOn: '2026-12-04',
    lines: [{ line: 1 }],
    // One person's cash taken at a centre: no unit.
    organization: null,
  });

  function stub(role: 'DISTRICT_ADMIN' | 'AUDITOR' | 'TOWN_OPERATOR' = 'DISTRICT_ADMIN') {
    signInAs(role);
    return stubServer({
      ConsoleCampaignChoices: () => ({
        campaigns: [{ id: 'c1', slug: 'cixin', title: '2026年慈心一日捐', status: 'ACTIVE' }],
      }),
      ConsoleRemittances: (v) => ({
        remittances: [awaiting, confirmed]
          .filter((r) => !v.status || r.status === v.status)
          .map((r) => ({ ...r, lines: r.lines.map((l) => ({ line: l.line })) })),
      }),
    });
  }
  const shownRows = (wrapper: NewPage['wrapper']) =>
    wrapper.findAll('[data-test=table] tbody tr').map((tr) =>
      tr
        .findAll('td')
        .slice(0, 8)
        .map((td) => td.text()),
    );

  it('lists every remittance with its day, unit, campaign, channel, reference, yuan, lines and status', async () => {
    stub();
    const { wrapper } = await mountPage(RemittancesPage, '/remittances');
    await settle(10);
    expect(shownRows(wrapper)).toEqual([
      ['2026-12-05', '坛山卫生院', '2026年慈心一日捐', '银行转账', '20261205ICBC0001', '15,000.00', '3', '待复核'],
      ['2026-12-04', '个人捐赠', '2026年慈心一日捐', '现金', 'SJ-0042', '800.00', '1', '已确认'],
    ]);
    expect(wrapper.find('[data-test=remittance-r1]').attributes('href')).toBe('/admin/remittances/r1');
  });

  it('filters by status through the server, the filter kept in the address', async () => {
    const calls = stub();
    const { wrapper, router } = await mountPage(RemittancesPage, '/remittances');
    await settle(10);
    const state = (wrapper.vm as unknown as { $: { setupState: { status: string } } }).$.setupState;
    state.status = 'AWAITING_CONFIRMATION';
    await settle(10);
    expect(router.currentRoute.value.query).toEqual({ status: 'AWAITING_CONFIRMATION' });
    expect(calls.filter((c) => c.operation === 'ConsoleRemittances').map((c) => c.variables)).toEqual([
      {},
      { status: 'AWAITING_CONFIRMATION' },
    ]);
    expect(shownRows(wrapper).map((r) => r[4])).toEqual(['20261205ICBC0001']);
    state.status = 'CONFIRMED';
    await settle(10);
    expect(shownRows(wrapper).map((r) => r[4])).toEqual(['SJ-0042']);
  });

  it('offers 录入 to a town operator, not to an auditor', async () => {
    stub('TOWN_OPERATOR');
    const town = await mountPage(RemittancesPage, '/remittances');
    await settle(10);
    expect(town.wrapper.find('[data-test=write-record-remittance]').exists()).toBe(true);
    town.wrapper.unmount();
    stub('AUDITOR');
    const auditor = await mountPage(RemittancesPage, '/remittances?status=CONFIRMED');
    await settle(10);
    expect(auditor.wrapper.findAll('[data-test^=write-]')).toHaveLength(0);
    expect(shownRows(auditor.wrapper).map((r) => r[4])).toEqual(['SJ-0042']);
  });
});
