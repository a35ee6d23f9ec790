/** Codec of compressed event logs (`spark.eventLog.compression.codec`). */
export enum EventLogCompressionCodec {
  /** Zstandard (Spark's default codec for event logs since 3.0). */
  ZSTD = 'zstd',
  /** LZ4. */
  LZ4 = 'lz4',
  /** LZF. */
  LZF = 'lzf',
  /** Snappy. */
  SNAPPY = 'snappy',
}

/** Options of an event-log store on S3-compatible object storage (read and written through S3A). */
export interface S3EventLogStoreOptions {
  /** Directory of the event logs, `s3a://<bucket>/<prefix>`. */
  readonly uri: string;
  /**
   * S3 endpoint (for MinIO, Ceph and other S3-compatible stores), set for this bucket only
   * (`spark.hadoop.fs.s3a.bucket.<bucket>.endpoint`) on the history server and on bound apps.
   * @default - AWS S3
   */
  readonly endpoint?: string;
  /**
   * Path-style access (`fs.s3a.bucket.<bucket>.path.style.access`), for stores without virtual-host buckets.
   * @default false
   */
  readonly pathStyleAccess?: boolean;
  /**
   * Secret with the history server's access key id and secret access key, passed as
   * `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (S3A's default credential chain reads them).
   * Apps write with their own credentials.
   * @default - none: a cloud identity (serviceAccountAnnotations) or the node's role
   */
  readonly credentialsSecret?: string;
  /**
   * Key of the access key id in `credentialsSecret`.
   * @default "access-key-id"
   */
  readonly accessKeyIdKey?: string;
  /**
   * Key of the secret access key in `credentialsSecret`.
   * @default "secret-access-key"
   */
  readonly secretAccessKeyKey?: string;
  /**
   * Annotations of the history server's ServiceAccount that give it a cloud identity, e.g.
   * `{ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/spark-history' }` (IRSA) or
   * `{ 'iam.gke.io/gcp-service-account': '...' }`; the SDK's web-identity provider picks it up.
   * @default - none
   */
  readonly serviceAccountAnnotations?: { [key: string]: string };
}

/** Options of an event-log store on a shared ReadWriteMany PersistentVolumeClaim. */
export interface SharedClaimEventLogStoreOptions {
  /**
   * An existing ReadWriteMany claim in the history server's namespace; bound apps must run in the
   * same namespace (their drivers mount it to write).
   */
  readonly claimName: string;
  /**
   * Directory inside the claim.
   * @default - the claim's root
   */
  readonly subPath?: string;
}
