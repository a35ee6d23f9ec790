// A Spark platform on EKS with Karpenter and four node pools: an on-demand core pool for drivers
// and streaming, a spot memory-optimized pool for batch executors, an NVMe pool for shuffle-heavy
// jobs and a tainted GPU pool. Two tenants place batch, streaming and GPU apps on them; the
// executors of the batch jobs are sized by ExecutorSizing to fill their nodes, and
// `npm run synth` prints how every app's executors pack onto its pool (NodePool.packingTable).
import { App, Chart, Duration, Size } from 'cdk8s';
import {
  CapacityType, CpuCores, ExecutorSizing, GpuTrainingJob, NodePool, NodeShape, ShuffleStorage, SparkApp, SparkNamespace, SparkVersion,
  StreamingCheckpoint, StreamingPipeline, TaintEffect,
} from 'cdk8s-spark';

const spark = { sparkVersion: SparkVersion.of('3.5.5'), image: 'registry.example/spark/jobs:3.5.5-r7' };

export function build(outdir?: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'node-pools-platform');

  // What every node runs besides Spark: VPC CNI, kube-proxy, EBS CSI, log and metrics agents.
  const daemonSetOverhead = { cpu: CpuCores.millis(450), memory: Size.mebibytes(900), pods: 5 };
  const karpenter = { nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'spark' } };
  const zones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

  const core = new NodePool(chart, 'Core', {
    shape: NodeShape.instanceType('m6i.4xlarge'), daemonSetOverhead, zones, maxNodes: 10, pricePerNodeHour: 0.856, karpenter,
  });
  const spotMemory = new NodePool(chart, 'SpotMemory', {
    shape: NodeShape.instanceType('r6i.4xlarge'),
    capacityType: CapacityType.SPOT,
    daemonSetOverhead,
    zones,
    maxNodes: 20,
    taints: [{ key: 'capacity.example.com/spot', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
    pricePerNodeHour: 0.42,
    karpenter,
  });
  const nvme = new NodePool(chart, 'Nvme', {
    shape: NodeShape.instanceType('m6id.4xlarge'),
    nvmeEphemeralStorage: true,
    daemonSetOverhead,
    zones,
    maxNodes: 8,
    taints: [{ key: 'storage.example.com/nvme', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
    pricePerNodeHour: 0.949,
    karpenter,
  });
  const gpu = new NodePool(chart, 'Gpu', {
    shape: NodeShape.instanceType('g5.2xlarge'),
    daemonSetOverhead,
    zones,
    maxNodes: 4,
    taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: TaintEffect.NO_SCHEDULE }],
    pricePerNodeHour: 1.212,
    karpenter: { ...karpenter, budgets: [{ nodes: '1' }] },
  });

  const objectStore = { name: 'object-store', cidrs: ['10.40.0.0/16'], ports: [443] };
  const batch = new SparkNamespace(chart, 'Batch', { egressDestinations: [objectStore] });
  const ml = new SparkNamespace(chart, 'Ml', { egressDestinations: [objectStore] });

  // Batch: driver on demand, executors on spot, sized to fill a spot node with 3 executors.
  const sized = ExecutorSizing.forPool(spotMemory, { executorsPerNode: 3 });
  new SparkApp(chart, 'DailyAggregates', {
    ...spark,
    sparkNamespace: batch,
    mainApplicationFile: 'local:///opt/jobs/aggregates-assembly-3.1.0.jar',
    mainClass: 'com.example.batch.DailyAggregates',
    executorCores: sized.executorCores,
    executorCoreRequest: sized.executorCoreRequest,
    executorMemory: sized.executorMemory,
    dynamicAllocation: { minExecutors: 3, maxExecutors: 30, shuffleTrackingTimeout: Duration.minutes(30) },
    schedule: { cron: '0 3 * * *' },
    placement: { driver: core, executors: spotMemory },
  });

  // A shuffle-heavy join on the NVMe pool, its shuffle on the local disks, all in one zone.
  const joinSize = ExecutorSizing.forPool(nvme, { executorsPerNode: 3 });
  new SparkApp(chart, 'SessionJoin', {
    ...spark,
    sparkNamespace: batch,
    mainApplicationFile: 'local:///opt/jobs/sessions-assembly-1.4.2.jar',
    mainClass: 'com.example.batch.SessionJoin',
    executorCores: joinSize.executorCores,
    executorCoreRequest: joinSize.executorCoreRequest,
    executorMemory: joinSize.executorMemory,
    executorInstances: 6,
    shuffleStorage: ShuffleStorage.localDisk({ size: Size.gibibytes(200) }),
    placement: { driver: core, executors: nvme, zone: 'eu-west-1a' },
  });

  // Streaming: everything on demand (spot reclaims would restart the query); 500Mi per executor
  // is the RocksDB state store's memory, which the pipeline adds as headroom.
  const streamSize = ExecutorSizing.forPool(core, { executorsPerNode: 4, memoryHeadroom: Size.mebibytes(500) });
  new StreamingPipeline(chart, 'Clickstream', {
    ...spark,
    sparkNamespace: batch,
    tier: 'streaming',
    mainApplicationFile: 'local:///opt/jobs/clickstream-assembly-2.0.0.jar',
    mainClass: 'com.example.streams.Clickstream',
    kafka: { bootstrapServers: ['kafka-0.kafka:9092'], topics: ['clicks'] },
    checkpoint: StreamingCheckpoint.uri('s3a://checkpoints/clickstream'),
    executorCores: streamSize.executorCores,
    executorCoreRequest: streamSize.executorCoreRequest,
    executorMemory: streamSize.executorMemory,
    executorInstances: 4,
    placement: { driver: core, executors: core },
  });

  // GPU training on the tainted GPU pool, the driver on demand.
  new GpuTrainingJob(chart, 'RankerTraining', {
    ...spark,
    image: 'registry.example/ml/ranker:3.5.5-torch2.4',
    sparkNamespace: ml,
    mainApplicationFile: 'local:///opt/ranker/train.py',
    executorCores: 6,
    executorMemory: Size.gibibytes(20),
    executorInstances: 2,
    placement: { driver: core, executors: gpu },
  });
  return app;
}

if (require.main === module) {
  build().synth();
}
