import { registerEnumType } from '@nestjs/graphql';

/** How a gift's money came: WeChat Pay on the H5 page, or offline, recorded by staff with a voucher. */
export enum DonationChannel {
  WECHAT_PAY = 'WECHAT_PAY',
  BANK_TRANSFER = 'BANK_TRANSFER',
  CASH = 'CASH',
  CHEQUE = 'CHEQUE',
}

registerEnumType(DonationChannel, { name: 'DonationChannel' });

/** Each channel as the console, the ledger memo and the exports name it. */
export const DONATION_CHANNEL_LABELS: Record<DonationChannel, string> = {
  [DonationChannel.WECHAT_PAY]: '微信支付',
  [DonationChannel.BANK_TRANSFER]: '银行转账',
  [DonationChannel.CASH]: '现金',
  [DonationChannel.CHEQUE]: '支票',
};

/** The channels staff record (线下捐赠): every one but WeChat Pay. */
export const OFFLINE_CHANNELS: readonly DonationChannel[] = [
  DonationChannel.BANK_TRANSFER,
  DonationChannel.CASH,
  DonationChannel.CHEQUE,
];
