import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

const afterCommitHooks = new WeakMap<EntityManager, (() => void)[]>();

/** The isolation of every connection unless a transaction asks for another (typeorm-options.ts). */
export const DEFAULT_ISOLATION: IsolationLevel = 'READ COMMITTED';

/**
 * One transaction per change (STYLE.md habit 3). `run` hands the EntityManager down to every
 * service that takes part; work that must follow the commit registers an after-commit hook.
 */
@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(work: (tx: EntityManager) => Promise<T>, isolation: IsolationLevel = DEFAULT_ISOLATION): Promise<T> {
    let hooks: (() => void)[] = [];
    const body = async (tx: EntityManager): Promise<T> => {
      hooks = [];
      afterCommitHooks.set(tx, hooks);
      return work(tx);
    };
    // READ COMMITTED is every connection's default (typeorm-options.ts pins it at connect): naming it
    // would cost each transaction a fourth round trip (TypeORM sends START TRANSACTION, then SET
    // TRANSACTION ISOLATION LEVEL), a quarter of a ledger append's.
    const result =
      isolation === DEFAULT_ISOLATION
        ? await this.dataSource.transaction(body)
        : await this.dataSource.transaction(isolation, body);
    for (const hook of hooks) hook();
    return result;
  }

  /** Runs `hook` once the transaction of `tx` has committed; never if it rolls back. */
  static afterCommit(tx: EntityManager, hook: () => void): void {
    afterCommitHooks.get(tx)?.push(hook);
  }
}
