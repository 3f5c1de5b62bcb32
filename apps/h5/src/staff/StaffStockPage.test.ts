import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetMyNode } from '../goods/myNode';
import { ITEM_PAGE_SIZE, type Item } from '../goods/operations';
import { clearSession, saveSession } from '../session';
import { graphqlError, stubServer } from '../testing/graphql-stub';
import { openPage, pageText } from '../testing/mount-page';

const CENTRE = { id: 'n1', name: '峄城区众筹管理中心', kind: 'MANAGEMENT_CENTER' };

function item(i: number): Item {
  return {
    id: `i${i}`,
    code: `IT-${String(i).padStart(10, '0')}`,
    category: '衣物',
    description: `棉衣 ${i}`,
    quantity: 1,
    unit: '件',
    condition: 'GOOD',
    status: 'DISINFECTED',
    disinfectedAt: null,
    registeredAt: '2026-11-01T00:00:00.000Z',
    ledgerSeq: i,
    node: { id: CENTRE.id, name: CENTRE.name },
    parcel: null,
  };
}

const ALL = Array.from({ length: ITEM_PAGE_SIZE + 7 }, (_, i) => item(i));
const listed = () => document.body.querySelectorAll('[data-test=stock-items] .sc-code').length;

describe('the stock page (库存)', () => {
  beforeEach(() => {
    saveSession('staff', {
      token: 't',
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      role: 'DISTRICT_ADMIN',
    });
  });
  afterEach(() => {
    clearSession('staff');
    forgetMyNode();
    document.body.innerHTML = '';
  });

  function server(failSecondPage = false) {
    return stubServer({
      MyNode: () => ({ me: { staff: { region: { code: '370404', name: '峄城区', node: CENTRE } } } }),
      Stock: () => ({
        stock: [
          {
            category: '衣物',
            unit: '件',
            items: ALL.length,
            inStock: ALL.length,
            disinfected: 57,
            packed: 0,
            inTransit: 0,
          },
        ],
      }),
      ItemPage: (v) => {
        if (v.after && failSecondPage) throw graphqlError('SERVICE_UNAVAILABLE', 'database down');
        const from = v.after ? Number(v.after) : 0;
        const items = ALL.slice(from, from + ITEM_PAGE_SIZE);
        return {
          itemPage: { items, nextAfter: from + ITEM_PAGE_SIZE < ALL.length ? String(from + ITEM_PAGE_SIZE) : null },
        };
      },
    });
  }

  it('shows the first page of items, and the rest when asked, each once', async () => {
    const calls = server();
    await openPage('/staff/stock');
    await vi.waitFor(() => expect(listed()).toBe(ITEM_PAGE_SIZE));
    expect(pageText()).toContain('在库 57（已消毒 57）');
    expect(calls.find((c) => c.operation === 'ItemPage')!.variables).toEqual({
      nodeId: CENTRE.id,
      status: ['REGISTERED', 'DISINFECTED', 'PACKED'],
    });

    document.body.querySelector<HTMLElement>('[data-test=load-more]')!.click();
    await vi.waitFor(() => expect(listed()).toBe(ALL.length));
    expect(calls.filter((c) => c.operation === 'ItemPage').map((c) => c.variables.after)).toEqual([
      undefined,
      String(ITEM_PAGE_SIZE),
    ]);
    expect(document.body.querySelector('[data-test=load-more]')).toBeNull();
  });

  it('keeps what it has when the next page fails, and offers to try again', async () => {
    server(true);
    await openPage('/staff/stock');
    await vi.waitFor(() => expect(listed()).toBe(ITEM_PAGE_SIZE));
    document.body.querySelector<HTMLElement>('[data-test=load-more]')!.click();
    await vi.waitFor(() => expect(document.body.querySelector('[data-test=more-error]')).not.toBeNull());
    expect(listed()).toBe(ITEM_PAGE_SIZE);
    expect(document.body.querySelector('[data-test=load-more]')!.textContent).toContain('重试');
  });
});
