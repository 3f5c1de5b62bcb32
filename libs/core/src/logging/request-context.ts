import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of a unit of work carries: the HTTP request or the job it belongs to. */
export interface WorkContext {
  requestId?: string;
  jobId?: string;
  queue?: string;
}

const storage = new AsyncLocalStorage<WorkContext>();

export const workContext = {
  run<T>(context: WorkContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): WorkContext | undefined {
    return storage.getStore();
  },
};
