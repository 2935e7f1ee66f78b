/**
 * TLSConfig's Secret-backed fields and their file twins (ServiceMonitor only; SafeTLSConfig has no
 * file fields). The operator (v0.93.0, TLSConfig.Validate) rejects an endpoint that sets both of a
 * pair, so apply removes the twin when it writes the Secret field and the checks report the rest.
 */
export const TLS_FILE_TWINS = [
  { field: 'ca', file: 'caFile' },
  { field: 'cert', file: 'certFile' },
  { field: 'keySecret', file: 'keyFile' },
] as const;

export type TlsSecretField = (typeof TLS_FILE_TWINS)[number]['field'];

/** The file twin of a tlsConfig field, if it has one. */
export function fileTwinOf(field: string): string | undefined {
  return TLS_FILE_TWINS.find((twin) => twin.field === field)?.file;
}
