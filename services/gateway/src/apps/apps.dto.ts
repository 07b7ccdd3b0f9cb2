import { z } from '@strata/config';

const settings = z.record(z.string().max(200), z.unknown(), {
  message: 'must be an object of settings',
});

/** Shapes only: the cluster service checks each setting against the app's schema (per field). */
export const installAppBody = z.strictObject({
  catalogId: z.string({ message: 'is required' }).max(64),
  settings: settings.optional(),
  chartVersion: z.string().max(64).optional(),
  /** Sandbox clusters only: the simulated step at which the install fails (tests, demos). */
  sandboxFailAt: z.string().max(64).optional(),
});
export type InstallAppBody = z.infer<typeof installAppBody>;

export const changeAppBody = z.strictObject({
  settings: settings.optional(),
  chartVersion: z.string().max(64).optional(),
  sandboxFailAt: z.string().max(64).optional(),
});
export type ChangeAppBody = z.infer<typeof changeAppBody>;
