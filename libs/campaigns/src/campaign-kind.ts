import { registerEnumType } from '@nestjs/graphql';

/** 慈心一日捐 / 一元爱心党费 / 综合 / 定向项目 */
export enum CampaignKind {
  ONE_DAY_PAY = 'ONE_DAY_PAY',
  PARTY_DUES = 'PARTY_DUES',
  GENERAL = 'GENERAL',
  PROJECT = 'PROJECT',
}

export enum CampaignStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}

/** 一元爱心党费 is one yuan, always. */
export const PARTY_DUES_FEN = 100;
/** Default per-donation bounds: 0.01 yuan to 50,000 yuan. */
export const DEFAULT_MIN_FEN = 1;
export const DEFAULT_MAX_FEN = 5_000_000;

registerEnumType(CampaignKind, { name: 'CampaignKind' });
registerEnumType(CampaignStatus, { name: 'CampaignStatus' });
