import { FundRequestStatus, GATE_FROM, GATE_NAME, OPEN_STATUSES } from './fund-request-status';
import { shanghaiDay, shanghaiMinute } from './shanghai-time';

describe('the six gates', () => {
  it('run 上报 → 评议 → 公示 → 审批 → 报账 → 验收, each from the one before', () => {
    const order: FundRequestStatus[] = [FundRequestStatus.FILED];
    for (let next = Object.entries(GATE_FROM); next.length;) {
      const step = next.find(([, from]) => from === order[order.length - 1]);
      if (!step) break;
      order.push(step[0] as FundRequestStatus);
      next = next.filter((e) => e !== step);
    }
    expect(order.map((s) => GATE_NAME[s])).toEqual(['上报', '评议', '公示', '审批', '报账', '验收']);
  });

  it('reject only before the money left', () => {
    expect(OPEN_STATUSES).not.toContain(FundRequestStatus.DISBURSED);
    expect(OPEN_STATUSES).not.toContain(FundRequestStatus.ACCEPTED);
    expect(OPEN_STATUSES).not.toContain(FundRequestStatus.REJECTED);
  });
});

describe('Beijing time in codes and messages', () => {
  it('numbers a request by the Beijing day it was filed', () => {
    expect(shanghaiDay(new Date('2026-12-02T16:30:00Z'))).toBe('20261203');
    expect(shanghaiDay(new Date('2026-12-02T15:59:59Z'))).toBe('20261202');
  });

  it('writes a moment as the desk reads it', () => {
    expect(shanghaiMinute(new Date('2026-12-10T07:04:00Z'))).toBe('2026-12-10 15:04');
  });
});
