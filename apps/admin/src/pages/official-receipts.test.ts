import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { menuFor } from '../menu';
import { clearSession } from '../session';
import { graphqlError, settle, stubServer, type GraphqlCall } from '../testing/graphql-stub';
import { mountPage, signInAs } from '../testing/mount';
import OfficialReceiptsPage from './OfficialReceiptsPage.vue';

beforeEach(() => clearSession());
afterEach(() => vi.restoreAllMocks());

const $ = <E extends Element = HTMLElement>(selector: string): E | null => document.querySelector<E>(selector);

const request = (over: Record<string, unknown> = {}) => ({
  id: 'q1',
  kind: 'GIFT',
  receiptNo: 'SC202612070042',
  remittanceId: null,
  amountFen: 20_000,
  title: '张伟',
  taxId: null,
  email: 'zhangwei@example.cn',
  status: 'REQUESTED',
  requestedAt: '2026-12-06T01:00:00.000Z',
  officialReceiptNo: null,
  issuedAt: null,
  fileUrl: null,
  refusedReason: null,
  ...over,
});
const unitRequest = () =>
  request({
    id: 'q2',
    kind: 'REMITTANCE',
    receiptNo: '20261205ICBC0001',
    remittanceId: 'r1',
    amountFen: 1_500_000,
    title: '坛山卫生院',
    taxId: '12370404MB1234567X',
    email: null,
    requestedAt: '2026-12-06T02:00:00.000Z',
  });
const issuedRequest = () =>
  request({
    id: 'q3',
    receiptNo: 'SC202612010007',
    title: '李娜',
    email: null,
    status: 'ISSUED',
    officialReceiptNo: '鲁财0012345',
    issuedAt: '2026-12-05T03:00:00.000Z',
    fileUrl: '/files/private/f-receipt?ticket=abc',
  });

type Handlers = Record<string, (v: Record<string, unknown>) => unknown>;

async function open(role: 'DISTRICT_ADMIN' | 'AUDITOR', handlers: Handlers = {}, path = '/official-receipts') {
  signInAs(role);
  const uploads: { purpose: FormDataEntryValue | null; name: string }[] = [];
  const calls: GraphqlCall[] = stubServer(
    {
      ConsoleOfficialReceiptRequests: () => ({
        officialReceiptRequests: [request(), unitRequest(), issuedRequest()],
      }),
      ...handlers,
    },
    (url, init) => {
      if (url !== '/files') return new Response('not found', { status: 404 });
      const form = init?.body as FormData;
      uploads.push({ purpose: form.get('purpose'), name: (form.get('file') as File).name });
      return Response.json(
        { id: 'f-receipt', url: '/files/private/f-receipt', width: null, height: null, contentType: 'application/pdf' },
        { status: 201 },
      );
    },
  );
  const { wrapper, router } = await mountPage(OfficialReceiptsPage, path);
  await settle(10);
  return { wrapper, router, calls, uploads };
}

const rows = (wrapper: Awaited<ReturnType<typeof open>>['wrapper']) =>
  wrapper.findAll('[data-test=table] tbody tr').map((tr) => tr.findAll('td').map((td) => td.text()));

function type(selector: string, text: string): void {
  const input = $<HTMLInputElement | HTMLTextAreaElement>(`[data-test=${selector}]`)!;
  input.value = text;
  input.dispatchEvent(new Event('input'));
}
async function submit(form: string): Promise<void> {
  await settle(2);
  $(`[data-test=${form}]`)!.dispatchEvent(new Event('submit'));
  await settle(15);
}
async function upload(name: string, type: string): Promise<void> {
  const input = $<HTMLInputElement>('[data-test=issue-file-input]')!;
  Object.defineProperty(input, 'files', { value: [new File(['%PDF-1.7'], name, { type })], configurable: true });
  input.dispatchEvent(new Event('change'));
  await settle(10);
}

describe('捐赠票据', { timeout: 30_000 }, () => {
  it('is in the menu after 登记个人捐赠 for the district admin and the auditor only', () => {
    for (const role of ['DISTRICT_ADMIN', 'AUDITOR'] as const) {
      const titles = menuFor(role).map((p) => p.title);
      expect(titles).toContain('捐赠票据');
      expect(titles.indexOf('捐赠票据')).toBe(titles.indexOf('线下汇款') + (role === 'AUDITOR' ? 1 : 2));
    }
    for (const role of ['TOWN_OPERATOR', 'VILLAGE_OPERATOR'] as const)
      expect(menuFor(role).map((p) => p.title)).not.toContain('捐赠票据');
  });

  it('lists the requests in the server’s order: receipt or 流水号 with who asked, 元, 抬头, code, email, status, time, number', async () => {
    const { wrapper, calls } = await open('DISTRICT_ADMIN');
    expect(calls.map((c) => [c.operation, c.variables])).toEqual([['ConsoleOfficialReceiptRequests', {}]]);
    expect(rows(wrapper).map((r) => r.slice(0, 8))).toEqual([
      ['个人SC202612070042', '200.00', '张伟', '—', 'zhangwei@example.cn', '待开具', '2026-12-06 09:00', '—'],
      [
        '单位整笔20261205ICBC0001',
        '15,000.00',
        '坛山卫生院',
        '12370404MB1234567X',
        '—',
        '待开具',
        '2026-12-06 10:00',
        '—',
      ],
      ['个人SC202612010007', '200.00', '李娜', '—', '—', '已开具', '2026-12-06 09:00', '鲁财0012345'],
    ]);
    expect(wrapper.find('[data-test=receipt-request-q2] a').attributes('href')).toBe('/admin/remittances/r1');
    const file = wrapper.find('[data-test=receipt-file-q3]');
    expect(file.attributes('href')).toBe('/files/private/f-receipt?ticket=abc');
    expect(file.attributes('target')).toBe('_blank');
    expect(wrapper.find('[data-test=write-issue-q1]').exists()).toBe(true);
    expect(wrapper.find('[data-test=write-refuse-q2]').exists()).toBe(true);
    expect(wrapper.find('[data-test=write-issue-q3]').exists()).toBe(false);
  });

  it('filters by status through the server, the filter kept in the address', async () => {
    const { calls, router } = await open('AUDITOR', {}, '/official-receipts?status=ISSUED');
    expect(calls.map((c) => c.variables)).toEqual([{ status: 'ISSUED' }]);
    await router.replace({ query: { status: 'REFUSED' } });
    await settle(10);
    expect(calls.map((c) => c.variables)).toEqual([{ status: 'ISSUED' }, { status: 'REFUSED' }]);
  });

  it('开具: uploads the 票据 as official-receipt, sends its number and file, and lists it issued', async () => {
    let issued = false;
    const { wrapper, calls, uploads } = await open('DISTRICT_ADMIN', {
      ConsoleOfficialReceiptRequests: () => ({
        officialReceiptRequests: issued
          ? [unitRequest(), { ...request(), status: 'ISSUED', officialReceiptNo: '鲁财0012346', fileUrl: '/f?t=1' }]
          : [request(), unitRequest()],
      }),
      ConsoleIssueOfficialReceipt: (v) => {
        issued = true;
        return { issueOfficialReceipt: { ...request(), status: 'ISSUED', officialReceiptNo: v.officialReceiptNo } };
      },
    });
    await wrapper.find('[data-test=write-issue-q1]').trigger('click');
    await settle(5);
    expect($('[data-test=issue-explain]')!.textContent).toBe('个人 SC202612070042 · 200.00 元 · 抬头 张伟');
    type('issue-number', ' 鲁财0012346 ');
    await upload('票据.pdf', 'application/pdf');
    await submit('issue-form');
    expect(uploads).toEqual([{ purpose: 'official-receipt', name: '票据.pdf' }]);
    expect(calls.filter((c) => c.operation === 'ConsoleIssueOfficialReceipt').map((c) => c.variables)).toEqual([
      { requestId: 'q1', officialReceiptNo: '鲁财0012346', fileId: 'f-receipt' },
    ]);
    expect(rows(wrapper).map((r) => [r[0], r[5], r[7]])).toEqual([
      ['单位整笔20261205ICBC0001', '待开具', '—'],
      ['个人SC202612070042', '已开具', '鲁财0012346'],
    ]);
    expect(wrapper.find('[data-test=write-issue-q1]').exists()).toBe(false);
  });

  it('asks for the number and the file before sending', async () => {
    const { wrapper, calls } = await open('DISTRICT_ADMIN');
    await wrapper.find('[data-test=write-issue-q1]').trigger('click');
    await settle(5);
    await submit('issue-form');
    await new Promise((r) => setTimeout(r, 150));
    const text = $('[data-test=issue-form]')!.textContent;
    expect(text).toContain('请填写票据号码');
    expect(text).toContain('请上传票据的扫描件或 PDF');
    expect(calls.map((c) => c.operation)).toEqual(['ConsoleOfficialReceiptRequests']);
  });

  it('shows a number already used (CONFLICT) at the number as the server words it', async () => {
    const words = '票据号码 鲁财0012345 已开给 SC202612010007：一张票据只能开给一笔捐赠';
    const { wrapper } = await open('DISTRICT_ADMIN', {
      ConsoleIssueOfficialReceipt: () => {
        throw graphqlError('CONFLICT', words, 'officialReceiptNo');
      },
    });
    await wrapper.find('[data-test=write-issue-q1]').trigger('click');
    await settle(5);
    type('issue-number', '鲁财0012345');
    await upload('票据.jpg', 'image/jpeg');
    await submit('issue-form');
    expect($('[data-field=officialReceiptNo] [data-test=field-error]')!.textContent).toBe(words);
    expect($('[data-test=issue-form]')).not.toBeNull();
  });

  it('不予开具: sends the reason and lists it refused with the reason', async () => {
    let refused = false;
    const reason = '抬头与付款单位不一致，请核对后重新申请';
    const { wrapper, calls } = await open('DISTRICT_ADMIN', {
      ConsoleOfficialReceiptRequests: () => ({
        officialReceiptRequests: refused
          ? [request(), { ...unitRequest(), status: 'REFUSED', refusedReason: reason }]
          : [request(), unitRequest()],
      }),
      ConsoleRefuseOfficialReceipt: (v) => {
        refused = true;
        return { refuseOfficialReceipt: { ...unitRequest(), status: 'REFUSED', refusedReason: v.reason } };
      },
    });
    await wrapper.find('[data-test=write-refuse-q2]').trigger('click');
    await settle(5);
    expect($('[data-test=refuse-explain]')!.textContent).toBe(
      '单位整笔 20261205ICBC0001 · 15,000.00 元 · 抬头 坛山卫生院',
    );
    type('refuse-reason', ` ${reason} `);
    await submit('refuse-form');
    expect(calls.filter((c) => c.operation === 'ConsoleRefuseOfficialReceipt').map((c) => c.variables)).toEqual([
      { requestId: 'q2', reason },
    ]);
    expect(rows(wrapper)[1][5]).toBe(`不予开具${reason}`);
    expect(wrapper.find('[data-test=write-refuse-q2]').exists()).toBe(false);
  });

  it('sends no empty reason', async () => {
    const { wrapper, calls } = await open('DISTRICT_ADMIN');
    await wrapper.find('[data-test=write-refuse-q1]').trigger('click');
    await settle(5);
    type('refuse-reason', '  ');
    await submit('refuse-form');
    await new Promise((r) => setTimeout(r, 150));
    expect($('[data-test=refuse-form]')!.textContent).toContain('请写明不予开具的原因');
    expect(calls.map((c) => c.operation)).toEqual(['ConsoleOfficialReceiptRequests']);
  });

  it('shows the auditor the same list, the issued 票据’s link, and no button', async () => {
    const { wrapper } = await open('AUDITOR');
    expect(rows(wrapper)).toHaveLength(3);
    expect(wrapper.find('[data-test=receipt-file-q3]').exists()).toBe(true);
    expect(wrapper.findAll('[data-test^=write-]')).toHaveLength(0);
  });
});
