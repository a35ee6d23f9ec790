import { Size } from 'cdk8s';
import { NodeShape } from './node-shape';
import { defineShape, int, required, size } from '../core/check';
import { CpuCores } from '../core/resources';
import { CPU_CORES } from '../core/shapes';
import { checkOptions, sizeToMebibytes } from '../core/util';

/** Options of a provider's allocatable formula. */
export interface ProviderAllocatableOptions {
  /**
   * Most pods per node (the kubelet's `maxPods`; EKS and AKS reserve memory per pod).
   * @default - the shape's pod limit
   */
  readonly maxPods?: number;
}

/** Allocatable figures of a node given explicitly (e.g. read with `kubectl get node -o yaml`). */
export interface ExplicitAllocatableOptions {
  /** Allocatable CPU. */
  readonly cpu: CpuCores;
  /** Allocatable memory. */
  readonly memory: Size;
  /**
   * Allocatable ephemeral storage.
   * @default - 90% of the shape's ephemeral disk
   */
  readonly ephemeralStorage?: Size;
  /**
   * Allocatable pods.
   * @default - the shape's pod limit
   */
  readonly pods?: number;
}

/** What a node keeps for itself and what is left for pods, by resource. */
export interface AllocatableBreakdown {
  /** The formula used: EKS, GKE, AKS or explicit. */
  readonly profile: string;
  /** CPU of the machine in millicores. */
  readonly capacityCpuMillis: number;
  /** Memory of the machine in MiB. */
  readonly capacityMemoryMebibytes: number;
  /** Ephemeral disk of the machine in MiB. */
  readonly capacityEphemeralStorageMebibytes: number;
  /** CPU reserved for the kubelet, runtime and system in millicores. */
  readonly reservedCpuMillis: number;
  /** Memory reserved for the kubelet, runtime and system in MiB. */
  readonly reservedMemoryMebibytes: number;
  /** The kubelet's hard memory eviction threshold in MiB. */
  readonly evictionMemoryMebibytes: number;
  /** Ephemeral storage reserved plus the eviction threshold, in MiB. */
  readonly reservedEphemeralStorageMebibytes: number;
  /** Allocatable CPU in millicores. */
  readonly cpuMillis: number;
  /** Allocatable memory in MiB. */
  readonly memoryMebibytes: number;
  /** Allocatable ephemeral storage in MiB. */
  readonly ephemeralStorageMebibytes: number;
  /** Allocatable pods. */
  readonly pods: number;
  /** GPUs. */
  readonly gpus: number;
}

const PROVIDER_OPTIONS = defineShape('ProviderAllocatableOptions', { maxPods: int(1, 10000) });
const EXPLICIT_OPTIONS = defineShape('ExplicitAllocatableOptions', {
  cpu: required(CPU_CORES),
  memory: required(size()),
  ephemeralStorage: size(),
  pods: int(1, 10000),
});

/** CPU reserved by tiers of whole cores, in millicores, truncated per tier as amazon-eks-ami does. */
function cpuTiers(millis: number, tiers: Array<[upTo: number, per10k: number]>): number {
  let start = 0;
  let reserved = 0;
  for (const [upTo, per10k] of tiers) {
    if (millis <= start) break;
    reserved += Math.floor(((Math.min(millis, upTo) - start) * per10k) / 10000);
    start = upTo;
  }
  return reserved;
}

/** 6% of the first core, 1% of the second, 0.5% of cores 3-4, 0.25% of the rest (EKS and GKE). */
const CPU_TIERS: Array<[number, number]> = [[1000, 600], [2000, 100], [4000, 50], [Infinity, 25]];

/**
 * What a node keeps for itself (kube-reserved, system-reserved, eviction thresholds) and its pod
 * limit: the formula a provider publishes, or explicit figures.
 *
 * - **EKS** (awslabs/amazon-eks-ami, `nodeadm/internal/kubelet/config.go`, also used by
 *   Karpenter's EC2 provider): CPU 6% of the first core, 1% of the second, 0.5% of cores 3-4,
 *   0.25% of the others; memory 11 MiB × maxPods + 255 MiB; ephemeral storage 1 GiB; eviction at
 *   memory.available < 100Mi and nodefs.available < 10%.
 * - **GKE** ("Plan GKE Standard node sizes", cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes):
 *   CPU as EKS; memory 255 MiB below 1 GiB, else 25% of the first 4 GiB, 20% of the next 4, 10%
 *   of the next 8, 6% of the next 112, 2% above 128 GiB; eviction at 100 MiB; ephemeral storage:
 *   eviction at 10% of the boot disk plus a system reservation of min(50% of the disk, 35 GiB).
 * - **AKS** ("Node resource reservations", learn.microsoft.com/azure/aks/node-resource-reservations,
 *   AKS 1.29 and later): CPU 60m for 1 core, 100m for 2, 140m for 4, then 10m per further core
 *   (180m for 8, 260m for 16, 420m for 32, 740m for 64); memory the lesser of 20 MB × maxPods +
 *   50 MB and 25% of the memory (taken as MiB), plus the 100 MiB eviction threshold; ephemeral
 *   storage evicted at nodefs.available < 10%.
 */
export class AllocatableProfile {
  /** The EKS formula (amazon-eks-ami nodeadm; Karpenter on AWS computes the same). */
  public static eks(options: ProviderAllocatableOptions = {}): AllocatableProfile {
    checkOptions({ owner: 'AllocatableProfile.eks' }, options, 'ProviderAllocatableOptions', PROVIDER_OPTIONS);
    return new AllocatableProfile('EKS', options?.maxPods, undefined);
  }

  /** The GKE Standard formula. */
  public static gke(options: ProviderAllocatableOptions = {}): AllocatableProfile {
    checkOptions({ owner: 'AllocatableProfile.gke' }, options, 'ProviderAllocatableOptions', PROVIDER_OPTIONS);
    return new AllocatableProfile('GKE', options?.maxPods, undefined);
  }

  /** The AKS formula (Kubernetes 1.29 and later). */
  public static aks(options: ProviderAllocatableOptions = {}): AllocatableProfile {
    checkOptions({ owner: 'AllocatableProfile.aks' }, options, 'ProviderAllocatableOptions', PROVIDER_OPTIONS);
    return new AllocatableProfile('AKS', options?.maxPods, undefined);
  }

  /** Allocatable figures read from a real node. */
  public static explicit(options: ExplicitAllocatableOptions): AllocatableProfile {
    const ctx = { owner: 'AllocatableProfile.explicit' };
    checkOptions(ctx, options, 'ExplicitAllocatableOptions', EXPLICIT_OPTIONS);
    return new AllocatableProfile('explicit', options.pods, {
      cpuMillis: options.cpu.millicores,
      memoryMebibytes: sizeToMebibytes(ctx.owner, 'memory', options.memory),
      ephemeralStorageMebibytes: options.ephemeralStorage ? sizeToMebibytes(ctx.owner, 'ephemeralStorage', options.ephemeralStorage) : undefined,
    });
  }

  /** EKS, GKE, AKS or explicit. */
  public readonly profile: string;
  private readonly maxPods?: number;
  private readonly fixed?: { cpuMillis: number; memoryMebibytes: number; ephemeralStorageMebibytes?: number };

  private constructor(profile: string, maxPods: number | undefined, fixed: AllocatableProfile['fixed']) {
    this.profile = profile;
    this.maxPods = maxPods;
    this.fixed = fixed;
  }

  /**
   * The allocatable figures of one node of a shape.
   *
   * @param shape the node shape
   * @param ephemeralStorageMebibytes the disk that holds ephemeral storage (boot disk or NVMe), in MiB
   */
  public compute(shape: NodeShape, ephemeralStorageMebibytes: number): AllocatableBreakdown {
    const cpu = Math.round(shape.vcpus * 1000);
    const mem = shape.memoryMebibytes;
    const disk = ephemeralStorageMebibytes;
    const pods = this.maxPods ?? shape.maxPods;
    let reservedCpu: number;
    let reservedMem: number;
    let eviction: number;
    let reservedDisk: number;
    switch (this.profile) {
      case 'EKS':
        reservedCpu = cpuTiers(cpu, CPU_TIERS);
        reservedMem = 11 * pods + 255;
        eviction = 100;
        reservedDisk = 1024 + Math.ceil(disk * 0.1);
        break;
      case 'GKE':
        reservedCpu = cpuTiers(cpu, CPU_TIERS);
        reservedMem = mem < 1024 ? 255 : gkeMemory(mem);
        eviction = 100;
        reservedDisk = Math.ceil(disk * 0.1) + Math.min(Math.ceil(disk * 0.5), 35 * 1024);
        break;
      case 'AKS':
        reservedCpu = aksCpu(cpu);
        reservedMem = Math.min(20 * pods + 50, Math.floor(mem * 0.25));
        eviction = 100;
        reservedDisk = Math.ceil(disk * 0.1);
        break;
      default: {
        const f = this.fixed!;
        const e = f.ephemeralStorageMebibytes ?? Math.floor(disk * 0.9);
        return {
          profile: this.profile,
          capacityCpuMillis: cpu,
          capacityMemoryMebibytes: mem,
          capacityEphemeralStorageMebibytes: disk,
          reservedCpuMillis: Math.max(0, cpu - f.cpuMillis),
          reservedMemoryMebibytes: Math.max(0, mem - f.memoryMebibytes),
          evictionMemoryMebibytes: 0,
          reservedEphemeralStorageMebibytes: Math.max(0, disk - e),
          cpuMillis: f.cpuMillis,
          memoryMebibytes: f.memoryMebibytes,
          ephemeralStorageMebibytes: e,
          pods,
          gpus: shape.gpus,
        };
      }
    }
    return {
      profile: this.profile,
      capacityCpuMillis: cpu,
      capacityMemoryMebibytes: mem,
      capacityEphemeralStorageMebibytes: disk,
      reservedCpuMillis: reservedCpu,
      reservedMemoryMebibytes: reservedMem,
      evictionMemoryMebibytes: eviction,
      reservedEphemeralStorageMebibytes: reservedDisk,
      cpuMillis: Math.max(0, cpu - reservedCpu),
      memoryMebibytes: Math.max(0, mem - reservedMem - eviction),
      ephemeralStorageMebibytes: Math.max(0, disk - reservedDisk),
      pods,
      gpus: shape.gpus,
    };
  }
}

/** GKE's regressive memory reservation in MiB. */
function gkeMemory(mem: number): number {
  const tiers: Array<[number, number]> = [[4 * 1024, 0.25], [8 * 1024, 0.2], [16 * 1024, 0.1], [128 * 1024, 0.06], [Infinity, 0.02]];
  let start = 0;
  let reserved = 0;
  for (const [upTo, share] of tiers) {
    if (mem <= start) break;
    reserved += (Math.min(mem, upTo) - start) * share;
    start = upTo;
  }
  return Math.ceil(reserved);
}

/** AKS's CPU reservation in millicores: 60 for the first core, 40 for the second, 20 each for cores 3-4, 10 each after. */
function aksCpu(millis: number): number {
  const tiers: Array<[number, number]> = [[1000, 60], [2000, 40], [4000, 20], [Infinity, 10]];
  let start = 0;
  let reserved = 0;
  for (const [upTo, perCore] of tiers) {
    if (millis <= start) break;
    reserved += ((Math.min(millis, upTo) - start) / 1000) * perCore;
    start = upTo;
  }
  return Math.round(reserved);
}
