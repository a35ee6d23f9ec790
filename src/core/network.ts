import { k8s } from 'cdk8s-plus-27';

/** A TCP port of a NetworkPolicy rule. */
export function tcpPort(port: number): k8s.NetworkPolicyPort {
  return { protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) };
}

/** The one egress rule to the cluster DNS (kube-dns in kube-system, UDP and TCP 53). */
export function dnsEgressRule(): k8s.NetworkPolicyEgressRule {
  return {
    to: [{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    }],
    ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, tcpPort(53)],
  };
}
