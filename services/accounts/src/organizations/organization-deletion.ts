import { conflict, DomainError, type FieldError } from '@strata/errors';

/** What an organization still holds in the other services. */
export interface OrgLeftovers {
  clusters: { id: string; name: string; state: string }[];
  cloudAccounts: { id: string; name: string }[];
  storageConnectors: { id: string; name: string }[];
}

export const isEmpty = (left: OrgLeftovers) =>
  left.clusters.length + left.cloudAccounts.length + left.storageConnectors.length === 0;

const MAX_NAMES = 10;

function counted(what: string, names: string[]): string | undefined {
  if (names.length === 0) return undefined;
  const shown = names.slice(0, MAX_NAMES).join(', ');
  const more = names.length > MAX_NAMES ? ` and ${names.length - MAX_NAMES} more` : '';
  return `${names.length} ${what}${names.length === 1 ? '' : 's'} (${shown}${more})`;
}

/** "2 clusters (a, b) and 1 cloud account (prod)": what is left, for people. */
export function describeLeftovers(left: OrgLeftovers): string {
  const parts = [
    counted(
      'cluster',
      left.clusters.map((c) => c.name),
    ),
    counted(
      'cloud account',
      left.cloudAccounts.map((a) => a.name),
    ),
    counted(
      'storage connector',
      left.storageConnectors.map((c) => c.name),
    ),
  ].filter((part): part is string => part !== undefined);
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** One field error per kind of resource left, naming each (for clients that list them). */
export function leftoverErrors(left: OrgLeftovers): FieldError[] {
  return [
    ...left.clusters.map((c) => ({ field: 'clusters', message: `${c.name} (${c.state})` })),
    ...left.cloudAccounts.map((a) => ({ field: 'cloudAccounts', message: a.name })),
    ...left.storageConnectors.map((c) => ({ field: 'storageConnectors', message: c.name })),
  ];
}

export const notEmpty = (left: OrgLeftovers) =>
  new DomainError(
    409,
    'accounts.org_not_empty',
    `The organization still has ${describeLeftovers(left)}: delete them first, or ask for ?teardown=true to destroy and delete them with it.`,
    { errors: leftoverErrors(left) },
  );

export const orgDeleting = () =>
  conflict(
    'accounts.org_deleting',
    'This organization is being deleted: nothing new can be added to it.',
  );

export const personalOrgKept = () =>
  conflict(
    'accounts.personal_org',
    'A personal organization cannot be deleted: it goes with your account.',
  );
