import { AllocatableProfile } from './node-allocatable';
import { CapacityType, CpuManagerPolicy, KarpenterConsolidationPolicy, KarpenterDisruptionReason } from './node-pool-props';
import { NodeShape } from './node-shape';
import { arr, bool, Check, defineShape, duration, enumOf, instance, int, num, required, size, str, struct } from '../core/check';
import { propError } from '../core/errors';
import { CPU_CORES, LABELS, labelKey, TAINT_EFFECT } from '../core/shapes';

/** A taint value as the API server checks it (a label value, non-empty). */
const TAINT_VALUE: Check = {
  expected: 'a string',
  required: false,
  verify: (ctx, path, v) => {
    str().verify(ctx, path, v);
    if ((v as string).length > 63 || !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(v as string)) {
      throw propError(ctx.owner, path, v, 'is not a valid taint value', 'use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit');
    }
  },
};

export const NODE_TAINT = struct('NodeTaint', {
  key: required(labelKey()),
  value: TAINT_VALUE,
  effect: required(TAINT_EFFECT),
});

const DAEMON_SET_OVERHEAD = struct('DaemonSetOverhead', {
  cpu: required(CPU_CORES),
  memory: required(size()),
  ephemeralStorage: size(),
  pods: int(0, 1000),
});

const BUDGET = struct('KarpenterDisruptionBudget', {
  nodes: required(str()),
  reasons: arr(enumOf('KarpenterDisruptionReason', KarpenterDisruptionReason)),
  schedule: str(),
  duration: duration(),
});

const NODE_CLASS_REF = struct('KarpenterNodeClassRef', {
  group: required(str()),
  kind: required(str()),
  name: required(str()),
});

const KARPENTER = struct('KarpenterOptions', {
  nodeClassRef: required(NODE_CLASS_REF),
  expireAfter: duration(),
  consolidationPolicy: enumOf('KarpenterConsolidationPolicy', KarpenterConsolidationPolicy),
  consolidateAfter: duration(),
  budgets: arr(BUDGET),
  weight: int(1, 100),
});

export const NODE_POOL_PROPS_SHAPE = defineShape('NodePoolProps', {
  name: str(),
  shape: required(instance('NodeShape', v => v instanceof NodeShape, "use NodeShape.instanceType('r6i.4xlarge') or NodeShape.custom({...})")),
  allocatable: instance('AllocatableProfile', v => v instanceof AllocatableProfile, 'use AllocatableProfile.eks(), .gke(), .aks() or .explicit({...})'),
  daemonSetOverhead: DAEMON_SET_OVERHEAD,
  labels: LABELS,
  taints: arr(NODE_TAINT),
  capacityType: enumOf('CapacityType', CapacityType),
  zones: arr(str()),
  minNodes: int(0),
  maxNodes: int(1),
  cpuLimit: CPU_CORES,
  memoryLimit: size(),
  cpuManagerPolicy: enumOf('CpuManagerPolicy', CpuManagerPolicy),
  pricePerNodeHour: num(),
  packingThreshold: num(),
  nvmeEphemeralStorage: bool(),
  karpenter: KARPENTER,
});

/** An INodePool (a NodePool, or your own implementation). */
export const NODE_POOL: Check = instance('INodePool',
  v => typeof v.poolName === 'string' && typeof v.selectorLabels === 'object' && typeof v.usablePerNode === 'object',
  'pass a NodePool');

export const NODE_POOL_PLACEMENT = struct('NodePoolPlacement', {
  driver: NODE_POOL,
  executors: NODE_POOL,
  zone: str(),
  executorsInDriverZone: bool(),
});
