import { forbidden, notFound } from '@strata/errors';
import { AnyPermission, can, isPlatformPermission } from './permissions';
import { Principal } from './principal';

/**
 * The whole access decision for one request: the permission from the matrix, and tenancy — a
 * request about an organization other than the caller's active one answers 404, exactly as a
 * resource that does not exist.
 */
export function authorize(principal: Principal, permission: AnyPermission, orgId?: string): void {
  if (isPlatformPermission(permission)) {
    if (!principal.platformAdmin)
      throw forbidden('platform.forbidden', 'This needs a platform admin.');
    return;
  }
  if (orgId !== undefined && orgId !== principal.orgId) {
    throw notFound('platform.not_found', 'No such resource.');
  }
  if (!principal.orgId || !can(principal.role, permission)) {
    throw forbidden(
      'platform.forbidden',
      `Your role${principal.role ? ` (${principal.role})` : ''} does not allow this.`,
    );
  }
}
