import { Injectable } from '@nestjs/common';
import { CampaignService, FundsService } from '@shanchou/campaigns';
import {
  AppConfig,
  ConflictError,
  ForbiddenError,
  InputError,
  InvalidTransitionError,
  maskName,
  RedisConnection,
  Transactions,
} from '@shanchou/core';
import {
  AttemptStore,
  attemptStoreFor,
  AuditAction,
  AuditService,
  RegionScope,
  Role,
  StaffPrincipal,
  StaffService,
} from '@shanchou/identity';
import { OverdrawError, QueuedLedgerEntry } from '@shanchou/ledger';
import { FilePurpose } from '@shanchou/files';
import { RegionService } from '@shanchou/regions';
import { EntityManager } from 'typeorm';
import { FundAttachments } from './fund-attachments';
import { FundRequestEntity, FundRequestObjectionEntity } from './fund-request.entities';
import { FundRequestNotFoundError, ObjectionNotFoundError, ObjectionThrottledError } from './fund-request.errors';
import { FundRequestRepository } from './fund-request.repository';
import { FundRequestStatus, GATE_FROM, GATE_NAME, OPEN_STATUSES, PayeeKind, STATUS_NAME } from './fund-request-status';
import { shanghaiDay, shanghaiMinute } from './shanghai-time';

/** Owner kind of a request's DISBURSEMENT entry: the sequencer writes FundRequest.ledgerSeq. */
export const FUND_REQUEST_OWNER = 'fund-request';

/** The largest request: 1,000 万元. A county project above it is filed in parts. */
export const MAX_REQUEST_FEN = 1_000_000_000;

/** How long a notice may run (公示期), in days. */
export const NOTICE_DAYS = { min: 1, max: 30 } as const;

/** Objections one address may send in the window: enough for a person, too few for a flood. */
export const OBJECTION_POLICY = { windowSeconds: 600, perAddress: 5 } as const;

export interface NewFundRequest {
  campaignId: string;
  title: string;
  amountFen: number;
  regionCode: string;
  purpose: string;
  budget?: string | null;
  attachmentIds?: string[] | null;
}

export interface NewDisbursementOfRequest {
  payee: string;
  payeeKind?: PayeeKind | null;
  voucherNo: string;
  attachmentIds?: string[] | null;
}

export interface NewObjection {
  text: string;
  phone?: string | null;
}

/** A gate's own rules and changes, run on the locked request before it moves on. */
interface Gate<R> {
  to: FundRequestStatus;
  action: AuditAction;
  note: string | null;
  input: Record<string, unknown>;
  /** Refuses the gate (after the status check): FORBIDDEN, INVALID_TRANSITION, BAD_USER_INPUT. */
  check?: (tx: EntityManager, request: FundRequestEntity) => Promise<void> | void;
  changes?: (request: FundRequestEntity) => Partial<FundRequestEntity>;
  attachments?: string[];
  /** Last in the transaction: the ledger's debit lock is the hot row (DESIGN.md "Hot rows"). */
  last?: (tx: EntityManager, request: FundRequestEntity) => Promise<R>;
}

/** Text of a field: trimmed, required when asked, at most `max` characters; Chinese messages. */
function text(value: string | null | undefined, field: string, what: string, max: number, required: true): string;
function text(
  value: string | null | undefined,
  field: string,
  what: string,
  max: number,
  required?: false,
): string | null;
function text(
  value: string | null | undefined,
  field: string,
  what: string,
  max: number,
  required = false,
): string | null {
  const trimmed = value?.trim() ?? '';
  if (!trimmed) {
    if (required) throw new InputError(field, `请填写${what}`);
    return null;
  }
  if ([...trimmed].length > max) throw new InputError(field, `${what}最多 ${max} 个字`);
  return trimmed;
}

/** 元 with two decimals, for messages. */
const yuan = (fen: number) => (fen / 100).toFixed(2);

/**
 * 项目资金的六道关口 (上报 → 评议 → 公示 → 审批 → 报账 → 验收): the only way money leaves a campaign.
 * Each gate is one transaction on the locked request: its status checked, its rules, the change,
 * a step in the history and an audit row; 报账 appends the DISBURSEMENT last, under the
 * campaign's debit lock, so requests paid at the same moment never overdraw together.
 */
@Injectable()
export class FundRequestService {
  private readonly objectionAttempts: AttemptStore;
  private readonly objectionPrefix: string;

  constructor(
    private readonly repo: FundRequestRepository,
    private readonly campaigns: CampaignService,
    private readonly funds: FundsService,
    private readonly regions: RegionService,
    private readonly staff: StaffService,
    private readonly audit: AuditService,
    private readonly attachments: FundAttachments,
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
    redis: RedisConnection,
  ) {
    this.objectionAttempts = attemptStoreFor(redis);
    this.objectionPrefix = `${config.redisPrefix}:fund-objection`;
  }

  /** The supervision phone a notice gives now: FUNDS_SUPERVISION_PHONE (a demo number outside production). */
  get supervisionPhone(): string | null {
    return this.config.funds.supervisionPhone;
  }

  async get(scope: RegionScope, id: string, field = 'fundRequestId'): Promise<FundRequestEntity> {
    const found = await this.repo.findById(scope, id);
    if (!found) throw new FundRequestNotFoundError(id, field);
    return found;
  }

  list(
    scope: RegionScope,
    statuses: readonly FundRequestStatus[],
    page: { first: number; before?: string | null },
  ): Promise<FundRequestEntity[]> {
    return this.repo.list(scope, statuses, page);
  }

  /** Public: the requests on notice now. */
  notices(now = new Date()): Promise<FundRequestEntity[]> {
    return this.repo.onNotice(now);
  }

  /** 上报: staff of the region or above file a request for a region inside their scope. */
  async file(actor: StaffPrincipal, input: NewFundRequest): Promise<FundRequestEntity> {
    const scope = this.changingScope(actor);
    const title = text(input.title, 'input.title', '标题', 100, true);
    const purpose = text(input.purpose, 'input.purpose', '用途', 2000, true);
    const budget = text(input.budget, 'input.budget', '预算明细', 2000);
    if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0)
      throw new InputError('input.amountFen', '申请金额须为大于 0 的整数（单位：分）');
    if (input.amountFen > MAX_REQUEST_FEN)
      throw new InputError('input.amountFen', `申请金额不能超过 ${yuan(MAX_REQUEST_FEN)} 元，更大的项目请分批申请`);
    const region = await this.regions.findByCode(input.regionCode);
    if (!region) throw new InputError('input.regionCode', `找不到地区 ${input.regionCode}`);
    if (!scope.covers(region)) throw new ForbiddenError(`地区 ${region.name}（${region.code}）不在你的管辖范围内`);
    const campaign = await this.campaigns.byIds([input.campaignId]).then(([c]) => c);
    if (!campaign) throw new InputError('input.campaignId', `找不到募捐活动 ${input.campaignId}`);
    const attachmentIds = await this.attachments.require(
      scope,
      input.attachmentIds,
      [FilePurpose.ATTACHMENT],
      'input.attachmentIds',
    );
    const actorName = await this.nameOf(actor);
    return this.transactions.run(async (tx) => {
      const code = await this.repo.nextCode(tx, shanghaiDay(new Date()));
      const request = await this.repo.insert(tx, {
        code,
        campaignId: campaign.id,
        regionId: region.id,
        title,
        purpose,
        budget,
        amountFen: String(input.amountFen),
        status: FundRequestStatus.FILED,
        filedByStaffId: actor.staffId,
      });
      await this.repo.addStep(tx, {
        fundRequestId: request.id,
        status: FundRequestStatus.FILED,
        actorStaffId: actor.staffId,
        actorName,
        note: purpose,
      });
      await this.repo.addAttachments(tx, request.id, FundRequestStatus.FILED, attachmentIds);
      await this.audit.record(tx, actor, {
        action: 'fund_request.file',
        targetType: 'fund_request',
        targetId: request.id,
        regionId: region.id,
        input: { ...input, code },
      });
      return request;
    });
  }

  /** 评议: a district admin reviews the request, with notes. */
  async review(actor: StaffPrincipal, id: string, note: string): Promise<FundRequestEntity> {
    this.requireDistrictAdmin(actor, FundRequestStatus.REVIEWED);
    const reviewNote = text(note, 'note', '评议意见', 2000, true);
    return (
      await this.pass(actor, id, {
        to: FundRequestStatus.REVIEWED,
        action: 'fund_request.review',
        note: reviewNote,
        input: { fundRequestId: id, note: reviewNote },
        changes: () => ({ reviewedByStaffId: actor.staffId }),
      })
    ).request;
  }

  /** 公示: on public notice for `days` days, with the supervision phone. */
  async publicize(actor: StaffPrincipal, id: string, days: number): Promise<FundRequestEntity> {
    this.requireDistrictAdmin(actor, FundRequestStatus.PUBLICIZED);
    if (!Number.isInteger(days) || days < NOTICE_DAYS.min || days > NOTICE_DAYS.max)
      throw new InputError('days', `公示天数须为 ${NOTICE_DAYS.min} 到 ${NOTICE_DAYS.max} 之间的整数`);
    const phone = this.supervisionPhone;
    if (!phone) throw new ConflictError('尚未配置监督电话（FUNDS_SUPERVISION_PHONE），公示须附监督电话，请先配置');
    const publicUntil = new Date(Date.now() + days * this.config.funds.noticeDayMs);
    return (
      await this.pass(actor, id, {
        to: FundRequestStatus.PUBLICIZED,
        action: 'fund_request.publicize',
        note: `公示 ${days} 天，至 ${shanghaiMinute(publicUntil)}；监督电话 ${phone}`,
        input: { fundRequestId: id, days },
        changes: () => ({ publicUntil, supervisionPhone: phone }),
      })
    ).request;
  }

  /**
   * 审批: a district admin other than the filer and the reviewer, once the notice has ended and
   * every objection raised during it is answered.
   */
  async approve(actor: StaffPrincipal, id: string, note?: string | null): Promise<FundRequestEntity> {
    this.requireDistrictAdmin(actor, FundRequestStatus.APPROVED);
    const approvalNote = text(note, 'note', '审批意见', 2000);
    return (
      await this.pass(actor, id, {
        to: FundRequestStatus.APPROVED,
        action: 'fund_request.approve',
        note: approvalNote,
        input: { fundRequestId: id, note: approvalNote },
        check: async (tx, request) => {
          if (request.filedByStaffId === actor.staffId)
            throw new ForbiddenError(
              `你是资金申请 ${request.code} 的上报人，审批须由上报人和评议人以外的另一位区管理员办理`,
            );
          if (request.reviewedByStaffId === actor.staffId)
            throw new ForbiddenError(
              `你是资金申请 ${request.code} 的评议人，审批须由上报人和评议人以外的另一位区管理员办理`,
            );
          if (!request.publicUntil || request.publicUntil.getTime() > Date.now())
            throw new InvalidTransitionError(
              `资金申请 ${request.code} 的公示期至 ${request.publicUntil ? shanghaiMinute(request.publicUntil) : '—'} 结束，公示期满后才能审批`,
            );
          const open = await this.repo.unansweredObjections(tx, request.id);
          if (open > 0)
            throw new InvalidTransitionError(`资金申请 ${request.code} 尚有 ${open} 条异议未答复，全部答复后才能审批`);
        },
        changes: () => ({ approvedByStaffId: actor.staffId }),
      })
    ).request;
  }

  /**
   * 报账: the money paid out, a DISBURSEMENT in the public ledger through the funds path; CONFLICT
   * when the campaign does not hold it, and then nothing is written. A household's or a
   * person's name is masked in the ledger (张*).
   */
  async disburse(
    actor: StaffPrincipal,
    id: string,
    input: NewDisbursementOfRequest,
  ): Promise<{ request: FundRequestEntity; ledgerSeq: number | null }> {
    this.requireDistrictAdmin(actor, FundRequestStatus.DISBURSED);
    const payee = text(input.payee, 'payee', '收款方', 64, true);
    const voucherNo = text(input.voucherNo, 'voucherNo', '凭证号', 64, true);
    const payeeKind = input.payeeKind ?? PayeeKind.PERSON;
    const payeeShown = payeeKind === PayeeKind.ORGANIZATION ? payee : maskName(payee);
    const attachmentIds = await this.attachments.require(
      RegionScope.of(actor),
      input.attachmentIds,
      [FilePurpose.ATTACHMENT],
      'attachmentIds',
    );
    const { request, result } = await this.pass<QueuedLedgerEntry>(actor, id, {
      to: FundRequestStatus.DISBURSED,
      action: 'fund_request.disburse',
      note: `收款方 ${payeeShown}；凭证 ${voucherNo}`,
      // The audit keeps the name as the ledger does when it is a household's or a person's.
      input: { fundRequestId: id, payee: payeeShown, payeeKind, voucherNo, attachmentIds },
      changes: () => ({ payee, payeeKind, voucherNo }),
      attachments: attachmentIds,
      last: async (tx, locked) => {
        try {
          return await this.funds.disburseWithin(tx, {
            campaignId: locked.campaignId,
            amountFen: Number(locked.amountFen),
            payeeShown,
            purpose: `${locked.code} ${locked.title}`,
            voucherNo,
            owner: { kind: FUND_REQUEST_OWNER, id: locked.id },
          });
        } catch (err) {
          if (err instanceof OverdrawError)
            throw new ConflictError(
              `余额不足：该募捐活动现有 ${yuan(err.balanceFen)} 元，不够拨付资金申请 ${locked.code} 的 ${yuan(-err.amountFen)} 元，未拨付`,
            );
          throw err;
        }
      },
    });
    const [seq] = (await this.funds.integrated([result!])).seqs;
    return {
      request: seq === null || seq === undefined ? request : { ...request, ledgerSeq: String(seq) },
      ledgerSeq: seq ?? null,
    };
  }

  /** 验收: the work or goods accepted, with a note and photos; by staff of the region or above. */
  async accept(
    actor: StaffPrincipal,
    id: string,
    note: string,
    attachmentIds?: string[] | null,
  ): Promise<FundRequestEntity> {
    const scope = this.changingScope(actor);
    const acceptNote = text(note, 'note', '验收意见', 2000, true);
    const purposes = [FilePurpose.ATTACHMENT, FilePurpose.DELIVERY_PHOTO];
    const files = await this.attachments.require(scope, attachmentIds, purposes, 'attachmentIds');
    return (
      await this.pass(actor, id, {
        to: FundRequestStatus.ACCEPTED,
        action: 'fund_request.accept',
        note: acceptNote,
        input: { fundRequestId: id, note: acceptNote, attachmentIds: files },
        attachments: files,
      })
    ).request;
  }

  /** 驳回: a district admin refuses a request at any gate before the money left. */
  async reject(actor: StaffPrincipal, id: string, reason: string): Promise<FundRequestEntity> {
    this.requireDistrictAdmin(actor, FundRequestStatus.REJECTED);
    const why = text(reason, 'reason', '驳回理由', 2000, true);
    return (
      await this.pass(actor, id, {
        to: FundRequestStatus.REJECTED,
        action: 'fund_request.reject',
        note: why,
        input: { fundRequestId: id, reason: why },
      })
    ).request;
  }

  /**
   * 异议: anyone may object to a request while it is on notice (throttled by address); staff who
   * take a call on the supervision phone record it the same way, signed in.
   */
  async object(
    id: string,
    input: NewObjection,
    from: { address: string; staff: StaffPrincipal | null },
  ): Promise<FundRequestObjectionEntity> {
    const objection = text(input.text, 'text', '异议内容', 1000, true);
    if ([...objection].length < 5) throw new InputError('text', '异议内容至少 5 个字，请写明问题');
    const phone = text(input.phone, 'phone', '联系电话', 20);
    if (phone && !/^\+?[0-9][0-9 -]{4,19}$/.test(phone))
      throw new InputError('phone', '联系电话只能包含数字、空格和连字符');
    const hits = await this.objectionAttempts.hit(
      `${this.objectionPrefix}:${from.address}`,
      OBJECTION_POLICY.windowSeconds,
    );
    if (hits > OBJECTION_POLICY.perAddress) throw new ObjectionThrottledError(OBJECTION_POLICY.windowSeconds / 60);
    return this.transactions.run(async (tx) => {
      const request = await this.repo.lockOnNotice(tx, id);
      if (!request) throw new FundRequestNotFoundError(id);
      if (request.status !== FundRequestStatus.PUBLICIZED || !request.publicUntil || request.publicUntil <= new Date())
        throw new InvalidTransitionError(
          `资金申请 ${request.code} 不在公示期内，不能在线提出异议；如有问题请拨打监督电话`,
        );
      const saved = await this.repo.addObjection(tx, {
        fundRequestId: request.id,
        text: objection,
        phone,
        recordedByStaffId: from.staff?.staffId ?? null,
      });
      if (from.staff) {
        await this.audit.record(tx, from.staff, {
          action: 'fund_request.object',
          targetType: 'fund_request',
          targetId: request.id,
          regionId: request.regionId,
          input: { fundRequestId: id, text: objection, phone: phone ? maskPhone(phone) : null },
        });
      }
      return saved;
    });
  }

  /** A district admin answers (or notes) an objection; approval waits until all are answered. */
  async answerObjection(
    actor: StaffPrincipal,
    objectionId: string,
    answer: string,
  ): Promise<FundRequestObjectionEntity> {
    if (actor.role !== Role.DISTRICT_ADMIN) throw new ForbiddenError('异议由区众筹管理中心的管理员答复');
    const reply = text(answer, 'answer', '答复', 1000, true);
    const scope = RegionScope.of(actor);
    return this.transactions.run(async (tx) => {
      const found = await this.repo.lockObjection(tx, scope, objectionId);
      if (!found) throw new ObjectionNotFoundError(objectionId);
      if (found.objection.answeredAt) throw new InvalidTransitionError('这条异议已经答复过了');
      const answeredAt = new Date();
      await this.repo.answerObjection(tx, objectionId, { answer: reply, answeredAt, answeredByStaffId: actor.staffId });
      await this.audit.record(tx, actor, {
        action: 'fund_request.answer_objection',
        targetType: 'fund_request',
        targetId: found.request.id,
        regionId: found.request.regionId,
        input: { objectionId, answer: reply },
      });
      return { ...found.objection, answer: reply, answeredAt, answeredByStaffId: actor.staffId };
    });
  }

  private async pass<R = never>(
    actor: StaffPrincipal,
    id: string,
    gate: Gate<R>,
  ): Promise<{ request: FundRequestEntity; result: R | undefined }> {
    const scope = this.changingScope(actor);
    const actorName = await this.nameOf(actor);
    return this.transactions.run(async (tx) => {
      const request = await this.repo.lock(tx, scope, id);
      if (!request) throw new FundRequestNotFoundError(id);
      this.assertMayMove(request, gate.to);
      await gate.check?.(tx, request);
      const updated = await this.repo.update(tx, request.id, { ...gate.changes?.(request), status: gate.to });
      await this.repo.addStep(tx, {
        fundRequestId: request.id,
        status: gate.to,
        actorStaffId: actor.staffId,
        actorName,
        note: gate.note,
      });
      await this.repo.addAttachments(tx, request.id, gate.to, gate.attachments ?? []);
      await this.audit.record(tx, actor, {
        action: gate.action,
        targetType: 'fund_request',
        targetId: request.id,
        regionId: request.regionId,
        input: { ...gate.input, code: request.code },
      });
      const result = gate.last ? await gate.last(tx, updated) : undefined;
      return { request: updated, result };
    });
  }

  /** INVALID_TRANSITION naming where the request stands and which gate must come first. */
  private assertMayMove(request: FundRequestEntity, to: FundRequestStatus): void {
    const now = STATUS_NAME[request.status];
    if (to === FundRequestStatus.REJECTED) {
      if (!OPEN_STATUSES.includes(request.status))
        throw new InvalidTransitionError(`资金申请 ${request.code} ${now}，不能再驳回`);
      return;
    }
    const from = GATE_FROM[to]!;
    if (request.status !== from)
      throw new InvalidTransitionError(
        `资金申请 ${request.code} ${now}，不能${GATE_NAME[to]}：${GATE_NAME[to]}须在${GATE_NAME[from]}之后、依次办理`,
      );
  }

  private changingScope(actor: StaffPrincipal): RegionScope {
    const scope = RegionScope.of(actor);
    if (!scope.mayChange) throw new ForbiddenError('审计员只能查看资金申请，不能办理');
    return scope;
  }

  private requireDistrictAdmin(actor: StaffPrincipal, to: FundRequestStatus): void {
    if (actor.role === Role.AUDITOR) throw new ForbiddenError('审计员只能查看资金申请，不能办理');
    if (actor.role !== Role.DISTRICT_ADMIN) throw new ForbiddenError(`${GATE_NAME[to]}须由区众筹管理中心的管理员办理`);
  }

  private async nameOf(actor: StaffPrincipal): Promise<string> {
    const me = await this.staff.get(RegionScope.of(actor), actor.staffId);
    return me.displayName || actor.username;
  }
}

/** 138****5678: the audit keeps enough to recognise a caller, not to call them. */
function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length <= 4 ? '****' : `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}
