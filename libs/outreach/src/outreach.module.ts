import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig, ROOT_LOGGER, RootLogger } from '@shanchou/core';
import { FilesModule } from '@shanchou/files';
import { derivedSecret, IdentityModule } from '@shanchou/identity';
import { RegionsModule } from '@shanchou/regions';
import { AttendanceService } from './attendance.service';
import { CertificateRepository } from './certificate.repository';
import { CertificateResolver } from './certificate.resolver';
import { CertificateService } from './certificate.service';
import { CheckInCodes } from './check-in-code';
import { EventRecordEntity } from './event-record.entity';
import { EventRepository } from './event.repository';
import { EventsCalendarController } from './events-calendar.controller';
import { LoggingNotifier, Notifier } from './notifier';
import { OutreachEventEntity } from './outreach-event.entity';
import { EventRecordResolver, OutreachEventResolver } from './outreach-event.resolver';
import { OutreachEventService } from './outreach-event.service';
import { OutreachNotices } from './outreach-notices.service';
import { OutreachOverviewResolver } from './outreach-overview.resolver';
import { OutreachOverviewService } from './outreach-overview.service';
import { SignUpEntity } from './sign-up.entity';
import { SignUpRepository } from './sign-up.repository';
import { SignUpResolver } from './sign-up.resolver';
import { SignUpService } from './sign-up.service';
import { VolunteerCertificateEntity } from './volunteer-certificate.entity';
import { VolunteerTeamEntity } from './volunteer-team.entity';
import { VolunteerEntity } from './volunteer.entity';
import { VolunteerRepository } from './volunteer.repository';
import { VolunteerResolver, VolunteerTeamResolver } from './volunteer.resolver';
import { VolunteerHoursExportController } from './volunteer-hours-export.controller';
import { VolunteerService } from './volunteer.service';
import { WechatTemplateNotifier } from './wechat-template.notifier';
import { SentNoticeEntity } from './sent-notice.entity';
import { SentNoticeRepository } from './sent-notice.repository';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      VolunteerEntity,
      VolunteerTeamEntity,
      OutreachEventEntity,
      SignUpEntity,
      EventRecordEntity,
      VolunteerCertificateEntity,
      SentNoticeEntity,
    ]),
    RegionsModule,
    IdentityModule,
    FilesModule,
  ],
  controllers: [EventsCalendarController, VolunteerHoursExportController],
  providers: [
    SentNoticeRepository,
    {
      provide: Notifier,
      inject: [AppConfig, ROOT_LOGGER],
      useFactory: (config: AppConfig, log: RootLogger): Notifier =>
        config.notifier === 'wechat'
          ? new WechatTemplateNotifier(config, log.child({ context: 'notifier' }))
          : new LoggingNotifier(log.child({ context: 'notifier' })),
    },
    {
      provide: CheckInCodes,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new CheckInCodes(derivedSecret(config, 'outreach/check-in-code')),
    },
    VolunteerRepository,
    EventRepository,
    SignUpRepository,
    CertificateRepository,
    OutreachNotices,
    VolunteerService,
    SignUpService,
    OutreachEventService,
    AttendanceService,
    CertificateService,
    OutreachEventResolver,
    EventRecordResolver,
    SignUpResolver,
    VolunteerResolver,
    VolunteerTeamResolver,
    CertificateResolver,
    OutreachOverviewService,
    OutreachOverviewResolver,
  ],
  exports: [
    VolunteerService,
    OutreachEventService,
    SignUpService,
    AttendanceService,
    CertificateService,
    OutreachNotices,
    Notifier,
  ],
})
export class OutreachModule {}
