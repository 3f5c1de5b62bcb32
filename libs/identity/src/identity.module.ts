import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@shanchou/core';
import { RegionsModule } from '@shanchou/regions';
import { AccessGuard } from './access.guard';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditRepository } from './audit.repository';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { tokenSignerFor } from './auth-secret';
import { DonorEntity } from './donor.entity';
import { DonorResolver } from './donor.resolver';
import { DonorService } from './donor.service';
import { LoginThrottle } from './login-throttle';
import { SessionEntity } from './session.entity';
import { SessionRepository } from './session.repository';
import { StaffEntity } from './staff.entity';
import { StaffRepository } from './staff.repository';
import { StaffResolver } from './staff.resolver';
import { StaffService } from './staff.service';
import { TokenSigner } from './token';
import { ViewerService } from './viewer.service';
import { WechatOAuthClient } from './wechat-oauth.client';
import { PhoneIndex } from './phone/phone-index';
import { PhoneVerificationEntity } from './phone/phone-verification.entity';
import { PhoneVerificationRepository } from './phone/phone-verification.repository';
import { PhoneVerificationService } from './phone/phone-verification.service';
import { SmsSender } from './sms/sms-sender';
import { TencentSmsSender } from './sms/tencent-sms.sender';

@Module({
  imports: [
    TypeOrmModule.forFeature([StaffEntity, DonorEntity, SessionEntity, AuditEntryEntity, PhoneVerificationEntity]),
    RegionsModule,
  ],
  providers: [
    { provide: TokenSigner, inject: [AppConfig], useFactory: tokenSignerFor },
    StaffRepository,
    SessionRepository,
    AuditRepository,
    AuditService,
    AuthService,
    StaffService,
    ViewerService,
    DonorService,
    LoginThrottle,
    WechatOAuthClient,
    PhoneIndex,
    PhoneVerificationRepository,
    PhoneVerificationService,
    { provide: SmsSender, useClass: TencentSmsSender },
    AuthResolver,
    DonorResolver,
    StaffResolver,
    AuditResolver,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuthService, StaffService, AuditService, DonorService, PhoneIndex, PhoneVerificationService],
})
export class IdentityModule {}
