import { k8s } from 'cdk8s-plus-27';
import { dropUndefined } from './util';

/** User, group and file-system group of a pod under the restricted Pod Security profile. */
export interface RestrictedIds {
  readonly uid?: number;
  readonly gid?: number;
  readonly fsGroup?: number;
  readonly fsGroupChangePolicy?: string;
}

/**
 * The one restricted pod security context of the library: non-root, RuntimeDefault seccomp, and
 * the given user, group and volume group.
 */
export function restrictedPodSecurityContext(ids: RestrictedIds): k8s.PodSecurityContext {
  return dropUndefined({
    runAsNonRoot: true,
    runAsUser: ids.uid,
    runAsGroup: ids.gid,
    fsGroup: ids.fsGroup,
    fsGroupChangePolicy: ids.fsGroupChangePolicy,
    seccompProfile: { type: 'RuntimeDefault' },
  });
}

/**
 * The one restricted container security context of the library: no privilege escalation, every
 * capability dropped, non-root, RuntimeDefault seccomp.
 */
export function restrictedContainerSecurityContext(options: { uid?: number; gid?: number; readOnlyRootFilesystem: boolean }): k8s.SecurityContext {
  return dropUndefined({
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: options.readOnlyRootFilesystem,
    runAsNonRoot: true,
    runAsUser: options.uid,
    runAsGroup: options.gid,
    seccompProfile: { type: 'RuntimeDefault' },
  });
}

/**
 * The security context of a container that must run as root (user and group 0), e.g. an init
 * container that changes the owner of a volume: its own, explicit context, never the pod's
 * non-root one. No privilege escalation and RuntimeDefault seccomp; the container runtime's
 * default capabilities (CHOWN, DAC_OVERRIDE, FOWNER, ...) stay, which the baseline Pod Security
 * Standard allows and the restricted one does not (it forbids root).
 */
export function rootContainerSecurityContext(options: { readOnlyRootFilesystem: boolean }): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: options.readOnlyRootFilesystem,
    runAsNonRoot: false,
    runAsUser: 0,
    runAsGroup: 0,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
