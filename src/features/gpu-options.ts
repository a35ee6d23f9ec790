import { Size } from 'cdk8s';
import { checkProps, required, str } from '../core/check';
import { propError } from '../core/errors';
import { dnsSubdomainProblem } from '../core/util';

/** The argument of GpuVendor.custom (checked by shape, not registered: it is no struct). */
const CUSTOM_ARGS = { domain: required(str()) };

/** The GPU vendor: the domain of the Kubernetes resource `<domain>/gpu` and of Spark's `resource.gpu.vendor`. */
export class GpuVendor {
  /** NVIDIA (`nvidia.com/gpu`, from the NVIDIA device plugin). */
  public static readonly NVIDIA = new GpuVendor('nvidia.com');
  /** AMD (`amd.com/gpu`, from the ROCm device plugin). */
  public static readonly AMD = new GpuVendor('amd.com');

  /**
   * Another vendor whose device plugin advertises `<domain>/gpu`.
   *
   * @param domain for example `gpu.example.com`
   */
  public static custom(domain: string): GpuVendor {
    checkProps({ owner: 'GpuVendor.custom' }, { domain }, 'GpuVendor.custom arguments', CUSTOM_ARGS);
    if (domain.includes('/')) {
      // Spark names the resource <vendor>/gpu: a vendor with the resource part would request <domain>/gpu/gpu.
      throw propError('GpuVendor.custom', 'domain', domain, 'names a resource, not the vendor\'s domain (Spark appends "/gpu" to the vendor)',
        `use ${JSON.stringify(domain.slice(0, domain.indexOf('/')))}`);
    }
    const problem = dnsSubdomainProblem(domain);
    if (problem) throw propError('GpuVendor.custom', 'domain', domain, problem, 'use the domain of the GPU resource the device plugin advertises (gpu.example.com for gpu.example.com/gpu)');
    if (`${domain}/`.endsWith('kubernetes.io/')) {
      // The API server takes <...>kubernetes.io/<name> for a native resource, never an extended one.
      throw propError('GpuVendor.custom', 'domain', domain, 'is reserved for Kubernetes\' own resources, so the API server rejects a GPU resource in it',
        'use the domain of the GPU resource the device plugin advertises (gpu.example.com for gpu.example.com/gpu)');
    }
    if (domain.length > 244) {
      // Quotas name it requests.<domain>/gpu, whose prefix must stay a DNS subdomain (253 at most).
      throw propError('GpuVendor.custom', 'domain', domain, `is ${domain.length} characters long, too long for an extended resource (its quota name requests.<domain>/gpu allows 244)`,
        'use the domain of the GPU resource the device plugin advertises, at most 244 characters');
    }
    return new GpuVendor(domain);
  }

  /** The vendor domain, e.g. `nvidia.com`. */
  public readonly domain: string;

  private constructor(domain: string) {
    this.domain = domain;
  }

  /** The Kubernetes extended resource, e.g. `nvidia.com/gpu`. */
  public get resourceName(): string {
    return `${this.domain}/gpu`;
  }
}

/** What the RAPIDS Accelerator logs about the query plan (`spark.rapids.sql.explain`). */
export enum RapidsExplain {
  /** Nothing. */
  NONE = 'NONE',
  /** The parts of each plan that stay on the CPU, and why. */
  NOT_ON_GPU = 'NOT_ON_GPU',
  /** Every operator and where it runs. */
  ALL = 'ALL',
}

/**
 * RAPIDS Accelerator for Apache Spark: SQL and DataFrame operators run on the GPU.
 *
 * @see https://nvidia.github.io/spark-rapids/docs/configs.html
 */
export interface RapidsOptions {
  /**
   * Plugin release. The Spark range is checked for 26.06.0 (Spark 3.3.0–3.3.4, 3.4.0–3.4.4,
   * 3.5.0–3.5.8 on Scala 2.12; 3.5.x, 4.0.0–4.0.2, 4.1.1 on Scala 2.13); other releases get a warning.
   * @default "26.06.0", or the version in the `jar` file name
   */
  readonly version?: string;
  /**
   * The plugin jar in the image (e.g. `local:///opt/sparkRapidsPlugin/rapids-4-spark_2.12-26.06.0.jar`),
   * needed for the CUDA 13 or arm64 classifiers and for clusters without access to Maven Central.
   * Its file name must name the Scala version of the Spark build.
   * @default - `com.nvidia:rapids-4-spark_<scala>:<version>` added to `spark.jars.packages`
   * (resolved from Maven Central at submission: CUDA 12, x86_64)
   */
  readonly jar?: string;
  /**
   * The plugin is on Spark's class path in the image already (e.g. in `/opt/spark/jars`): add
   * neither `jar` nor the Maven package. An app whose `imagePreset` has the plugin needs no flag.
   * @default - true when the app's imagePreset has the plugin on its class path, else false
   */
  readonly jarInImage?: boolean;
  /**
   * Tasks that may use the GPU at once (`spark.rapids.sql.concurrentGpuTasks`).
   * @default 2
   */
  readonly concurrentGpuTasks?: number;
  /**
   * Pinned (page-locked) host memory for GPU transfers (`spark.rapids.memory.pinnedPool.size`).
   * It lives outside the JVM heap, so it is added to the executor memory overhead.
   * `Size.mebibytes(0)` turns the pool off.
   * @default - the value of `spark.rapids.memory.pinnedPool.size` in the app's conf, else Size.gibibytes(2)
   */
  readonly pinnedPoolSize?: Size;
  /**
   * Plan explanation logged by the plugin.
   * @default RapidsExplain.NOT_ON_GPU
   */
  readonly explain?: RapidsExplain;
  /**
   * Largest input split (`spark.sql.files.maxPartitionBytes`); GPUs work best on large batches.
   * @default Size.mebibytes(512)
   */
  readonly maxPartitionBytes?: Size;
}
