import { TemplateMessageSimStore } from '@shanchou/wechat-sim';
import { createTestApp, TestApp } from '@shanchou/test';

/** The stand-in's template messages keep WeChat's 防重入 window: no kinder than WeChat. */
describe('WeChat template messages at the stand-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ listen: true });
  });
  afterAll(() => t.close());

  async function post(path: string, body: object): Promise<Record<string, unknown>> {
    const res = await fetch(`${t.baseUrl}/wechat-sim/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown>;
  }

  it('takes a repeated client_msg_id as one message for ten minutes, and as a new one after', async () => {
    const token = await post('cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: t.config.wechat.appId,
      secret: t.config.wechat.appSecret,
    });
    const send = () =>
      post(`cgi-bin/message/template/send?access_token=${String(token.access_token)}`, {
        touser: 'oTemplate-sim-volunteer-01',
        template_id: 'sim-outreach-notice-template',
        client_msg_id: 'REMINDER_DAY_BEFORE.signup-1.1795920000000',
        data: { thing1: { value: '科技下乡' } },
      });
    const first = await send();
    expect(first).toMatchObject({ errcode: 0 });
    expect((await send()).msgid).toBe(first.msgid);

    // Eleven minutes later WeChat has forgotten the id: the same send is a second message.
    const store = t.app.get(TemplateMessageSimStore, { strict: false });
    for (const m of store.messages) m.receivedAt = new Date(Date.parse(m.receivedAt) - 11 * 60_000).toISOString();
    const later = await send();
    expect(later).toMatchObject({ errcode: 0 });
    expect(later.msgid).not.toBe(first.msgid);
    expect(store.messages.filter((m) => m.touser === 'oTemplate-sim-volunteer-01')).toHaveLength(2);
  });
});
