import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScanAction, ScanResult } from '../goods/operations';
import { clearSession, saveSession } from '../session';
import { stubServer } from '../testing/graphql-stub';
import { openPage } from '../testing/mount-page';

function scanned(actions: ScanAction[], status: 'REGISTERED' | 'DISINFECTED' = 'REGISTERED'): ScanResult {
  return {
    kind: 'ITEM',
    code: 'IT-7K3M9Q2X',
    summary: '衣物 · 棉衣 20 件，在坛山街道周转中心',
    actions,
    dispatchTargets: [],
    node: { id: 'n1', name: '坛山街道周转中心' },
    toNode: null,
    item: {
      id: 'i1',
      code: 'IT-7K3M9Q2X',
      category: '衣物',
      description: '棉衣',
      quantity: 20,
      unit: '件',
      condition: 'GOOD',
      status,
      disinfectedAt: null,
      registeredAt: '2026-05-01T01:00:00.000Z',
      ledgerSeq: 12,
      node: { id: 'n1', name: '坛山街道周转中心' },
      parcel: null,
    },
    parcel: null,
    offer: null,
  };
}

const buttons = () =>
  [...document.body.querySelectorAll<HTMLElement>('[data-test^=action-]')].map((b) => b.getAttribute('data-test'));

describe('the staff scanner', () => {
  beforeEach(() => {
    saveSession('staff', {
      token: 'staff-token',
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      role: 'TOWN_OPERATOR',
    });
  });
  afterEach(() => {
    clearSession('staff');
    document.body.innerHTML = '';
  });

  it('shows only the steps the server allows now, and records a disinfection for the code typed in', async () => {
    let disinfected = false;
    const calls = stubServer({
      Scan: () => ({ scan: disinfected ? scanned(['PACK'], 'DISINFECTED') : scanned(['DISINFECT', 'ADJUST_STOCK']) }),
      Disinfect: () => {
        disinfected = true;
        return { recordDisinfection: [] };
      },
    });
    await openPage('/staff/scan');
    const input = document.body.querySelector<HTMLInputElement>('[data-test=manual-code] input')!;
    input.value = 'it-7k3m9q2x';
    input.dispatchEvent(new Event('input'));
    document.body.querySelector<HTMLElement>('[data-test=manual-code-submit]')!.click();
    await vi.waitFor(() => expect(document.body.querySelector('[data-test=scan-result]')).not.toBeNull());
    expect(calls[0]).toMatchObject({ operation: 'Scan', variables: { code: 'IT-7K3M9Q2X' } });
    expect(buttons()).toEqual(['action-DISINFECT', 'action-ADJUST_STOCK']);

    document.body.querySelector<HTMLElement>('[data-test=action-DISINFECT]')!.click();
    await flushPromises();
    document.body.querySelector<HTMLElement>('[data-test=confirm-disinfect]')!.click();
    await vi.waitFor(() => expect(buttons()).toEqual(['action-PACK']));
    expect(calls.find((c) => c.operation === 'Disinfect')!.variables.input).toEqual({
      itemCodes: ['IT-7K3M9Q2X'],
      method: 'UV',
    });
    expect(document.body.querySelector('[data-test=item-status]')!.textContent).toContain('已消毒');
  });

  it('offers nothing where the server allows nothing, and says so', async () => {
    stubServer({ Scan: () => ({ scan: scanned([]) }) });
    await openPage('/staff/scan?code=IT-7K3M9Q2X');
    await vi.waitFor(() => expect(document.body.querySelector('[data-test=scan-result]')).not.toBeNull());
    expect(buttons()).toEqual([]);
    expect(document.body.textContent).toContain('现在不能对它做任何操作');
  });
});
