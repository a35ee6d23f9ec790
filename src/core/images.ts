import { str, required } from './check';
import { propError } from './errors';
import { RAPIDS_IMAGE_OPTIONS, SPARK_IMAGE_OPTIONS } from './image-shapes';
import { checkArg, checkOptions } from './util';

/** The user and group an image runs as, and what else of it the library needs to know. */
export interface SparkImageOptions {
  /** User id the image's processes run as (its Dockerfile's `USER`). Not 0: the restricted Pod Security profile forbids root. */
  readonly user: number;
  /**
   * Primary group id (the group its files are writable by).
   * @default - the user id
   */
  readonly group?: number;
  /**
   * Group that owns mounted volumes (the pods' `fsGroup`).
   * @default - the user id
   */
  readonly fsGroup?: number;
  /**
   * The RAPIDS Accelerator jar in the image that is not on Spark's class path, as a `local://` URI;
   * GpuAcceleration and GpuTrainingJob add it to `spark.jars` instead of the Maven package.
   * @default - none
   */
  readonly rapidsJar?: string;
  /**
   * The RAPIDS Accelerator jar is on Spark's class path already (in `/opt/spark/jars`):
   * GpuAcceleration and GpuTrainingJob add neither a jar nor the Maven package.
   * @default false
   */
  readonly rapidsOnClassPath?: boolean;
}

/** A RAPIDS image: where its plugin jar is. */
export interface RapidsImageOptions {
  /**
   * The plugin jar as a `local://` URI when it is outside Spark's class path, as in NVIDIA's
   * getting-started Dockerfile (`/opt/sparkRapidsPlugin/rapids-4-spark_<scala>-<version>.jar`).
   * @default - the jar is in `/opt/spark/jars`, on Spark's class path
   */
  readonly jar?: string;
  /**
   * User id of the image.
   * @default 185
   */
  readonly user?: number;
  /**
   * Primary group id of the image.
   * @default 0 (the image creates no group: files are group-writable by root's group)
   */
  readonly group?: number;
}

/**
 * A Spark image with the user and group it runs as, so the pods' security contexts match the
 * image (a wrong `runAsUser` leaves Spark unable to write its work dir, or an image's
 * `/etc/passwd` without the user). Give it as SparkApp's `imagePreset` instead of `image`.
 */
export class SparkImage {
  /**
   * An official `apache/spark` image (Docker Hub), e.g. `3.5.5` or `3.5.5-scala2.12-java17-python3-ubuntu`.
   * Its Dockerfile creates user and group `spark` with id 185 (apache/spark-docker,
   * `3.5.5/scala2.12-java17-ubuntu/Dockerfile`: `ARG spark_uid=185`, `groupadd --system
   * --gid=${spark_uid} spark`, `useradd --system --uid=${spark_uid} --gid=spark spark`, `USER spark`).
   *
   * @param tag the image tag, e.g. `3.5.5`
   */
  public static apacheSpark(tag: string): SparkImage {
    checkArg({ owner: 'SparkImage.apacheSpark' }, 'tag', TAG, tag);
    return new SparkImage(`apache/spark:${tag}`, 'SparkImage.apacheSpark', { user: 185, group: 185, fsGroup: 185 });
  }

  /**
   * An image built with Spark's own `kubernetes/dockerfiles/spark` Dockerfile and
   * `docker-image-tool.sh`, like the legacy `spark-py` images (`apache/spark-py`,
   * `gcr.io/spark-operator/spark-py`) and most in-house images derived from them. It creates no
   * user or group: `USER ${spark_uid}` with `ARG spark_uid=185`, group 0, the work dir
   * `chmod g+w` (apache/spark, `resource-managers/kubernetes/docker/src/main/dockerfiles/spark/Dockerfile`).
   *
   * @param ref the full image reference, e.g. `registry.example/spark-py:3.5.5`
   */
  public static sparkDistribution(ref: string): SparkImage {
    checkArg({ owner: 'SparkImage.sparkDistribution' }, 'ref', REF, ref);
    return new SparkImage(ref, 'SparkImage.sparkDistribution', { user: 185, group: 0, fsGroup: 185 });
  }

  /**
   * A RAPIDS Accelerator image built like NVIDIA's getting-started Dockerfile
   * (NVIDIA/spark-rapids, `docs/get-started/Dockerfile.cuda`: `ARG spark_uid=185`, no group
   * created, `USER ${spark_uid}`, the plugin copied to `/opt/sparkRapidsPlugin`). With it,
   * GpuAcceleration's and GpuTrainingJob's `rapids` add no second plugin jar from Maven.
   *
   * @param ref the full image reference
   * @param options where the plugin jar is, and the user and group when they differ
   */
  public static rapids(ref: string, options: RapidsImageOptions = {}): SparkImage {
    const owner = 'SparkImage.rapids';
    checkArg({ owner }, 'ref', REF, ref);
    checkOptions({ owner }, options, 'RapidsImageOptions', RAPIDS_IMAGE_OPTIONS);
    const user = options.user ?? 185;
    rejectRoot(owner, user);
    return new SparkImage(ref, owner, {
      user,
      group: options.group ?? 0,
      fsGroup: user,
      rapidsJar: options.jar,
      rapidsOnClassPath: options.jar === undefined,
    });
  }

  /**
   * A Stackable `spark-k8s` image, e.g. tag `3.5.5-stackable25.3.0`. It runs as user 1000 with
   * its files owned by group 0 and group-writable (stackabletech/docker-images,
   * `spark-k8s/Dockerfile`: `COPY --chown=${STACKABLE_USER_UID}:0`, `chmod g=u`,
   * `USER ${STACKABLE_USER_UID}`; `STACKABLE_USER_UID` is 1000 in its `conf.py`).
   *
   * @param tag the image tag, e.g. `3.5.5-stackable25.3.0`
   * @param registry the registry and repository
   */
  public static stackable(tag: string, registry?: string): SparkImage {
    const owner = 'SparkImage.stackable';
    checkArg({ owner }, 'tag', TAG, tag);
    checkArg({ owner }, 'registry', REF_OPTIONAL, registry);
    return new SparkImage(`${registry ?? 'oci.stackable.tech/sdp/spark-k8s'}:${tag}`, owner, { user: 1000, group: 0, fsGroup: 1000 });
  }

  /**
   * Any image, with the user and group it runs as.
   *
   * @param ref the full image reference
   * @param options its user, group and RAPIDS jar
   */
  public static of(ref: string, options: SparkImageOptions): SparkImage {
    const owner = 'SparkImage.of';
    checkArg({ owner }, 'ref', REF, ref);
    checkOptions({ owner }, options, 'SparkImageOptions', SPARK_IMAGE_OPTIONS);
    rejectRoot(owner, options.user);
    if (options.rapidsJar !== undefined && options.rapidsOnClassPath) {
      throw propError(owner, 'rapidsJar', options.rapidsJar, 'and rapidsOnClassPath both say where the RAPIDS jar is',
        'give rapidsJar for a jar outside Spark\'s class path, or rapidsOnClassPath: true for one in /opt/spark/jars');
    }
    return new SparkImage(ref, owner, {
      user: options.user,
      group: options.group ?? options.user,
      fsGroup: options.fsGroup ?? options.user,
      rapidsJar: options.rapidsJar,
      rapidsOnClassPath: options.rapidsOnClassPath,
    });
  }

  /** Whether a value is a SparkImage. */
  public static isSparkImage(x: unknown): x is SparkImage {
    return x instanceof SparkImage;
  }

  /** The image reference (the app's `image`). */
  public readonly ref: string;
  /** The factory that made it, e.g. `SparkImage.apacheSpark`. */
  public readonly preset: string;
  /** User id the image runs as. */
  public readonly user: number;
  /** Primary group id. */
  public readonly group: number;
  /** Group owning mounted volumes. */
  public readonly fsGroup: number;
  /** The RAPIDS jar in the image outside Spark's class path, if any. */
  public readonly rapidsJar?: string;
  /** Whether the RAPIDS jar is on Spark's class path in the image. */
  public readonly rapidsOnClassPath: boolean;

  private constructor(ref: string, preset: string,
    ids: { user: number; group: number; fsGroup: number; rapidsJar?: string; rapidsOnClassPath?: boolean }) {
    this.ref = ref;
    this.preset = preset;
    this.user = ids.user;
    this.group = ids.group;
    this.fsGroup = ids.fsGroup;
    this.rapidsJar = ids.rapidsJar;
    this.rapidsOnClassPath = ids.rapidsOnClassPath ?? false;
  }

  /** Whether the image has the RAPIDS Accelerator (a jar outside the class path, or on it). */
  public get hasRapids(): boolean {
    return this.rapidsJar !== undefined || this.rapidsOnClassPath;
  }
}

const TAG = required(str());
const REF = required(str());
const REF_OPTIONAL = str();

function rejectRoot(owner: string, user: number) {
  if (user === 0) {
    throw propError(owner, 'user', 0, '(root) breaks the restricted Pod Security profile the Spark pods run under', 'use an image with a non-root USER and give its id');
  }
}
