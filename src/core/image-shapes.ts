import { bool, defineShape, int, required, str } from './check';

/** Shapes of the image preset factories' options (not exported from the package root). */
export const SPARK_IMAGE_OPTIONS = defineShape('SparkImageOptions', {
  user: required(int(0)),
  group: int(0),
  fsGroup: int(0),
  rapidsJar: str(),
  rapidsOnClassPath: bool(),
});

export const RAPIDS_IMAGE_OPTIONS = defineShape('RapidsImageOptions', {
  jar: str(),
  user: int(0),
  group: int(0),
});
