import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EntryView, LedgerKeyView, TreeHeadView } from '../api/operations';
import { clearSession, saveSession } from '../session';
import { settle, stubServer } from '../testing/graphql-stub';
import { serverLedger } from '../testing/ledger-vectors';
import { openPage, pageText } from '../testing/mount-page';

const ledger = serverLedger(12);

type Ledger = ReturnType<typeof serverLedger>;

/** The public ledger's server: entries, the latest head, proofs, the keys — from the server's own code. */
function serve(
  options: { entry?: (e: EntryView) => EntryView; head?: TreeHeadView; keys?: LedgerKeyView[]; of?: Ledger } = {},
) {
  const of = options.of ?? ledger;
  return stubServer({
    EntryAndHead: async (v) => {
      const seq = v.after === undefined ? 0 : Number(v.after) + 1;
      const entry = of.entries[seq];
      return {
        ledger: { entries: entry ? [options.entry ? options.entry(entry) : entry] : [] },
        ledgerTreeHead: options.head ?? (await of.head(12)),
      };
    },
    Proofs: async (v) => ({
      ledgerInclusionProof: await of.inclusion(Number(v.seq), Number(v.treeSize)),
      ...(v.withConsistency
        ? { ledgerConsistencyProof: await of.consistency(Number(v.earlier), Number(v.treeSize)) }
        : {}),
      ledgerPublicKeys: options.keys ?? of.keys,
    }),
  });
}

const verdict = () =>
  document.body.querySelector('[data-test=verified], [data-test=not-verified], [data-test=verify-error]');

describe('the verification page', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows 已验证 for an entry whose proof and signed head check out in the browser', async () => {
    serve();
    await openPage('/ledger/verify?seq=7');
    await vi.waitFor(() => expect(verdict()).not.toBeNull());
    expect(verdict()!.getAttribute('data-test')).toBe('verified');
    expect(pageText()).toContain('第 8 条记录包含在第 12 版已签名账本中');
    expect(document.body.querySelectorAll('[data-test^=check-].pass')).toHaveLength(4);
  });

  it('shows 验证失败, never 已验证, when the entry shown differs from what was signed', async () => {
    serve({ entry: (e) => ({ ...e, amountFen: (e.amountFen ?? 0) * 10 }) });
    await openPage('/ledger/verify?seq=7');
    await vi.waitFor(() => expect(verdict()).not.toBeNull());
    expect(verdict()!.getAttribute('data-test')).toBe('not-verified');
    expect(pageText()).not.toContain('已验证');
    expect(document.body.querySelector('[data-test=check-fields]')!.className).toBe('fail');
  });

  it('shows 验证失败 when the head was signed by another key than the published one', async () => {
    serve({ keys: serverLedger(1).keys.map((k) => ({ ...k, keyId: ledger.keys[0].keyId })) });
    await openPage('/ledger/verify?seq=3');
    await vi.waitFor(() => expect(verdict()).not.toBeNull());
    expect(verdict()!.getAttribute('data-test')).toBe('not-verified');
    expect(document.body.querySelector('[data-test=check-signature]')!.className).toBe('fail');
  });

  it('checks a later visit against the head it verified before, and refuses a ledger that shrank', async () => {
    serve({ head: await ledger.head(8) });
    await openPage('/ledger/verify?seq=2');
    await vi.waitFor(() => expect(verdict()?.getAttribute('data-test')).toBe('verified'));
    document.body.innerHTML = '';

    serve();
    await openPage('/ledger/verify?seq=9');
    await vi.waitFor(() => expect(verdict()?.getAttribute('data-test')).toBe('verified'));
    expect(document.body.querySelector('[data-test=check-consistency]')!.className).toBe('pass');
    document.body.innerHTML = '';

    serve({ head: await ledger.head(5) });
    await openPage('/ledger/verify?seq=1');
    await vi.waitFor(() => expect(verdict()?.getAttribute('data-test')).toBe('verify-error'));
    expect(pageText()).toContain('账本可能被改写过');
  });

  it("after a key rotation, takes on the new key through the consistency proof from the old key's head", async () => {
    const rotated = serverLedger(12, { rotateAt: 9 });
    // Before the rotation the server lists the old key alone.
    serve({ of: rotated, head: await rotated.head(8), keys: [rotated.keys[0]] });
    await openPage('/ledger/verify?seq=2');
    await vi.waitFor(() => expect(verdict()?.getAttribute('data-test')).toBe('verified'));
    document.body.innerHTML = '';

    serve({ of: rotated });
    await openPage('/ledger/verify?seq=10');
    await vi.waitFor(() => expect(verdict()?.getAttribute('data-test')).toBe('verified'));
    expect(document.body.querySelector('[data-test=check-consistency]')!.className).toBe('pass');
    document.body.innerHTML = '';

    // The server stops listing the key this phone verified with: refused, not 已验证.
    serve({ of: rotated, keys: [rotated.keys[1]] });
    await openPage('/ledger/verify?seq=11');
    await vi.waitFor(() => expect(verdict()?.getAttribute('data-test')).toBe('verify-error'));
    expect(pageText()).toContain('不在服务器公布的公钥列表中');
  });

  it('refuses a new key without a head of the old one to prove the ledger only grew', async () => {
    localStorage.setItem('shanchou.ledger.keys', JSON.stringify([serverLedger(1).keys[0].keyId]));
    serve();
    await openPage('/ledger/verify?seq=3');
    await vi.waitFor(() => expect(verdict()?.getAttribute('data-test')).toBe('verify-error'));
    expect(pageText()).toContain('签名公钥与本机上次看到的不同');
  });

  it('keeps checking against a head remembered before heads named their key (the key pinned then)', async () => {
    const old = await ledger.head(8);
    const { keyId: _keyId, ...unnamed } = old;
    localStorage.setItem('shanchou.ledger.head', JSON.stringify(unnamed));
    localStorage.setItem('shanchou.ledger.key', JSON.stringify(ledger.publicKeyPem));
    serve();
    await openPage('/ledger/verify?seq=9');
    await vi.waitFor(() => expect(verdict()?.getAttribute('data-test')).toBe('verified'));
    expect(document.body.querySelector('[data-test=check-consistency]')!.className).toBe('pass');
  });

  it('takes the position people read (第 8 条) and checks seq 7; shows the position of a seq it was sent', async () => {
    serve();
    const { wrapper, router } = await openPage('/ledger/verify');
    await wrapper.get('[data-test=verify-input] input').setValue('8');
    await wrapper.get('[data-test=verify-find]').trigger('click');
    await vi.waitFor(() => expect(router.currentRoute.value.query.seq).toBe('7'));
    await vi.waitFor(() => expect(verdict()?.getAttribute('data-test')).toBe('verified'));
    expect(pageText()).toContain('第 8 条（seq 7）');
    await wrapper.get('[data-test=verify-input] input').setValue('0');
    await wrapper.get('[data-test=verify-find]').trigger('click');
    await vi.waitFor(() => expect(pageText()).toContain('账本序号从 1 开始'));
    document.body.innerHTML = '';
    const again = await openPage('/ledger/verify?seq=7');
    expect((again.wrapper.get('[data-test=verify-input] input').element as HTMLInputElement).value).toBe('8');
  });

  it('says so when the ledger has no such entry yet', async () => {
    serve();
    await openPage('/ledger/verify?seq=40');
    await vi.waitFor(() => expect(verdict()?.getAttribute('data-test')).toBe('verify-error'));
    expect(pageText()).toContain('公开账本中还没有第 41 条记录');
  });

  it('says a paid gift is 正在入账 when its ledger seq is not there yet, never 第 null 条', async () => {
    saveSession('donor', { token: 'donor-token', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    const calls = stubServer({
      Donation: () => ({
        donation: {
          id: 'd1',
          receiptNo: 'SC202605010001',
          amountFen: 5000,
          status: 'PAID',
          paidAt: '2026-05-01T02:00:00.000Z',
          displayName: '爱心人士',
          message: null,
          ledgerSeq: null,
          campaign: { id: 'c1', slug: 'cixin-yiri-juan-2026', title: '2026年慈心一日捐', kind: 'ONE_DAY_PAY' },
          organization: null,
        },
      }),
    });
    const { wrapper } = await openPage('/ledger/verify');
    await wrapper.get('[data-test=verify-input] input').setValue('SC202605010001');
    await wrapper.get('[data-test=verify-find]').trigger('click');
    await settle();
    await vi.waitFor(() => expect(pageText()).toContain('正在入账'));
    expect(pageText()).not.toContain('null');
    expect(calls.map((c) => c.operation)).toContain('Donation');
    clearSession('donor');
  });
});
