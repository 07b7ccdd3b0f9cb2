import { isRole, Role } from '@strata/authz';

/** A role read from the database (the column's check constraint keeps it one of the four). */
export function asRole(value: string): Role {
  if (!isRole(value)) throw new Error(`unknown role in the database: ${value}`);
  return value;
}
