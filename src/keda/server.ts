import type { PrometheusTrigger } from './triggers.js';

/** A managed Prometheus query endpoint, recognised by the shape of its URL. */
export type ManagedService = { readonly service: 'azure' } | { readonly service: 'amazon'; readonly region: string } | { readonly service: 'google' };

const parsed = new WeakMap<PrometheusTrigger['metadata'], URL | null>();

/**
 * The trigger's serverAddress as a URL; undefined when it is missing or not an absolute http(s) URL
 * (keda-server-address). Parsed once per trigger (several rules ask), kept by its metadata record.
 */
export function serverUrlOf(trigger: PrometheusTrigger): URL | undefined {
  const known = parsed.get(trigger.metadata);
  if (known !== undefined) return known ?? undefined;
  const text = trigger.metadata.serverAddress;
  const url = text === undefined ? undefined : parseServerAddress(text);
  parsed.set(trigger.metadata, url ?? null);
  return url;
}

export function parseServerAddress(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url : undefined;
}

// Azure Monitor workspaces in the public, US Government and China clouds (KEDA's
// azureManagedPrometheusResourceURLInCloud); Amazon's query endpoint is
// https://aps-workspaces.<region>.amazonaws.com/workspaces/<id>/; Google's
// https://monitoring.googleapis.com/v1/projects/<project>/location/global/prometheus.
const AZURE_HOST = /\.prometheus\.monitor\.azure\.(com|us|cn)$/;
const AMAZON_HOST = /^aps-workspaces\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;
const GOOGLE_PATH = /^\/v1\/projects\/[^/]+\/location\/global\/prometheus(\/|$)/;

export function managedServiceOf(url: URL): ManagedService | undefined {
  const host = url.hostname.toLowerCase();
  if (AZURE_HOST.test(host)) return { service: 'azure' };
  const amazon = AMAZON_HOST.exec(host);
  if (amazon !== null && url.pathname.startsWith('/workspaces/')) return { service: 'amazon', region: amazon[1] as string };
  if (host === 'monitoring.googleapis.com' && GOOGLE_PATH.test(url.pathname)) return { service: 'google' };
  return undefined;
}
