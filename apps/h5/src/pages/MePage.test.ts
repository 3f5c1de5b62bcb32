import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearSession, saveSession } from '../session';
import { graphqlError, stubServer } from '../testing/graphql-stub';
import { openPage, pageText } from '../testing/mount-page';

describe('我的: 署名', () => {
  beforeEach(() => {
    saveSession('donor', { token: 'donor-token', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
  });
  afterEach(() => {
    clearSession('donor');
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
  });

  it('shows the name the donor gives under, and changes it, showing the server’s words when refused', async () => {
    let refuse = true;
    const calls = stubServer({
      Me: () => ({ me: { staff: null, donor: { id: 'd1', nickname: null, displayName: null, phone: null } } }),
      SetMyDisplayName: (v) => {
        if (refuse) throw graphqlError('BAD_USER_INPUT', 'name: 署名最长 20 个字，这个有 21 个', 'name');
        return { setMyDisplayName: { id: 'd1', displayName: v.name } };
      },
    });
    const { wrapper } = await openPage('/me');
    await vi.waitFor(() => expect(document.body.querySelector('[data-test=me-name]')?.textContent).toBe('爱心人士'));
    await wrapper.get('[data-test=edit-name]').trigger('click');
    await vi.waitFor(() => expect(document.body.querySelector('[data-test=name-input] input')).not.toBeNull());
    const input = document.body.querySelector<HTMLInputElement>('[data-test=name-input] input')!;
    input.value = '王 小明';
    input.dispatchEvent(new Event('input'));
    const confirm = () =>
      document.body.querySelector<HTMLButtonElement>('.van-dialog__confirm')!.dispatchEvent(new Event('click'));
    confirm();
    await vi.waitFor(() => expect(pageText()).toContain('署名最长 20 个字，这个有 21 个'));
    refuse = false;
    confirm();
    await vi.waitFor(() => expect(document.body.querySelector('[data-test=me-name]')?.textContent).toBe('王 小明'));
    expect(calls.filter((c) => c.operation === 'SetMyDisplayName').at(-1)!.variables).toEqual({ name: '王 小明' });
  });
});
