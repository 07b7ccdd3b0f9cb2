/**
 * Offline validation of rendered objects against the Kubernetes OpenAPI schemas, through the
 * kubernetes-models package (one model class per apiVersion and kind, each with the schema's
 * validator): wrong types, missing required fields and bad enums fail.
 */
import type { K8sObject } from './helm';

interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;

/** `apps/v1` + `Deployment` -> kubernetes-models/apps/v1/Deployment; `v1` -> kubernetes-models/v1/… */
export function modelPath(apiVersion: string, kind: string): string {
  return `kubernetes-models/${apiVersion}/${kind}`;
}

export function validateObject(obj: K8sObject): string[] {
  let Class: ModelClass;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    Class = (require(modelPath(obj.apiVersion, obj.kind)) as Record<string, ModelClass>)[obj.kind];
  } catch {
    return [
      `${obj.apiVersion} ${obj.kind} ${obj.metadata?.name}: no Kubernetes schema for this kind`,
    ];
  }
  try {
    new Class(obj).validate();
    return [];
  } catch (error) {
    return [`${obj.kind}/${obj.metadata.name}: ${(error as Error).message}`];
  }
}
