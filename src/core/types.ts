/** Application type of the main resource. */
export enum SparkApplicationType {
  /** A Scala application in a jar (needs mainClass). */
  SCALA = 'Scala',
  /** A Java application in a jar (needs mainClass). */
  JAVA = 'Java',
  /** A PySpark application (a .py main file). */
  PYTHON = 'Python',
  /** A SparkR application (a .R main file). */
  R = 'R',
}

/** Image pull policy of the Spark containers. */
export enum ImagePullPolicy {
  /** Pull when the image is not on the node. */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Always pull. */
  ALWAYS = 'Always',
  /** Never pull. */
  NEVER = 'Never',
}

/** Which pods of an application a feature changes. */
export enum SparkPods {
  /** The driver pod only. */
  DRIVER = 'driver',
  /** Every executor pod. */
  EXECUTORS = 'executor',
  /** The driver and every executor. */
  ALL = 'all',
}
