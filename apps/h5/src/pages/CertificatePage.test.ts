import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DonationReceipt } from '../api/operations';
import { donationLayout } from '../certificate/draw';
import { clearSession, saveSession } from '../session';
import type { OfficialReceipt } from '../api/operations';
import { graphqlError, stubServer } from '../testing/graphql-stub';
import { openPage, pageText } from '../testing/mount-page';

function receipt(ledgerSeq: number | null): DonationReceipt {
  const verifyUrl = ledgerSeq === null ? null : `https://shanchou.test/h5/ledger/verify?seq=${ledgerSeq}`;
  return {
    receiptNo: 'SC202605010001',
    donor: '张*',
    amountFen: 5000,
    amountYuan: '50.00',
    campaignTitle: '2026年慈心一日捐',
    paidAt: '2026-05-01T02:00:00.000Z',
    ledgerSeq,
    verifyUrl,
  };
}

/** A 2D context that draws nothing: enough for the page, which only hands the picture on. */
function stubCanvas(): string[] {
  const texts: string[] = [];
  const context = new Proxy(
    {},
    {
      get: (_, name) => {
        if (name === 'measureText') return (text: string) => ({ width: text.length * 10 });
        if (name === 'fillText') return (text: string) => texts.push(text);
        if (name === 'createLinearGradient') return () => ({ addColorStop: () => undefined });
        return () => undefined;
      },
      set: () => true,
    },
  );
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(context as CanvasRenderingContext2D);
  vi.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockReturnValue('data:image/png;base64,AAAA');
  vi.spyOn(HTMLCanvasElement.prototype, 'toBlob').mockImplementation(() => undefined);
  return texts;
}

describe('the donation certificate', () => {
  beforeEach(() => {
    saveSession('donor', { token: 'donor-token', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
  });
  afterEach(() => {
    clearSession('donor');
    vi.restoreAllMocks();
    document.body.innerHTML = '';
  });

  it('says 正在入账 until the ledger seq is there, never 第 null 条', () => {
    expect(donationLayout(receipt(null)).details).toContain('公开账本：正在入账');
    expect(JSON.stringify(donationLayout(receipt(null)))).not.toMatch(/第 null 条|第 undefined 条/);
    expect(donationLayout(receipt(null)).verifyCaption.join('')).toContain('正在入账');
    expect(donationLayout(receipt(41)).details).toContain('公开账本：第 42 条');
  });

  it('is made out to the name the donor gave under, with their unit; the masked name otherwise', () => {
    const named = donationLayout({ ...receipt(41), donorName: '王 小明', organizationName: '峄城区民政局' });
    expect(named.addressee).toBe('王 小明：');
    expect(named.details[0]).toBe('所在单位：峄城区民政局');
    const plain = donationLayout(receipt(41));
    expect(plain.addressee).toBe('张*：');
    expect(plain.details.some((d) => d.startsWith('所在单位'))).toBe(false);
  });

  it('is drawn again with its seq once the server says the gift is in the ledger', async () => {
    const texts = stubCanvas();
    const answers = [receipt(null), receipt(41)];
    const calls = stubServer({ Receipt: () => ({ donationReceipt: answers.shift() ?? receipt(41) }) });
    const graphql = globalThis.fetch;
    const waits: { query: URLSearchParams; answer: () => void }[] = [];
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(
        typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
        'http://h5.test',
      );
      if (!url.pathname.endsWith('/wait')) return graphql(input, init);
      return new Promise<Response>((resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        waits.push({
          query: url.searchParams,
          answer: () =>
            resolve(
              Response.json({
                receiptNo: 'SC202605010001',
                status: 'PAID',
                paidAt: null,
                ledgerSeq: 41,
                changed: true,
              }),
            ),
        });
      });
    });
    await openPage('/donations/SC202605010001/certificate');
    await vi.waitFor(() => expect(document.body.querySelector('[data-test=ledger-pending]')).not.toBeNull());
    expect(texts).toContain('公开账本：正在入账');
    expect(pageText()).not.toContain('null');
    expect(document.body.querySelector('[data-test=to-verify]')).toBeNull();
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    expect(Object.fromEntries(waits[0].query)).toMatchObject({ status: 'PAID', ledger: '1' });

    waits[0].answer();
    await vi.waitFor(() => expect(document.body.querySelector('[data-test=to-verify]')).not.toBeNull());
    expect(texts).toContain('公开账本：第 42 条');
    expect(document.body.querySelector('[data-test=ledger-pending]')).toBeNull();
    expect(calls.filter((c) => c.operation === 'Receipt')).toHaveLength(2);
    expect(waits).toHaveLength(1);
  });

  describe('公益事业捐赠票据', () => {
    const asked: OfficialReceipt = {
      id: 'r1',
      status: 'REQUESTED',
      title: '峄城区民政局',
      taxId: '91440300708461136T',
      officialReceiptNo: null,
      fileUrl: null,
      requestedAt: '2026-12-07T02:00:00.000Z',
      issuedAt: null,
      refusedReason: null,
    };

    it('asks for the receipt, showing the server’s words for a bad code by its field, then says it waits', async () => {
      stubCanvas();
      let refuse = true;
      const calls = stubServer({
        Receipt: () => ({ donationReceipt: receipt(41) }),
        DonationOfficialReceipt: () => ({ donation: { id: 'd1', receiptNo: 'SC202605010001', officialReceipt: null } }),
        RequestOfficialReceipt: () => {
          if (refuse)
            throw graphqlError(
              'BAD_USER_INPUT',
              'input.taxId: 纳税人识别号须为 18 位统一社会信用代码（单位填写；个人不填），X 不是',
              'input.taxId',
            );
          return { requestOfficialReceipt: asked };
        },
      });
      const { wrapper } = await openPage('/donations/SC202605010001/certificate');
      await vi.waitFor(() => expect(document.body.querySelector('[data-test=ask-official]')).not.toBeNull());
      await wrapper.get('[data-test=ask-official]').trigger('click');
      await wrapper.get('[data-test=official-submit]').trigger('submit');
      await vi.waitFor(() => expect(pageText()).toContain('请填写票据抬头'));
      expect(calls.some((c) => c.operation === 'RequestOfficialReceipt')).toBe(false);

      await wrapper.get('[data-test=official-title] input').setValue('峄城区民政局');
      await wrapper.get('[data-test=official-tax-id] input').setValue('X');
      await wrapper.get('[data-test=official-form]').trigger('submit');
      await vi.waitFor(() => expect(pageText()).toContain('纳税人识别号须为 18 位统一社会信用代码'));
      refuse = false;
      await wrapper.get('[data-test=official-tax-id] input').setValue('91440300708461136T');
      await wrapper.get('[data-test=official-form]').trigger('submit');
      await vi.waitFor(() =>
        expect(document.body.querySelector('[data-test=official-status]')?.textContent).toContain(
          '等待区众筹管理中心开具',
        ),
      );
      expect(calls.filter((c) => c.operation === 'RequestOfficialReceipt').at(-1)!.variables).toEqual({
        input: { receiptNo: 'SC202605010001', title: '峄城区民政局', taxId: '91440300708461136T', email: null },
      });
    });

    it('links an issued receipt’s file, and says why one was refused', async () => {
      stubCanvas();
      let answer: OfficialReceipt = {
        ...asked,
        status: 'ISSUED',
        officialReceiptNo: 'SD2026-0000001',
        fileUrl: '/files/private/f1?ticket=1.abc',
      };
      stubServer({
        Receipt: () => ({ donationReceipt: receipt(41) }),
        DonationOfficialReceipt: () => ({
          donation: { id: 'd1', receiptNo: 'SC202605010001', officialReceipt: answer },
        }),
      });
      await openPage('/donations/SC202605010001/certificate');
      await vi.waitFor(() => expect(document.body.querySelector('[data-test=official-file]')).not.toBeNull());
      expect(document.body.querySelector('[data-test=official-status]')!.textContent).toContain('SD2026-0000001');
      expect(document.body.querySelector('[data-test=official-file]')!.getAttribute('href')).toBe(
        '/files/private/f1?ticket=1.abc',
      );
      document.body.innerHTML = '';
      answer = { ...asked, status: 'REFUSED', refusedReason: '单位将为整笔汇款统一开具' };
      await openPage('/donations/SC202605010001/certificate');
      await vi.waitFor(() =>
        expect(document.body.querySelector('[data-test=official-refused]')?.textContent).toContain(
          '单位将为整笔汇款统一开具',
        ),
      );
      expect(document.body.querySelector('[data-test=ask-official]')).not.toBeNull();
    });
  });
});
