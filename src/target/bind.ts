import type { ServiceAccountRef } from '../cluster.js';
import type { EndpointStep, StepContext } from '../steps.js';
import { demandsOf } from './index.js';
import { accountName, bindableRole, bindingFor, DEFAULT_PATH, rbacVerdict, scraperOf } from './scraper.js';
import { displayText } from '../types.js';

/**
 * Gives `account` the ClusterRole of the input that grants `get` on the endpoint's path, with a
 * generated ClusterRoleBinding beside that ClusterRole's file, when the target authorises tokens
 * by RBAC and no binding of the input does it yet. Returns whether a binding exists or was added.
 */
export function ensureScraperBinding(ctx: StepContext, account: ServiceAccountRef): void {
  const { monitor, kind, endpoint, cluster, generate } = ctx;
  const bearer = demandsOf(monitor, kind, endpoint, cluster).bearer;
  if (bearer === undefined || bearer.authorization.kind !== 'nonResourceURL') return;
  const path = typeof ctx.target.path === 'string' && ctx.target.path !== '' ? ctx.target.path : DEFAULT_PATH;
  const verdict = rbacVerdict(account, path, cluster);
  if (verdict.binding !== undefined) return;
  const role = bindableRole(verdict, path, monitor);
  if (role === undefined) return;
  generate.add({
    object: bindingFor(role.name, account),
    besides: role.object,
    code: 'scraper-rbac',
    why: `binds ClusterRole ${role.name} (get on ${path}) to ServiceAccount ${accountName(account)}, whose token ${monitor.kind} ${displayText(monitor.metadata?.namespace)}/${displayText(monitor.metadata?.name)} sends, so the scrape is not refused with "403 Forbidden"`,
  });
}

/**
 * `rbac.bind`: for an endpoint whose target authorises the token by RBAC, add the
 * ClusterRoleBinding the scraper lacks. Runs after the auth steps: the token is the one the
 * endpoint will send.
 */
export const bindStep: EndpointStep = (ctx) => {
  if (!ctx.config.rbac.bind) return;
  const identity = scraperOf(ctx.monitor, ctx.target, ctx.cluster, ctx.config);
  if (identity === undefined || !identity.known) return;
  ensureScraperBinding(ctx, identity.account);
};
