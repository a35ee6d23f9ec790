import { Duration } from 'cdk8s';
import { constructError } from './errors';
import { requireInt } from './util';

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
    return new RestartPolicy('OnFailure', options);
  }

  /** Always restart, whether the application failed or completed (long-running apps). */
  public static always(options: RestartOptions = {}): RestartPolicy {
    if (options.retries !== undefined) {
      throw constructError('RestartPolicy.always', 'retries does not apply (Always restarts without limit); use RestartPolicy.onFailure for a bounded number of retries');
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
    requireInt('RestartPolicy', 'retries', options.retries, 0);
    requireInt('RestartPolicy', 'submissionRetries', options.submissionRetries, 0);
    for (const [prop, d] of [['retryInterval', options.retryInterval], ['submissionRetryInterval', options.submissionRetryInterval]] as const) {
      if (d && (d.toMilliseconds() < 1000 || d.toMilliseconds() % 1000 !== 0)) {
        throw constructError('RestartPolicy', `${prop} must be a whole number of seconds of at least 1, got ${d.toMilliseconds() / 1000}s`);
      }
    }
    this.retries = type === 'OnFailure' ? options.retries ?? 3 : undefined;
    this.retryInterval = options.retryInterval ?? Duration.seconds(10);
    this.submissionRetries = options.submissionRetries ?? 3;
    this.submissionRetryInterval = options.submissionRetryInterval ?? Duration.seconds(20);
  }
}
