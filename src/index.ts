// core: back-end neutral types and contracts
export * from './core/versions';
export * from './core/resources';
export * from './core/pod';
export * from './core/types';
export * from './core/app-options';
export * from './core/restart-policy';
export * from './core/contracts';
export * from './core/warnings';
export * from './core/images';
export * from './core/synthesize';
// platform: tenants and shared services
export * from './platform/driver-identity';
export * from './platform/spark-namespace-props';
export * from './platform/spark-namespace';
export * from './platform/dependency-volume';
export * from './platform/celeborn-cluster';
export * from './platform/node-pool-props';
export * from './platform/node-shape';
export * from './platform/node-allocatable';
export * from './platform/node-pool';
export * from './platform/packing';
export * from './platform/history-server';
export * from './platform/log-shipping';
export * from './platform/operator-install-props';
export * from './platform/operator-install';
export * from './platform/scheduler-queues';
export * from './platform/platform-report';
// features: bound to any app
export * from './features/shuffle-storage-options';
export * from './features/shuffle-storage';
export * from './features/gpu-options';
export * from './features/gpu';
export * from './features/gang-scheduling';
export * from './features/streaming';
export * from './features/spark-logging';
export * from './features/ui-ingress';
// monitoring
export * from './monitoring/prometheus-monitoring-props';
export * from './monitoring/prometheus-monitoring';
// back-ends: how an app is handed to Kubernetes
export * from './backends/backend';
export * from './backends/apache/options';
export * from './backends/stackable/stackable-options';
// workloads: the apps
export * from './workloads/spark-app-props';
export * from './workloads/spark-app';
export * from './workloads/streaming-pipeline';
export * from './workloads/gpu-training-job';
