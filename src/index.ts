export * from './versions';
export * from './resources';
export * from './pod';
export * from './warnings';
export * from './driver-identity';
export * from './spark-app';
export * from './dependency-volume';
export * from './spark-namespace';
