import { Size } from 'cdk8s';
import { closest, defineShape, enumOf, int, num, required, size, str } from '../core/check';
import { propError } from '../core/errors';
import { checkArg, checkOptions, sizeToMebibytes } from '../core/util';

/** The cloud an instance type belongs to (picks the default allocatable formula). */
export enum NodeCloud {
  /** Amazon EC2 (EKS formula). */
  AWS = 'aws',
  /** Google Compute Engine (GKE formula). */
  GCP = 'gcp',
  /** Azure virtual machines (AKS formula). */
  AZURE = 'azure',
}

/** Who makes a node's GPUs: names the extended resource (`nvidia.com/gpu`, `amd.com/gpu`). */
export enum NodeGpuVendor {
  /** `nvidia.com/gpu` */
  NVIDIA = 'nvidia.com',
  /** `amd.com/gpu` */
  AMD = 'amd.com',
}

/** Options of an instance type from the catalog. */
export interface NodeShapeOverrides {
  /**
   * Size of the boot disk (the ephemeral storage unless the pool uses the NVMe disks).
   * @default - the usual default of the cloud: 20 GiB on AWS (Karpenter's and EKS node groups'), 100 GiB on GCP, 128 GiB on Azure
   */
  readonly bootDisk?: Size;
  /**
   * Most pods per node, when the cluster's network plugin sets another limit than the catalog's.
   * @default - AWS: the VPC CNI limit of the type (ENIs × (IPs per ENI − 1) + 2); GCP 110; Azure 250 (Azure CNI Overlay)
   */
  readonly maxPods?: number;
}

/** A node shape of your own. */
export interface CustomNodeShapeOptions {
  /**
   * Name, e.g. the instance type (also the `node.kubernetes.io/instance-type` label of Karpenter pools).
   * @default - no name: Karpenter pools do not pin an instance type
   */
  readonly name?: string;
  /**
   * The cloud, which picks the default allocatable formula.
   * @default - none: the pool needs an explicit `allocatable`
   */
  readonly cloud?: NodeCloud;
  /** vCPUs. */
  readonly vcpus: number;
  /** Memory of the machine. */
  readonly memory: Size;
  /**
   * Boot disk (the ephemeral storage unless the pool uses the NVMe disks).
   * @default Size.gibibytes(100)
   */
  readonly bootDisk?: Size;
  /**
   * GPUs per node.
   * @default 0
   */
  readonly gpus?: number;
  /**
   * Vendor of the GPUs.
   * @default NodeGpuVendor.NVIDIA
   */
  readonly gpuVendor?: NodeGpuVendor;
  /**
   * GPU model, e.g. `A10G` (documentation only).
   * @default - not given
   */
  readonly gpuModel?: string;
  /**
   * Local NVMe disks per node.
   * @default 0
   */
  readonly nvmeDisks?: number;
  /**
   * Size of each local NVMe disk.
   * @default - none
   */
  readonly nvmeDiskSize?: Size;
  /**
   * Most pods per node.
   * @default 110 (the kubelet's default)
   */
  readonly maxPods?: number;
  /**
   * CPU architecture (`kubernetes.io/arch`).
   * @default "amd64"
   */
  readonly arch?: string;
}

interface CatalogEntry {
  cloud: NodeCloud;
  vcpus: number;
  memoryGiB: number;
  gpus?: number;
  gpuModel?: string;
  nvme?: [count: number, gib: number];
  maxPods?: number;
}

/**
 * A small catalog of common instance shapes of the three clouds: general purpose, memory- and
 * compute-optimized, local NVMe, GPU. Sources (2026): vCPU, memory, local disks and GPUs from
 * the providers' instance pages — aws.amazon.com/ec2/instance-types (m6i, r6i, c6i, m6id, r6id,
 * i4i, g5, p4d), cloud.google.com/compute/docs/machine-resource (n2, c2, c3 -lssd, g2, a2),
 * learn.microsoft.com/azure/virtual-machines/sizes (Dv5, Ev5, Fsv2, Lsv3, NCasT4_v3,
 * NC_A100_v4); AWS pod limits from awslabs/amazon-eks-ami nodeadm/internal/kubelet/instance-info.jsonl
 * (commit 81fec2e): ENIs × (IPv4 addresses per ENI − 1) + 2.
 */
const CATALOG: { [name: string]: CatalogEntry } = {
  // AWS general purpose / memory / compute
  'm6i.xlarge': { cloud: NodeCloud.AWS, vcpus: 4, memoryGiB: 16, maxPods: 58 },
  'm6i.2xlarge': { cloud: NodeCloud.AWS, vcpus: 8, memoryGiB: 32, maxPods: 58 },
  'm6i.4xlarge': { cloud: NodeCloud.AWS, vcpus: 16, memoryGiB: 64, maxPods: 234 },
  'm6i.8xlarge': { cloud: NodeCloud.AWS, vcpus: 32, memoryGiB: 128, maxPods: 234 },
  'r6i.2xlarge': { cloud: NodeCloud.AWS, vcpus: 8, memoryGiB: 64, maxPods: 58 },
  'r6i.4xlarge': { cloud: NodeCloud.AWS, vcpus: 16, memoryGiB: 128, maxPods: 234 },
  'r6i.8xlarge': { cloud: NodeCloud.AWS, vcpus: 32, memoryGiB: 256, maxPods: 234 },
  'c6i.4xlarge': { cloud: NodeCloud.AWS, vcpus: 16, memoryGiB: 32, maxPods: 234 },
  'c6i.8xlarge': { cloud: NodeCloud.AWS, vcpus: 32, memoryGiB: 64, maxPods: 234 },
  // AWS local NVMe (sizes in GB as sold: 950 GB = 884 GiB, 3750 GB = 3492 GiB)
  'm6id.4xlarge': { cloud: NodeCloud.AWS, vcpus: 16, memoryGiB: 64, nvme: [1, 884], maxPods: 234 },
  'r6id.4xlarge': { cloud: NodeCloud.AWS, vcpus: 16, memoryGiB: 128, nvme: [1, 884], maxPods: 234 },
  'i4i.4xlarge': { cloud: NodeCloud.AWS, vcpus: 16, memoryGiB: 128, nvme: [1, 3492], maxPods: 234 },
  // AWS GPU
  'g5.xlarge': { cloud: NodeCloud.AWS, vcpus: 4, memoryGiB: 16, gpus: 1, gpuModel: 'A10G', nvme: [1, 232], maxPods: 58 },
  'g5.2xlarge': { cloud: NodeCloud.AWS, vcpus: 8, memoryGiB: 32, gpus: 1, gpuModel: 'A10G', nvme: [1, 419], maxPods: 58 },
  'g5.12xlarge': { cloud: NodeCloud.AWS, vcpus: 48, memoryGiB: 192, gpus: 4, gpuModel: 'A10G', nvme: [1, 3539], maxPods: 737 },
  'p4d.24xlarge': { cloud: NodeCloud.AWS, vcpus: 96, memoryGiB: 1152, gpus: 8, gpuModel: 'A100', nvme: [8, 931], maxPods: 737 },
  // GCP
  'n2-standard-8': { cloud: NodeCloud.GCP, vcpus: 8, memoryGiB: 32 },
  'n2-standard-16': { cloud: NodeCloud.GCP, vcpus: 16, memoryGiB: 64 },
  'n2-highmem-16': { cloud: NodeCloud.GCP, vcpus: 16, memoryGiB: 128 },
  'n2-highcpu-32': { cloud: NodeCloud.GCP, vcpus: 32, memoryGiB: 32 },
  'c2-standard-16': { cloud: NodeCloud.GCP, vcpus: 16, memoryGiB: 64 },
  'c3-standard-22-lssd': { cloud: NodeCloud.GCP, vcpus: 22, memoryGiB: 88, nvme: [4, 375] },
  'g2-standard-8': { cloud: NodeCloud.GCP, vcpus: 8, memoryGiB: 32, gpus: 1, gpuModel: 'L4' },
  'a2-highgpu-1g': { cloud: NodeCloud.GCP, vcpus: 12, memoryGiB: 85, gpus: 1, gpuModel: 'A100' },
  // Azure
  'Standard_D8s_v5': { cloud: NodeCloud.AZURE, vcpus: 8, memoryGiB: 32 },
  'Standard_D16s_v5': { cloud: NodeCloud.AZURE, vcpus: 16, memoryGiB: 64 },
  'Standard_E16s_v5': { cloud: NodeCloud.AZURE, vcpus: 16, memoryGiB: 128 },
  'Standard_F16s_v2': { cloud: NodeCloud.AZURE, vcpus: 16, memoryGiB: 32 },
  'Standard_L16s_v3': { cloud: NodeCloud.AZURE, vcpus: 16, memoryGiB: 128, nvme: [2, 1788] },
  'Standard_NC4as_T4_v3': { cloud: NodeCloud.AZURE, vcpus: 4, memoryGiB: 28, gpus: 1, gpuModel: 'T4' },
  'Standard_NC24ads_A100_v4': { cloud: NodeCloud.AZURE, vcpus: 24, memoryGiB: 220, gpus: 1, gpuModel: 'A100' },
};

const DEFAULT_BOOT_GIB: Record<NodeCloud, number> = { [NodeCloud.AWS]: 20, [NodeCloud.GCP]: 100, [NodeCloud.AZURE]: 128 };
const DEFAULT_MAX_PODS: Record<NodeCloud, number> = { [NodeCloud.AWS]: 110, [NodeCloud.GCP]: 110, [NodeCloud.AZURE]: 250 };

const MAX_PODS = int(1, 10000);
const OVERRIDES = defineShape('NodeShapeOverrides', { bootDisk: size(), maxPods: MAX_PODS });
const CUSTOM = defineShape('CustomNodeShapeOptions', {
  name: str(),
  cloud: enumOf('NodeCloud', NodeCloud),
  vcpus: required(num()),
  memory: required(size()),
  bootDisk: size(),
  gpus: int(0, 64),
  gpuVendor: enumOf('NodeGpuVendor', NodeGpuVendor),
  gpuModel: str(),
  nvmeDisks: int(0, 64),
  nvmeDiskSize: size(),
  maxPods: MAX_PODS,
  arch: str(),
});

/**
 * The hardware of one node: vCPUs, memory, boot disk, GPUs, local NVMe disks, pod limit. From
 * the catalog (`NodeShape.instanceType('r6i.4xlarge')`) or your own (`NodeShape.custom`).
 */
export class NodeShape {
  /** Names of the catalog's instance types, sorted. */
  public static catalogNames(): string[] {
    return Object.keys(CATALOG).sort();
  }

  /**
   * An instance type of the catalog (see `catalogNames()`).
   *
   * @param name instance type, e.g. `r6i.4xlarge`, `n2-highmem-16`, `Standard_E16s_v5`
   */
  public static instanceType(name: string, overrides: NodeShapeOverrides = {}): NodeShape {
    const ctx = { owner: 'NodeShape.instanceType' };
    checkArg(ctx, 'name', required(str()), name);
    checkOptions(ctx, overrides, 'NodeShapeOverrides', OVERRIDES);
    const e = CATALOG[name];
    if (!e) {
      const near = closest(name, Object.keys(CATALOG));
      throw propError(ctx.owner, 'name', name, 'is not in the catalog',
        `${near ? `did you mean ${JSON.stringify(near)}? ` : ''}use NodeShape.custom({ name, vcpus, memory, ... }) for other types`);
    }
    const o = overrides ?? {};
    return new NodeShape({
      name,
      cloud: e.cloud,
      vcpus: e.vcpus,
      memoryMebibytes: e.memoryGiB * 1024,
      bootDiskMebibytes: o.bootDisk ? sizeToMebibytes(ctx.owner, 'bootDisk', o.bootDisk) : DEFAULT_BOOT_GIB[e.cloud] * 1024,
      gpus: e.gpus ?? 0,
      gpuVendor: NodeGpuVendor.NVIDIA,
      gpuModel: e.gpuModel,
      nvmeDisks: e.nvme?.[0] ?? 0,
      nvmeDiskMebibytes: (e.nvme?.[1] ?? 0) * 1024,
      maxPods: o.maxPods ?? e.maxPods ?? DEFAULT_MAX_PODS[e.cloud],
      arch: 'amd64',
    });
  }

  /** A shape of your own. */
  public static custom(options: CustomNodeShapeOptions): NodeShape {
    const ctx = { owner: 'NodeShape.custom' };
    checkOptions(ctx, options, 'CustomNodeShapeOptions', CUSTOM);
    if (!(options.vcpus > 0) || options.vcpus > 1024 || Math.round(options.vcpus * 1000) !== options.vcpus * 1000) {
      throw propError(ctx.owner, 'vcpus', options.vcpus, 'must be a positive number of vCPUs (at most 1024, precision one millicore)', 'use e.g. 16');
    }
    const mem = sizeToMebibytes(ctx.owner, 'memory', options.memory);
    if (mem < 1) throw propError(ctx.owner, 'memory', options.memory, 'must be at least 1Mi', 'give the memory of the machine, e.g. Size.gibibytes(64)');
    const nvmeDisks = options.nvmeDisks ?? 0;
    if (nvmeDisks > 0 && !options.nvmeDiskSize) {
      throw propError(ctx.owner, 'nvmeDiskSize', undefined, `must be given with nvmeDisks ${nvmeDisks}`, 'give the size of each disk, e.g. Size.gibibytes(884)');
    }
    return new NodeShape({
      name: options.name,
      cloud: options.cloud,
      vcpus: options.vcpus,
      memoryMebibytes: mem,
      bootDiskMebibytes: options.bootDisk ? sizeToMebibytes(ctx.owner, 'bootDisk', options.bootDisk) : 100 * 1024,
      gpus: options.gpus ?? 0,
      gpuVendor: options.gpuVendor ?? NodeGpuVendor.NVIDIA,
      gpuModel: options.gpuModel,
      nvmeDisks,
      nvmeDiskMebibytes: options.nvmeDiskSize ? sizeToMebibytes(ctx.owner, 'nvmeDiskSize', options.nvmeDiskSize) : 0,
      maxPods: options.maxPods ?? 110,
      arch: options.arch ?? 'amd64',
    });
  }

  /** Instance type name, if known. */
  public readonly name?: string;
  /** Cloud, if known. */
  public readonly cloud?: NodeCloud;
  /** vCPUs. */
  public readonly vcpus: number;
  /** Memory in MiB. */
  public readonly memoryMebibytes: number;
  /** Boot disk in MiB. */
  public readonly bootDiskMebibytes: number;
  /** GPUs per node. */
  public readonly gpus: number;
  /** GPU vendor (names the extended resource `<vendor>/gpu`). */
  public readonly gpuVendor: NodeGpuVendor;
  /** GPU model, if known. */
  public readonly gpuModel?: string;
  /** Local NVMe disks. */
  public readonly nvmeDisks: number;
  /** Size of each local NVMe disk in MiB. */
  public readonly nvmeDiskMebibytes: number;
  /** Most pods per node. */
  public readonly maxPods: number;
  /** CPU architecture. */
  public readonly arch: string;

  private constructor(f: {
    name?: string;
    cloud?: NodeCloud;
    vcpus: number;
    memoryMebibytes: number;
    bootDiskMebibytes: number;
    gpus: number;
    gpuVendor: NodeGpuVendor;
    gpuModel?: string;
    nvmeDisks: number;
    nvmeDiskMebibytes: number;
    maxPods: number;
    arch: string;
  }) {
    this.name = f.name;
    this.cloud = f.cloud;
    this.vcpus = f.vcpus;
    this.memoryMebibytes = f.memoryMebibytes;
    this.bootDiskMebibytes = f.bootDiskMebibytes;
    this.gpus = f.gpus;
    this.gpuVendor = f.gpuVendor;
    this.gpuModel = f.gpuModel;
    this.nvmeDisks = f.nvmeDisks;
    this.nvmeDiskMebibytes = f.nvmeDiskMebibytes;
    this.maxPods = f.maxPods;
    this.arch = f.arch;
  }

  /** The extended resource name of the GPUs, e.g. `nvidia.com/gpu`. */
  public get gpuResourceName(): string {
    return `${this.gpuVendor}/gpu`;
  }

  /** A short description for messages and reports: `r6i.4xlarge (16 vCPU, 131072Mi)`. */
  public describe(): string {
    const gpu = this.gpus ? `, ${this.gpus}× ${this.gpuModel ?? 'GPU'}` : '';
    const nvme = this.nvmeDisks ? `, ${this.nvmeDisks}× ${this.nvmeDiskMebibytes}Mi NVMe` : '';
    return `${this.name ?? 'custom'} (${this.vcpus} vCPU, ${this.memoryMebibytes}Mi${gpu}${nvme})`;
  }
}
