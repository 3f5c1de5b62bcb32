import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig, ROOT_LOGGER, RootLogger, Transactions } from '@shanchou/core';
import { EntityManager } from 'typeorm';
import { canonicalJson } from '../canonical';
import { LedgerEntryEntity } from '../ledger.entities';
import { LedgerPendingEntity } from '../ledger-pending.entity';
import { LedgerRepository } from '../ledger.repository';
import { frontierOf, integrate } from '../merkle/batch';
import { leafHash } from '../merkle/rfc6962';
import { TreeHeadService } from '../tree-head.service';
import { LedgerOwners, OwnedSeq } from './ledger-owners';
import { SequencerRepository } from './sequencer.repository';

export interface BatchResult {
  /** Entries integrated by this batch. */
  integrated: number;
  /** Another process held the sequencer's lock: nothing was done here. */
  busy: boolean;
  /** The ledger's size after the batch. */
  treeSize: number | null;
}

/**
 * The ledger's sequencer (as Trillian's and Tessera's): takes queued entries in order, gives them
 * gapless seqs, stores the leaves and every subtree they complete, and signs a tree head, a whole
 * batch in one transaction of a few statements. Every process that runs jobs runs the loop; the
 * counter row's lock (taken with SKIP LOCKED) lets one integrate at a time and the others pass.
 */
@Injectable()
export class LedgerSequencer implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly repo: SequencerRepository,
    private readonly heads: TreeHeadService,
    private readonly owners: LedgerOwners,
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.runJobs && this.config.ledger.mergeIntervalMs > 0) this.schedule(0);
  }

  // Before the database closes (TypeORM closes it at application shutdown): the batch in flight ends first.
  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Stops the timer; resolves when the batch in flight (if any) has committed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One batch: the oldest queued entries, up to LEDGER_BATCH_SIZE. */
  async integrateBatch(): Promise<BatchResult> {
    let owned: Map<string, OwnedSeq[]> = new Map();
    const result = await this.transactions.run(async (tx) => {
      const size = await this.repo.claim(tx);
      if (size === null) return { integrated: 0, busy: true, treeSize: null };
      const queued = await this.repo.take(tx, this.config.ledger.batchSize);
      if (queued.length === 0) return { integrated: 0, busy: false, treeSize: size };
      const entries = queued.map((p, i) => toEntry(p, size + i));
      const frontier = await this.ledger.nodes(frontierOf(size), tx);
      const batch = integrate(
        size,
        frontier,
        entries.map((e) => Buffer.from(e.leafHash, 'hex')),
      );
      const treeSize = size + entries.length;
      await this.repo.insertEntries(tx, entries);
      await this.ledger.insertNodes(tx, batch.nodes);
      await this.repo.dequeue(
        tx,
        queued.map((p) => p.id),
      );
      await this.repo.setSize(tx, treeSize);
      await this.heads.signHead(tx, treeSize, batch.root.toString('hex'));
      owned = await this.tellOwners(tx, queued, size);
      return { integrated: entries.length, busy: false, treeSize };
    });
    for (const [kind, seqs] of owned) await this.owners.get(kind)?.announce?.(seqs);
    return result;
  }

  /**
   * Integrates until nothing is queued (staff movements, the CLI and tests use it): when another
   * process is integrating, waits for it. Gives up after `timeoutMs`, answering what it did.
   */
  async integrateAll(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let total = 0;
    for (;;) {
      const batch = await this.integrateBatch();
      total += batch.integrated;
      if (!batch.busy && batch.integrated < this.config.ledger.batchSize) {
        if ((await this.ledger.queued()).entries === 0) return total;
      }
      if (Date.now() > deadline) return total;
      if (batch.busy) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Each owner's seqs, written in the batch's transaction; an unknown owner is logged, not fatal. */
  private async tellOwners(
    tx: EntityManager,
    queued: LedgerPendingEntity[],
    size: number,
  ): Promise<Map<string, OwnedSeq[]>> {
    const byKind = new Map<string, OwnedSeq[]>();
    queued.forEach((p, i) => {
      if (!p.owner || !p.ownerId) return;
      const list = byKind.get(p.owner) ?? [];
      list.push({ ownerId: p.ownerId, seq: size + i });
      byKind.set(p.owner, list);
    });
    for (const [kind, seqs] of byKind) {
      const owner = this.owners.get(kind);
      if (owner) await owner.integrated(tx, seqs);
      // The entry is in the ledger either way; its pending_id lets the owner find its seq later.
      else this.log.error({ owner: kind, entries: seqs.length }, 'no ledger owner registered for integrated entries');
    }
    return byKind;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = null));
    }, delayMs);
  }

  private async tick(): Promise<void> {
    const interval = this.config.ledger.mergeIntervalMs;
    const started = Date.now();
    try {
      const batch = await this.integrateBatch();
      if (this.failures > 0) this.log.info({ after: this.failures }, 'ledger sequencer is integrating again');
      this.failures = 0;
      // A batch starts every interval, however long the last one took; a full batch means more
      // are waiting: the next starts at once.
      const full = batch.integrated === this.config.ledger.batchSize;
      this.schedule(full ? 0 : Math.max(0, interval - (Date.now() - started)));
    } catch (err) {
      this.failures++;
      // The first failure and then every 50th (about every 10 s at the default interval).
      if (this.failures === 1 || this.failures % 50 === 0) {
        this.log.error({ err, failures: this.failures }, 'ledger sequencer batch failed; retrying');
      }
      this.schedule(Math.min(interval * 2 ** Math.min(this.failures, 5), 5_000));
    }
  }
}

function toEntry(p: LedgerPendingEntity, seq: number): LedgerEntryEntity {
  const amountFen = p.amountFen === null ? null : Number(p.amountFen);
  const canonical = canonicalJson({
    seq,
    kind: p.kind,
    amountFen,
    quantity: p.quantity,
    campaignId: p.campaignId,
    donor: p.donor,
    memo: p.memo,
    occurredAt: p.occurredAt.toISOString(),
  });
  return Object.assign(new LedgerEntryEntity(), {
    seq: String(seq),
    kind: p.kind,
    amountFen: p.amountFen === null ? null : String(p.amountFen),
    quantity: p.quantity,
    campaignId: p.campaignId,
    donor: p.donor,
    memo: p.memo,
    occurredAt: p.occurredAt,
    canonical,
    leafHash: leafHash(canonical).toString('hex'),
    pendingId: String(p.id),
  });
}
