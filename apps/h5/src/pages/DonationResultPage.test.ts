import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DonationStatus } from '../api/operations';
import { clearSession, saveSession } from '../session';
import { stubServer } from '../testing/graphql-stub';
import { openPage, pageText } from '../testing/mount-page';

function donation(status: DonationStatus) {
  return {
    id: 'd1',
    receiptNo: 'SC202605010001',
    amountFen: 5000,
    status,
    paidAt: status === 'PAID' ? '2026-05-01T02:00:00.000Z' : null,
    displayName: '爱心人士',
    message: null,
    ledgerSeq: status === 'PAID' ? 41 : null,
    campaign: { id: 'c1', slug: 'cixin-yiri-juan-2026', title: '2026年慈心一日捐', kind: 'ONE_DAY_PAY' },
    organization: null,
  };
}

describe('the result page', () => {
  beforeEach(() => {
    saveSession('donor', { token: 'donor-token', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
  });
  afterEach(() => {
    clearSession('donor');
    document.body.innerHTML = '';
  });

  it('waits for the server to say PAID before it thanks the donor', async () => {
    const answers: DonationStatus[] = ['PENDING', 'PENDING', 'PAID'];
    const calls = stubServer({ Donation: () => ({ donation: donation(answers.shift() ?? 'PAID') }) });
    await openPage('/donations/SC202605010001');
    expect(pageText()).toContain('正在确认支付结果');
    expect(document.body.querySelector('[data-test=paid]')).toBeNull();
    await vi.waitFor(() => expect(document.body.querySelector('[data-test=paid]')).not.toBeNull(), { timeout: 5000 });
    expect(calls.filter((c) => c.operation === 'Donation')).toHaveLength(3);
    expect(pageText()).toContain('第 41 条');
    expect(document.body.querySelector('[data-test=to-certificate]')).not.toBeNull();
  });

  it('says an unpaid order was closed and nothing was charged', async () => {
    stubServer({ Donation: () => ({ donation: donation('CLOSED') }) });
    await openPage('/donations/SC202605010001');
    await vi.waitFor(() => expect(pageText()).toContain('订单已关闭'));
    expect(pageText()).toContain('没有扣款');
    expect(document.body.querySelector('[data-test=to-certificate]')).toBeNull();
  });
});
