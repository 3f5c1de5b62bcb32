import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

const afterCommitHooks = new WeakMap<EntityManager, (() => void)[]>();

/**
 * One transaction per change (STYLE.md habit 3). `run` hands the EntityManager down to every
 * service that takes part; work that must follow the commit registers an after-commit hook.
 */
@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(work: (tx: EntityManager) => Promise<T>, isolation: IsolationLevel = 'READ COMMITTED'): Promise<T> {
    let hooks: (() => void)[] = [];
    const result = await this.dataSource.transaction(isolation, async (tx) => {
      hooks = [];
      afterCommitHooks.set(tx, hooks);
      return work(tx);
    });
    for (const hook of hooks) hook();
    return result;
  }

  /** Runs `hook` once the transaction of `tx` has committed; never if it rolls back. */
  static afterCommit(tx: EntityManager, hook: () => void): void {
    afterCommitHooks.get(tx)?.push(hook);
  }
}
