import { SmsSimStore } from './sms-sim.store';

describe('the SMS stand-in store', () => {
  const message = { phone: '13800138000', signName: '善筹', templateId: '1000001', params: ['123456', '5'] };
  // 2026-12-08 09:00 in Beijing.
  const morning = Date.parse('2026-12-08T01:00:00Z');

  it("keeps Tencent's default limits per number: one in 30 s, five an hour, ten a Beijing day", () => {
    const store = new SmsSimStore();
    store.deliver(message, morning);
    expect(store.limitFor('13800138000', morning + 29_000)).toBe('LimitExceeded.PhoneNumberThirtySecondLimit');
    expect(store.limitFor('13900139000', morning + 29_000)).toBeUndefined();
    expect(store.limitFor('13800138000', morning + 31_000)).toBeUndefined();
    for (let i = 1; i < 5; i++) store.deliver(message, morning + i * 60_000);
    expect(store.limitFor('13800138000', morning + 10 * 60_000)).toBe('LimitExceeded.PhoneNumberOneHourLimit');
    for (let i = 0; i < 5; i++) store.deliver(message, morning + 2 * 3600_000 + i * 60_000);
    expect(store.limitFor('13800138000', morning + 5 * 3600_000)).toBe('LimitExceeded.PhoneNumberDailyLimit');
    // The day ends at midnight in Beijing (16:00 UTC), not in UTC.
    expect(store.limitFor('13800138000', Date.parse('2026-12-08T15:59:00Z'))).toBe(
      'LimitExceeded.PhoneNumberDailyLimit',
    );
    expect(store.limitFor('13800138000', Date.parse('2026-12-08T16:00:00Z'))).toBeUndefined();
  });

  it('forgets messages and ends an outage on reset', () => {
    const store = new SmsSimStore();
    store.deliver(message, morning);
    store.beginOutage(60);
    expect(store.down()).toBe(true);
    store.reset();
    expect(store.down()).toBe(false);
    expect(store.messages).toEqual([]);
    expect(store.limitFor('13800138000', morning + 1000)).toBeUndefined();
  });
});
