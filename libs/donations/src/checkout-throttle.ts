import { Injectable } from '@nestjs/common';
import { AppConfig, ForbiddenError, RedisConnection } from '@shanchou/core';
import { AttemptStore, attemptStoreFor } from '@shanchou/identity';

/** Orders a donor, and a client address, may start in a minute: card-testing needs many. */
export const CHECKOUT_POLICY = { windowSeconds: 60, perDonor: 10, perAddress: 30 } as const;

export class CheckoutThrottledError extends ForbiddenError {
  constructor() {
    super('一分钟内发起的支付太多了，请等一分钟再试');
  }
}

@Injectable()
export class CheckoutThrottle {
  private readonly store: AttemptStore;
  private readonly prefix: string;

  constructor(redis: RedisConnection, config: AppConfig) {
    this.store = attemptStoreFor(redis);
    this.prefix = `${config.redisPrefix}:checkout`;
  }

  /** Counts this checkout; refuses it past either limit. */
  async admit(donorId: string, address: string): Promise<void> {
    const [byDonor, byAddress] = await Promise.all([
      this.store.hit(`${this.prefix}:donor:${donorId}`, CHECKOUT_POLICY.windowSeconds),
      this.store.hit(`${this.prefix}:addr:${address}`, CHECKOUT_POLICY.windowSeconds),
    ]);
    if (byDonor > CHECKOUT_POLICY.perDonor || byAddress > CHECKOUT_POLICY.perAddress)
      throw new CheckoutThrottledError();
  }
}
