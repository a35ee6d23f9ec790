import { SizeRoundingBehavior } from 'cdk8s';
import { EventLogCompressionCodec } from './history-server-options';
import { NODE_POOL } from './node-pool-shapes';
import { NAMESPACE, SPARK_NAMESPACE } from './platform-shapes';
import { UiPathRewrite } from './ui-ingress-options';
import {
  arr, bool, defineShape, duration, enumOf, instance, int, objectName, refine, required, size, str, struct, subPath, Check, Shape,
} from '../core/check';
import { propError } from '../core/errors';
import { ANNOTATIONS, CPU_CORES, NODE_SELECTOR, PULL_POLICY, SPARK_TOLERATION, SPARK_VERSION } from '../core/shapes';


/** Where a claim store is mounted in the history server and the apps' drivers. */
export const CLAIM_MOUNT_PATH = '/spark-events';

/**
 * Runtime shapes of the platform services' props: SparkHistoryServer, the EventLogStore factories,
 * the UI ingress options (shared with the per-app SparkUiIngress feature) and SparkLogShipping.
 */

/** Marks EventLogStore instances (recognized by symbol, robust to two copies of the library). */
export const EVENT_LOG_STORE_MARKER = Symbol.for('cdk8s-spark.event-log-store');

/** An `EventLogStore`. */
export const EVENT_LOG_STORE: Check = instance('EventLogStore', v => v[EVENT_LOG_STORE_MARKER] === true,
  'use EventLogStore.objectStore({ uri: "s3a://bucket/prefix" }) or EventLogStore.sharedClaim({ claimName: "..." })');

/** Annotation values are any strings; keys as the API server checks them. */
const ANNOTATION_MAP: Check = ANNOTATIONS;

export const S3_EVENT_LOG_STORE_SHAPE: Shape = defineShape('S3EventLogStoreOptions', {
  uri: required(str()),
  endpoint: str(),
  pathStyleAccess: bool(),
  credentialsSecret: objectName('Secret'),
  accessKeyIdKey: str(),
  secretAccessKeyKey: str(),
  serviceAccountAnnotations: ANNOTATION_MAP,
});

export const SHARED_CLAIM_EVENT_LOG_STORE_SHAPE: Shape = defineShape('SharedClaimEventLogStoreOptions', {
  claimName: required(objectName('PersistentVolumeClaim')),
  subPath: subPath(),
});

/** Shape of SparkUiIngressOptions (a struct prop of the history server and the UI ingress feature). */
export const SPARK_UI_INGRESS_OPTIONS: Check = struct('SparkUiIngressOptions', {
  ingressClassName: objectName('IngressClass'),
  host: str(),
  path: str(),
  tlsSecretName: objectName('Secret'),
  annotations: ANNOTATION_MAP,
  pathRewrite: enumOf('UiPathRewrite', UiPathRewrite),
  controllerNamespace: NAMESPACE,
});

/** Every prop of SparkHistoryServerProps. */
export const SPARK_HISTORY_SERVER_PROPS_SHAPE: Shape = defineShape('SparkHistoryServerProps', {
  name: str(),
  namespace: NAMESPACE,
  sparkNamespace: SPARK_NAMESPACE,
  sparkVersion: required(SPARK_VERSION),
  image: str(),
  imagePullPolicy: PULL_POLICY,
  store: required(EVENT_LOG_STORE),
  cleaner: bool(),
  cleanerMaxAge: duration(),
  cleanerMaxFiles: int(1),
  cleanerInterval: duration(),
  rollingMaxFileSize: refine(size(), (ctx, path, v) => {
    if (v.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) < 10) throw propError(ctx.owner, path, v, 'is below the 10 MiB Spark accepts for spark.eventLog.rolling.maxFileSize', 'use e.g. Size.mebibytes(128)');
  }),
  compressionCodec: enumOf('EventLogCompressionCodec', EventLogCompressionCodec),
  memory: size(),
  cpu: CPU_CORES,
  localStoreSize: size(),
  ingress: SPARK_UI_INGRESS_OPTIONS,
  nodeSelector: NODE_SELECTOR,
  tolerations: arr(SPARK_TOLERATION),
  nodePool: NODE_POOL,
});
