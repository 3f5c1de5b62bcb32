import { Injectable } from '@nestjs/common';

/** Wakes the relay of this process right after a commit wrote to the outbox (it also polls). */
@Injectable()
export class OutboxSignal {
  private listener?: () => void;

  notify(): void {
    this.listener?.();
  }

  subscribe(listener: () => void): void {
    this.listener = listener;
  }
}
