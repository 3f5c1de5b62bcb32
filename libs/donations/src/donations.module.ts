import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CampaignsModule } from '@shanchou/campaigns';
import { IdentityModule } from '@shanchou/identity';
import { LedgerModule } from '@shanchou/ledger';
import { WechatPayModule } from '@shanchou/wechatpay';
import { DonationEntity, DonationMatchEntity } from './donation.entity';
import { DonationResolver } from './donation.resolver';
import { CheckoutThrottle } from './checkout-throttle';
import { DonationService } from './donation.service';
import { WechatPayNotifyController } from './wechatpay-notify.controller';

@Module({
  imports: [
    TypeOrmModule.forFeature([DonationEntity, DonationMatchEntity]),
    CampaignsModule,
    IdentityModule,
    LedgerModule,
    WechatPayModule,
  ],
  controllers: [WechatPayNotifyController],
  providers: [DonationService, DonationResolver, CheckoutThrottle],
  exports: [DonationService],
})
export class DonationsModule {}
