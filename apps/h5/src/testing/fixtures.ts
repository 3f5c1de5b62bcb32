import type { Campaign } from '../api/operations';

export const ONE_DAY_PAY: Campaign = {
  id: '0b7c2f4e-5a1d-4c3b-9e8f-1a2b3c4d5e6f',
  slug: 'cixin-yiri-juan-2026',
  kind: 'ONE_DAY_PAY',
  title: '2026年慈心一日捐',
  story: '捐出一天收入，帮助峄城区困难群众。',
  status: 'ACTIVE',
  goalFen: 50_000_000,
  raisedFen: 1_234_500,
  matchedFen: 0,
  donationCount: 88,
  fixedAmountFen: null,
  suggestedAmountsFen: [1000, 5000, 10000, 20000],
  minAmountFen: 1,
  maxAmountFen: 5_000_000,
  startsAt: null,
  endsAt: null,
};

export const PARTY_DUES: Campaign = {
  ...ONE_DAY_PAY,
  id: '1c8d3a5f-6b2e-4d4c-8f9a-2b3c4d5e6f70',
  slug: 'yiyuan-aixin-dangfei',
  kind: 'PARTY_DUES',
  title: '一元爱心党费',
  goalFen: null,
  fixedAmountFen: 100,
  suggestedAmountsFen: [],
  minAmountFen: 100,
  maxAmountFen: 100,
};
