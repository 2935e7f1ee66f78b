/**
 * Kubebuilder (v4.5.1+) scaffolds `SERVICE_NAME.SERVICE_NAMESPACE.svc` into the metrics
 * ServiceMonitor's tlsConfig.serverName and into the cert-manager Certificates' dnsNames, and ships
 * the `replacements` of config/default/kustomization.yaml that fill them in commented out; older
 * scaffolds used the kustomize vars `$(SERVICE_NAME).$(SERVICE_NAMESPACE).svc`. A project that
 * enables TLS without them ships the literal (https://github.com/kubernetes-sigs/kueue/issues/9180).
 */
const PLACEHOLDERS = /SERVICE_NAMESPACE|SERVICE_NAME/g;

/** The distinct placeholders in a string, in order of appearance. */
export function placeholdersIn(text: string): string[] {
  return [...new Set(text.match(PLACEHOLDERS) ?? [])];
}
