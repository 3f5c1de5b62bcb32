import { Injectable } from '@nestjs/common';
import { AppConfig, InvalidTransitionError, Transactions } from '@shanchou/core';
import { randomInt } from 'node:crypto';
import { CertificateRepository } from './certificate.repository';
import { OutreachEventService } from './outreach-event.service';
import { SignUpStatus } from './outreach-kind';
import { SignUpNotFoundError } from './outreach.errors';
import { checkOutClosesAt, hoursSettled, serviceMinutes } from './service-hours';
import { shanghaiDateTime, shanghaiDay } from './shanghai-time';
import { SignUpReader } from './sign-up-reader';
import { SignUpRepository } from './sign-up.repository';
import { VolunteerCertificateEntity } from './volunteer-certificate.entity';
import { VolunteerService } from './volunteer.service';

/** ZY + Asia/Shanghai day + 12 random digits: 22 characters, not guessable. */
export function newCertificateNo(at: Date): string {
  let digits = '';
  for (let i = 0; i < 12; i++) digits += String(randomInt(10));
  return `ZY${shanghaiDay(at)}${digits}`;
}

/**
 * 志愿服务证明, free of charge: a volunteer asks for one per event they served at, once their
 * hours are settled; the organiser is the issuer. Anyone can verify a certificate by its number.
 */
@Injectable()
export class CertificateService {
  constructor(
    private readonly certificates: CertificateRepository,
    private readonly signUps: SignUpRepository,
    private readonly volunteers: VolunteerService,
    private readonly events: OutreachEventService,
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
  ) {}

  /** The certificate for the caller's service at an event; the same one when asked again. */
  async issue(donorId: string, eventId: string, now = new Date()): Promise<VolunteerCertificateEntity> {
    const volunteer = await this.volunteers.requireByDonor(donorId);
    const event = await this.events.require(eventId);
    const region = await this.events.regionOf(event);
    return this.transactions.run(async (tx) => {
      const signUp = await this.signUps.lock(tx, event.id, volunteer.id);
      if (!signUp) throw new SignUpNotFoundError(eventId);
      const existing = await this.certificates.findBySignUp(signUp.id, tx);
      if (existing) return existing;
      if (signUp.status !== SignUpStatus.CHECKED_IN || !signUp.checkedInAt) {
        throw new InvalidTransitionError('服务证明只开给参加了服务的志愿者：你没有在这次活动签到');
      }
      if (!hoursSettled(signUp, event, now)) {
        throw new InvalidTransitionError(
          `服务时长还没有确定：请先签退，或等到 ${shanghaiDateTime(checkOutClosesAt(event))} 签退关闭后再开证明`,
        );
      }
      const minutes = serviceMinutes(signUp, event, now);
      if (minutes === 0) throw new InvalidTransitionError('这次活动没有记录到你的服务时长');
      return this.certificates.insert(tx, {
        certificateNo: newCertificateNo(now),
        signUpId: signUp.id,
        volunteerId: volunteer.id,
        eventId: event.id,
        volunteerName: volunteer.name,
        eventTitle: event.title,
        eventKind: event.kind,
        regionName: region.name,
        place: event.place,
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        checkedInAt: signUp.checkedInAt,
        checkedOutAt: signUp.checkedOutAt,
        serviceMinutes: minutes,
        issuedBy: event.organiser,
      });
    });
  }

  /** unscoped: the caller's own. */
  async mine(donorId: string): Promise<VolunteerCertificateEntity[]> {
    const volunteer = await this.volunteers.findByDonor(donorId);
    return volunteer ? this.certificates.ofVolunteer(volunteer.id) : [];
  }

  /** unscoped: public, anyone verifies a certificate by its number. */
  byNo(certificateNo: string): Promise<VolunteerCertificateEntity | null> {
    return this.certificates.findByNo(certificateNo);
  }

  /** The certificates of these sign-ups that the reader may see. */
  bySignUps(reader: SignUpReader, signUpIds: readonly string[]): Promise<VolunteerCertificateEntity[]> {
    return this.certificates.findBySignUps(reader, signUpIds);
  }

  verifyUrl(certificateNo: string): string {
    return `${this.config.publicBaseUrl}/h5/outreach/certificates/verify?no=${certificateNo}`;
  }
}
