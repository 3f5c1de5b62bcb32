import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { menuFor } from '../menu';
import { clearSession } from '../session';
import { graphqlError, settle, stubServer, type GraphqlCall } from '../testing/graphql-stub';
import { mountPage, signInAs } from '../testing/mount';
import OfflineGiftNewPage from './OfflineGiftNewPage.vue';
import OfflineGiftReceiptPage from './OfflineGiftReceiptPage.vue';

beforeEach(() => clearSession());
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const CAMPAIGNS = () => ({
  campaigns: [
    { id: 'c0', slug: 'draft', title: '草稿项目', status: 'DRAFT', fixedAmountFen: null },
    { id: 'c1', slug: 'cixin', title: '2026年慈心一日捐', status: 'ACTIVE', fixedAmountFen: null },
    { id: 'c2', slug: 'old', title: '已结束的项目', status: 'CLOSED', fixedAmountFen: null },
    { id: 'c3', slug: 'dangfei', title: '一元爱心党费', status: 'ACTIVE', fixedAmountFen: 100 },
  ],
});
const ORGANIZATIONS = () => ({
  organizations: [{ id: 'o1', name: '坛山卫生院', kind: 'WORK_UNIT', regionCode: '370404001', regionName: '坛山街道' }],
});

const gift = (over: Record<string, unknown> = {}) => ({
  id: 'd1',
  receiptNo: 'SC202612070042',
  amountFen: 12_345,
  status: 'PAID',
  channel: 'CASH',
  paidAt: '2026-12-07T02:00:00.000Z',
  displayName: '张*',
  message: null,
  campaign: { id: 'c1', title: '2026年慈心一日捐' },
  organization: null,
  giverPhone: null,
  offlineRecord: null,
  ...over,
});

type Wrapper = Awaited<ReturnType<typeof mountPage>>['wrapper'];

/** The page with a campaign chosen, the giver, amount and receipt stub typed, the voucher uploaded. */
async function newGift(recordAnswer: (v: Record<string, unknown>) => unknown, amount = '123.45') {
  signInAs('VILLAGE_OPERATOR', '370404001001');
  const uploads: (FormDataEntryValue | null)[] = [];
  const calls = stubServer(
    {
      ConsoleRemittanceCampaigns: CAMPAIGNS,
      ConsoleOrganizations: ORGANIZATIONS,
      ConsoleRecordOfflineGift: recordAnswer,
    },
    (url, init) => {
      if (url !== '/files') return new Response('not found', { status: 404 });
      uploads.push((init?.body as FormData).get('purpose'));
      return Response.json(
        { id: 'file-stub', url: '/files/private/file-stub', width: 800, height: 600, contentType: 'image/jpeg' },
        { status: 201 },
      );
    },
  );
  const { wrapper, router } = await mountPage(OfflineGiftNewPage, '/offline-gifts/new');
  await settle(10);
  const state = (wrapper.vm as unknown as { $: { setupState: Record<string, unknown> } }).$.setupState;
  const model = state.model as Record<string, unknown>;
  model.campaignId = 'c1';
  await wrapper.find('[data-test=gift-name]').setValue(' 张伟 ');
  await wrapper.find('[data-test=gift-amount]').setValue(amount);
  await wrapper.find('[data-test=gift-reference]').setValue(' SJ-0042 ');
  const input = wrapper.find('[data-test=gift-voucher-input]');
  Object.defineProperty(input.element, 'files', { value: [new File(['jpeg'], '存根.jpg', { type: 'image/jpeg' })] });
  await input.trigger('change');
  await settle(10);
  return { wrapper, router, calls, uploads, model, state };
}

async function submit(wrapper: Wrapper): Promise<void> {
  await wrapper.find('form').trigger('submit');
  await settle(15);
}

/** Element Plus shows a field's own check after a short debounce. */
async function formMessages(): Promise<void> {
  await new Promise((r) => setTimeout(r, 150));
  await settle(2);
}

describe('登记个人捐赠', { timeout: 30_000 }, () => {
  it('is in the menu beside 线下汇款 for the district admin, town and village operators, not the auditor', () => {
    for (const role of ['DISTRICT_ADMIN', 'TOWN_OPERATOR', 'VILLAGE_OPERATOR'] as const)
      expect(menuFor(role).map((p) => p.title)).toContain('登记个人捐赠');
    expect(menuFor('AUDITOR').map((p) => p.title)).not.toContain('登记个人捐赠');
    const titles = menuFor('DISTRICT_ADMIN').map((p) => p.title);
    expect(titles.indexOf('登记个人捐赠')).toBe(titles.indexOf('线下汇款') + 1);
  });

  it('sends the gift in fen with the phone’s 11 digits and the voucher, then opens its receipt', async () => {
    // 01:30 on 8 December in Beijing, still the 7th in UTC: the default day is Beijing's.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T17:30:00.000Z'));
    let sent: Record<string, unknown> | undefined;
    const { wrapper, router, uploads } = await newGift((v) => {
      sent = v;
      return { recordOfflineGift: gift() };
    });
    await wrapper.find('[data-test=gift-phone]').setValue('138 1234 1234');
    expect(wrapper.find('[data-test=gift-amount-words]').text()).toBe('大写：壹佰贰拾叁元肆角伍分');
    expect(wrapper.find('[data-test=gift-handler]').text()).toBe('测试账号（峄城区）');
    await submit(wrapper);
    expect(uploads).toEqual(['attachment']);
    expect(sent).toEqual({
      input: {
        campaignId: 'c1',
        amountFen: 12_345,
        channel: 'CASH',
        receivedOn: '2026-12-08',
        reference: 'SJ-0042',
        voucherFileId: 'file-stub',
        anonymous: false,
        name: '张伟',
        phone: '13812341234',
      },
    });
    expect(router.currentRoute.value.fullPath).toBe('/offline-gifts/SC202612070042/receipt');
    expect((router.options.history.state as { justRecorded: unknown }).justRecorded).toEqual({
      receiptNo: 'SC202612070042',
      giver: '张伟',
      receivedOn: '2026-12-08',
      reference: 'SJ-0042',
      handler: '测试账号',
      handlerRegion: '峄城区',
      phone: '138****1234',
    });
  });

  it('offers only campaigns raising money now; a fixed-amount one fills the amount', async () => {
    const { wrapper, state, model } = await newGift(() => ({}));
    expect((state.campaigns as { id: string }[]).map((c) => c.id)).toEqual(['c1', 'c3']);
    model.campaignId = 'c3';
    await settle(3);
    expect(wrapper.find<HTMLInputElement>('[data-test=gift-amount]').element.value).toBe('1');
    expect(wrapper.find('[data-test=gift-amount-words]').text()).toBe('大写：壹元整');
  });

  it('asks for a name or 匿名, and a right phone, before sending', async () => {
    const { wrapper, calls } = await newGift(() => ({}));
    await wrapper.find('[data-test=gift-name]').setValue('');
    await wrapper.find('[data-test=gift-phone]').setValue('1381234');
    await submit(wrapper);
    await formMessages();
    expect(wrapper.find('[data-field=name] .el-form-item__error').text()).toBe('请填写捐赠人姓名，或勾选匿名');
    expect(wrapper.find('[data-field=phone] .el-form-item__error').text()).toBe(
      '手机号须为 11 位中国大陆手机号码（1 开头），也可以不填',
    );
    expect(calls.map((c) => c.operation)).not.toContain('ConsoleRecordOfflineGift');
  });

  it('refuses an amount that is not 元 with at most two decimals before sending', async () => {
    const { wrapper, calls } = await newGift(() => ({}), '12.345');
    await submit(wrapper);
    await formMessages();
    expect(wrapper.find('[data-field=amount] .el-form-item__error').text()).toBe(
      '请填写捐赠金额，单位元，最多两位小数',
    );
    expect(calls.map((c) => c.operation)).not.toContain('ConsoleRecordOfflineGift');
  });

  it('sends an anonymous gift with no name', async () => {
    let sent: { input: Record<string, unknown> } | undefined;
    const { wrapper, router } = await newGift((v) => {
      sent = v as typeof sent;
      return { recordOfflineGift: gift({ displayName: '爱心人士' }) };
    });
    await wrapper.find('[data-test=gift-name]').setValue('');
    await wrapper.find('[data-test=gift-anonymous] input').setValue(true);
    await submit(wrapper);
    expect(sent!.input).toMatchObject({ anonymous: true });
    expect(sent!.input).not.toHaveProperty('name');
    expect(sent!.input).not.toHaveProperty('phone');
    expect((router.options.history.state as { justRecorded: { giver: string } }).justRecorded.giver).toBe('匿名');
  });

  it('shows the server’s BAD_USER_INPUT on input.phone at the phone field', async () => {
    const { wrapper } = await newGift(() => {
      throw graphqlError(
        'BAD_USER_INPUT',
        'input.phone: 手机号须为 11 位中国大陆手机号码（1 开头），不是 "19912341234"',
        'input.phone',
      );
    });
    await wrapper.find('[data-test=gift-phone]').setValue('19912341234');
    await submit(wrapper);
    expect(wrapper.find('[data-field=phone] [data-test=field-error]').text()).toBe(
      '手机号须为 11 位中国大陆手机号码（1 开头），不是 "19912341234"',
    );
    expect(wrapper.find('[data-field=amount] [data-test=field-error]').exists()).toBe(false);
  });

  it('shows the server’s refusal of input.amountFen at the amount', async () => {
    const { wrapper } = await newGift(() => {
      throw graphqlError('BAD_USER_INPUT', 'input.amountFen: 这笔捐赠 123.45 元超过单笔最多 100 元', 'input.amountFen');
    });
    await submit(wrapper);
    expect(wrapper.find('[data-field=amount] [data-test=field-error]').text()).toBe(
      '这笔捐赠 123.45 元超过单笔最多 100 元',
    );
  });
});

describe('捐赠收据', { timeout: 30_000 }, () => {
  async function receipt(answer: unknown, role: 'DISTRICT_ADMIN' | 'VILLAGE_OPERATOR' = 'DISTRICT_ADMIN') {
    signInAs(role);
    const calls: GraphqlCall[] = stubServer({ ConsoleOfflineGiftReceipt: () => ({ donation: answer }) });
    const { wrapper } = await mountPage(OfflineGiftReceiptPage, '/offline-gifts/SC202612070042/receipt', {
      receiptNo: 'SC202612070042',
    });
    await settle(10);
    return { wrapper, calls };
  }

  it('reprints by its receipt number: the number, 大写, 待复核 and the phone notice, the giver masked', async () => {
    const { wrapper, calls } = await receipt(
      gift({ status: 'PENDING', paidAt: null, amountFen: 10_000_500, giverPhone: '138****1234' }),
    );
    expect(calls.map((c) => [c.operation, c.variables])).toEqual([
      ['ConsoleOfflineGiftReceipt', { receiptNo: 'SC202612070042' }],
    ]);
    expect(wrapper.find('[data-test=receipt-no]').text()).toBe('SC202612070042');
    expect(wrapper.find('[data-test=receipt-amount]').text()).toBe('¥100,005.00 元');
    expect(wrapper.find('[data-test=receipt-amount-words]').text()).toBe('人民币壹拾万零伍元整');
    expect(wrapper.find('[data-test=receipt-giver]').text()).toBe('张*');
    expect(wrapper.find('[data-test=receipt-channel]').text()).toBe('现金');
    expect(wrapper.find('[data-test=receipt-status]').text()).toBe('待复核');
    expect(wrapper.find('[data-test=receipt-pending]').text()).toContain('待区管理员复核确认后计入项目');
    expect(wrapper.find('[data-test=receipt-phone-notice]').text()).toBe(
      '凭登记的手机号 138****1234 在「善筹」公众号「我的捐赠」中绑定手机号后即可查到本笔捐赠和电子捐赠证书。',
    );
    // No offlineRecord in the answer: only who reprints it is known.
    expect(wrapper.find('[data-test=receipt-handler]').text()).toBe('补打：测试账号（峄城区）');
    expect(wrapper.find('[data-test=receipt-reprinted-by]').exists()).toBe(false);
    expect(wrapper.find('[data-test=receipt-reprint]').exists()).toBe(true);
  });

  it('reprints the day, the voucher’s number and 经办人 as offlineRecord keeps them, with who reprints it', async () => {
    // Taken on the 6th, the gift confirmed (paidAt) on the 7th: the receipt keeps the day it was taken.
    const { wrapper } = await receipt(
      gift({
        channel: 'BANK_TRANSFER',
        offlineRecord: { receivedOn: '2026-12-06', reference: 'HD-20261206-0042', recordedBy: '王晓' },
      }),
    );
    expect(wrapper.find('[data-test=receipt-reprint]').exists()).toBe(true);
    expect(wrapper.find('[data-test=receipt-day]').text()).toBe('2026-12-06');
    expect(wrapper.find('[data-test=receipt-channel]').text()).toBe('银行转账（凭证号 HD-20261206-0042）');
    expect(wrapper.find('[data-test=receipt-handler]').text()).toBe('王晓');
    expect(wrapper.find('[data-test=receipt-reprinted-by]').text()).toBe('测试账号（峄城区）');
    expect(wrapper.find('[data-test=receipt-giver]').text()).toBe('张*');
  });

  it('prints, just recorded, the name typed, the day, the voucher’s number and 经办人', async () => {
    signInAs('VILLAGE_OPERATOR');
    stubServer({ ConsoleOfflineGiftReceipt: () => ({ donation: gift() }) });
    const { router } = await mountPage(OfflineGiftNewPage, '/offline-gifts/new');
    await router.push({
      path: '/offline-gifts/SC202612070042/receipt',
      state: {
        justRecorded: {
          receiptNo: 'SC202612070042',
          giver: '张伟',
          receivedOn: '2026-12-06',
          reference: 'SJ-0042',
          handler: '王晓',
          handlerRegion: '坛山街道',
          phone: '138****1234',
        },
      },
    });
    const wrapper = mount(OfflineGiftReceiptPage, {
      props: { receiptNo: 'SC202612070042' },
      global: { plugins: [router] },
      attachTo: document.body,
    });
    await settle(10);
    expect(wrapper.find('[data-test=receipt-giver]').text()).toBe('张伟');
    expect(wrapper.find('[data-test=receipt-day]').text()).toBe('2026-12-06');
    expect(wrapper.find('[data-test=receipt-channel]').text()).toBe('现金（凭证号 SJ-0042）');
    expect(wrapper.find('[data-test=receipt-handler]').text()).toBe('王晓（坛山街道）');
    expect(wrapper.find('[data-test=receipt-status]').text()).toBe('已入账');
    expect(wrapper.find('[data-test=receipt-amount-words]').text()).toBe('人民币壹佰贰拾叁元肆角伍分');
    // An answer without giverPhone: the form's masked one is printed.
    expect(wrapper.find('[data-test=receipt-phone-notice]').text()).toContain('138****1234');
    expect(wrapper.find('[data-test=receipt-pending]').exists()).toBe(false);
    expect(wrapper.find('[data-test=receipt-reprint]').exists()).toBe(false);
    expect(wrapper.find('[data-test=receipt-reprinted-by]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('打印 prints the page, only the receipt (the console’s menu and header are left out)', async () => {
    const printed = vi.fn();
    vi.stubGlobal('print', printed);
    const { wrapper } = await receipt(gift({ channel: 'CHEQUE' }), 'VILLAGE_OPERATOR');
    expect(document.body.classList.contains('printing-receipt')).toBe(true);
    expect(wrapper.find('[data-test=receipt-phone-notice]').exists()).toBe(false);
    expect(wrapper.find('[data-test=receipt-channel]').text()).toBe('支票');
    await wrapper.find('[data-test=receipt-print]').trigger('click');
    expect(printed).toHaveBeenCalledTimes(1);
    wrapper.unmount();
    expect(document.body.classList.contains('printing-receipt')).toBe(false);
  });

  it('says so when there is no gift of that number in reach', async () => {
    const { wrapper } = await receipt(null);
    expect(wrapper.find('[data-test=receipt-error]').text()).toBe(
      '没有找到收据号为 SC202612070042 的捐赠：请核对收据号，或它不在您的管辖范围内。',
    );
    expect(wrapper.find('[data-test=receipt]').exists()).toBe(false);
  });
});
