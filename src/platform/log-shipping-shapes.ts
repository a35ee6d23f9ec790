import { NODE_POOL } from './node-pool-shapes';
import { NAMESPACE, PORT, SPARK_NAMESPACE } from './platform-shapes';
import { arr, bool, defineShape, instance, objectName, required, size, str, Check, Shape } from '../core/check';
import { CPU_CORES, NODE_SELECTOR, SPARK_TOLERATION } from '../core/shapes';

/** Runtime shapes of SparkLogShipping's props and of the LogOutput factories' options. */

/** Marks LogOutput instances (the same symbol as log-output.ts sets). */
const LOG_OUTPUT: Check = instance('LogOutput', v => v[Symbol.for('cdk8s-spark.log-output')] === true,
  'use LogOutput.loki(...), .elasticsearch(...), .openSearch(...), .objectStore(...) or .stdout()');

export const LOKI_SHAPE: Shape = defineShape('LokiLogOutputOptions', {
  host: required(str()),
  port: PORT,
  tls: bool(),
  tenantId: str(),
  credentialsSecret: objectName('Secret'),
  usernameKey: str(),
  passwordKey: str(),
});

export const SEARCH_SHAPE: Shape = defineShape('SearchLogOutputOptions', {
  host: required(str()),
  port: PORT,
  index: str(),
  tls: bool(),
  credentialsSecret: objectName('Secret'),
  usernameKey: str(),
  passwordKey: str(),
});

export const S3_LOG_SHAPE: Shape = defineShape('S3LogOutputOptions', {
  bucket: required(str()),
  region: required(str()),
  endpoint: str(),
  prefix: str(),
  credentialsSecret: objectName('Secret'),
  accessKeyIdKey: str(),
  secretAccessKeyKey: str(),
});

/** Every prop of SparkLogShippingProps. */
export const SPARK_LOG_SHIPPING_PROPS_SHAPE: Shape = defineShape('SparkLogShippingProps', {
  sparkNamespaces: required(arr(SPARK_NAMESPACE, { nonEmpty: true })),
  outputs: required(arr(LOG_OUTPUT, { nonEmpty: true })),
  namespace: NAMESPACE,
  name: str(),
  image: str(),
  cpu: CPU_CORES,
  memory: size(),
  nodeSelector: NODE_SELECTOR,
  tolerations: arr(SPARK_TOLERATION),
  nodePools: arr(NODE_POOL),
});

/** LogOutputSecretEnv is returned by LogOutput.render; its shape documents what a custom caller may pass on. */
export const LOG_OUTPUT_SECRET_ENV_SHAPE: Shape = defineShape('LogOutputSecretEnv', {
  name: required(str()),
  secretName: required(objectName('Secret')),
  key: required(str()),
});
