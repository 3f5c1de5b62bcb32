import { Injectable } from '@nestjs/common';
import { Transactions } from '@shanchou/core';
import { OutsideScopeError, RegionScope } from '@shanchou/identity';
import { LedgerKind, LedgerService } from '@shanchou/ledger';
import { Centres } from './centres';
import { BalanceRow, CentreStockRow, GoodsRepository, MovementRow, StockRow } from './goods.repository';
import { CentreNotFoundError } from './logistics.errors';

export interface BalanceLine extends BalanceRow {
  /** registered = in stock + packed + in transit + delivered + rejected (written off included). */
  holds: boolean;
}

/** The conservation rule over the whole network, checked three ways. */
export interface GoodsBalance {
  lines: BalanceLine[];
  /** Items or parcels not in exactly one place, with the reason: empty when the books are right. */
  misplaced: { code: string; problem: string }[];
  /** Units registered (sum over items) and the ledger's GOODS_IN units: equal when the books are right. */
  registeredUnits: number;
  ledgerGoodsInUnits: number;
  deliveredUnits: number;
  ledgerGoodsOutUnits: number;
  /** Units refused at registration or written off at stock-takes, and the ledger's GOODS_WRITE_OFF units. */
  writtenOffUnits: number;
  ledgerWriteOffUnits: number;
  holds: boolean;
}

/** 库存: what each centre holds, and whether the network's goods all add up. */
@Injectable()
export class StockService {
  constructor(
    private readonly repo: GoodsRepository,
    private readonly centres: Centres,
    private readonly ledger: LedgerService,
    private readonly transactions: Transactions,
  ) {}

  /** A centre inside the scope: its stock by category; FORBIDDEN for a centre outside it. */
  async stock(scope: RegionScope, nodeId: string): Promise<StockRow[]> {
    const directory = await this.centres.directory({ nodeIds: [nodeId] });
    const centre = directory.centre(nodeId);
    if (!centre) throw new CentreNotFoundError(nodeId);
    if (!scope.covers(centre.region)) throw new OutsideScopeError(`${centre.node.name}的库存`);
    return this.repo.stockAt(scope, nodeId);
  }

  /** Every centre's stock inside the scope, per category (for the stock export). */
  stockByCentre(scope: RegionScope): Promise<CentreStockRow[]> {
    return this.repo.stockByCentre(scope);
  }

  /** Custody steps at or bound for centres inside the scope, oldest first, a batch at a time. */
  async *movementsInBatches(
    scope: RegionScope,
    filter: { from?: Date; to?: Date },
    batch = 1000,
  ): AsyncGenerator<MovementRow[]> {
    let after: string | null = null;
    for (;;) {
      const rows = await this.repo.movementsPage(scope, filter, after, batch);
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1].event.id;
    }
  }

  /**
   * Checks the conservation rule (registered = in stock + packed + in transit + delivered +
   * rejected, per category), that every item is in exactly one place, and that the ledger's
   * GOODS_IN and GOODS_OUT agree with the items. Read in one snapshot.
   */
  async balance(): Promise<GoodsBalance> {
    // One snapshot: a registration committing between the reads cannot make the books disagree.
    const { rows, misplaced, totals } = await this.transactions.run(
      async (tx) => ({
        rows: await this.repo.balance(tx),
        misplaced: await this.repo.misplaced(tx),
        totals: await this.ledger.totals({}, tx),
      }),
      'REPEATABLE READ',
    );
    // Rejected counts what was refused at registration and what stock-takes wrote off.
    const lines = rows
      .map((r) => ({ ...r, rejected: r.rejected + r.writtenOff }))
      .map((r) => ({
        ...r,
        holds: r.registered === r.inStock + r.packed + r.inTransit + r.delivered + r.rejected,
      }));
    const units = (kind: LedgerKind) => totals.find((t) => t.kind === kind)?.quantity ?? 0;
    const registeredUnits = rows.reduce((s, r) => s + r.registered, 0);
    const deliveredUnits = rows.reduce((s, r) => s + r.delivered, 0);
    const ledgerGoodsInUnits = units(LedgerKind.GOODS_IN);
    const ledgerGoodsOutUnits = units(LedgerKind.GOODS_OUT);
    const writtenOffUnits = lines.reduce((s, l) => s + l.rejected, 0);
    const ledgerWriteOffUnits = units(LedgerKind.GOODS_WRITE_OFF);
    return {
      lines,
      misplaced,
      registeredUnits,
      ledgerGoodsInUnits,
      deliveredUnits,
      ledgerGoodsOutUnits,
      writtenOffUnits,
      ledgerWriteOffUnits,
      holds:
        lines.every((l) => l.holds) &&
        misplaced.length === 0 &&
        registeredUnits === ledgerGoodsInUnits &&
        deliveredUnits === ledgerGoodsOutUnits &&
        writtenOffUnits === ledgerWriteOffUnits,
    };
  }
}
