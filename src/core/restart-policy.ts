import { Duration } from 'cdk8s';
import { defineShape, duration, int } from './check';
import { propError } from './errors';
import { checkOptions } from './util';

/** Options of a retrying restart policy. */
export interface RestartOptions {
  /**
   * Retries after the application failed (OnFailure only; Always retries forever).
   * @default 3
   */
  readonly retries?: number;
  /**
   * Wait between a failure and the next run.
   * @default Duration.seconds(10)
   */
  readonly retryInterval?: Duration;
  /**
   * Retries after spark-submit itself failed.
   * @default 3
   */
  readonly submissionRetries?: number;
  /**
   * Wait between a failed submission and the next.
   * @default Duration.seconds(20)
   */
  readonly submissionRetryInterval?: Duration;
}

/** The CRD's retry counts are int32 (at least 0), its intervals whole seconds (at least 1). */
const RESTART_OPTIONS = defineShape('RestartOptions', {
  retries: int(0),
  retryInterval: duration(),
  submissionRetries: int(0),
  submissionRetryInterval: duration(),
});

/**
 * What happens when an application ends: never restart, restart after a failure a bounded number
 * of times, or always restart (long-running apps). Each back-end renders it in its own terms.
 */
export class RestartPolicy {
  /** Never restart. */
  public static never(): RestartPolicy {
    return new RestartPolicy('Never', {});
  }

  /** Restart after a failure, a bounded number of times. */
  public static onFailure(options: RestartOptions = {}): RestartPolicy {
    checkOptions({ owner: 'RestartPolicy.onFailure' }, options, 'RestartOptions', RESTART_OPTIONS);
    return new RestartPolicy('OnFailure', options ?? {});
  }

  /** Always restart, whether the application failed or completed (long-running apps). */
  public static always(options: RestartOptions = {}): RestartPolicy {
    checkOptions({ owner: 'RestartPolicy.always' }, options, 'RestartOptions', RESTART_OPTIONS);
    options = options ?? {};
    if (options.retries !== undefined) {
      throw propError('RestartPolicy.always', 'retries', options.retries, 'does not apply (Always restarts without limit)', 'use RestartPolicy.onFailure for a bounded number of retries');
    }
    return new RestartPolicy('Always', options);
  }

  /** Never, OnFailure or Always. */
  public readonly type: string;
  /** Retries after a failure (OnFailure only). */
  public readonly retries?: number;
  /** Wait between a failure and the next run. */
  public readonly retryInterval: Duration;
  /** Retries after spark-submit itself failed. */
  public readonly submissionRetries: number;
  /** Wait between a failed submission and the next. */
  public readonly submissionRetryInterval: Duration;

  private constructor(type: string, options: RestartOptions) {
    this.type = type;
    const owner = `RestartPolicy.${type === 'OnFailure' ? 'onFailure' : 'always'}`;
    for (const [prop, d] of [['retryInterval', options.retryInterval], ['submissionRetryInterval', options.submissionRetryInterval]] as const) {
      if (d && (d.toMilliseconds() < 1000 || d.toMilliseconds() % 1000 !== 0)) {
        throw propError(owner, prop, d, 'must be a whole number of seconds of at least 1', `use e.g. Duration.seconds(${Math.max(1, Math.round(d.toMilliseconds() / 1000))})`);
      }
    }
    this.retries = type === 'OnFailure' ? options.retries ?? 3 : undefined;
    this.retryInterval = options.retryInterval ?? Duration.seconds(10);
    this.submissionRetries = options.submissionRetries ?? 3;
    this.submissionRetryInterval = options.submissionRetryInterval ?? Duration.seconds(20);
  }
}
