import { IConstruct } from 'constructs';
import { propError } from './errors';
import { SparkImage } from './images';

// How the library uses an app's image preset (not exported from the package root).

/** The app's own (non-enumerable) property holding its preset: state of the app, not a registry. */
const IMAGE_PRESET = Symbol.for('cdk8s-spark.imagePreset');

/** Records the image preset on the app, for features that depend on what is in the image. */
export function recordImagePreset(app: IConstruct, image: SparkImage | undefined): void {
  if (image) Object.defineProperty(app, IMAGE_PRESET, { value: image, enumerable: false });
}

/** The image preset of an app, if it was given one. */
export function imagePresetOf(app: IConstruct): SparkImage | undefined {
  const v = (app as any)[IMAGE_PRESET];
  return SparkImage.isSparkImage(v) ? v : undefined;
}

/** Pod security settings as the user gave them (a subset of SparkSecurityOptions). */
export interface GivenSecurity {
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly fsGroup?: number;
}

/**
 * The user, group and volume group of an app's pods with an image preset: the preset's, where
 * the user's `security` does not say otherwise. A `runAsUser` or `runAsGroup` other than the
 * image's is an error (the image's files and `/etc/passwd` are for its own user).
 */
export function imageSecurityIds(owner: string, image: SparkImage, given: GivenSecurity = {}): { uid: number; gid: number; fsGroup: number } {
  const name = `${image.preset}("${image.ref}")`;
  if (given.runAsUser !== undefined && given.runAsUser !== image.user) {
    throw propError(owner, 'security.runAsUser', given.runAsUser, `contradicts imagePreset ${name}, which runs as user ${image.user}`,
      `drop security.runAsUser (the preset sets ${image.user}), or describe the image with SparkImage.of(ref, { user: ${given.runAsUser} })`);
  }
  if (given.runAsGroup !== undefined && given.runAsGroup !== image.group) {
    throw propError(owner, 'security.runAsGroup', given.runAsGroup, `contradicts imagePreset ${name}, whose files belong to group ${image.group}`,
      `drop security.runAsGroup (the preset sets ${image.group}), or describe the image with SparkImage.of(ref, { user: ${image.user}, group: ${given.runAsGroup} })`);
  }
  return { uid: image.user, gid: image.group, fsGroup: given.fsGroup ?? image.fsGroup };
}

/**
 * The image of an app: `image`, else the preset's reference. Neither, or both naming different
 * images, is an error.
 */
export function imageOf(owner: string, props: { image?: string; imagePreset?: SparkImage; sparkVersion: { version: string } }): string {
  const preset = props.imagePreset;
  const v = props.sparkVersion.version;
  if (props.image === undefined) {
    if (!preset) {
      throw propError(owner, 'image', undefined, 'must be set', `give a pinned image, e.g. image: "apache/spark:${v}", or imagePreset: SparkImage.apacheSpark("${v}")`);
    }
    return preset.ref;
  }
  if (preset && props.image !== preset.ref) {
    throw propError(owner, 'image', props.image, `differs from imagePreset ${preset.preset}("${preset.ref}")`,
      'drop image (the preset gives it), or describe this image with SparkImage.of(ref, { user, group })');
  }
  return props.image;
}

/** The RAPIDS plugin of an image preset, as the GPU features read it. */
export function rapidsOfImage(image: SparkImage | undefined): { preset: string; jar?: string } | undefined {
  return image?.hasRapids ? { preset: `${image.preset}("${image.ref}")`, jar: image.rapidsJar } : undefined;
}
