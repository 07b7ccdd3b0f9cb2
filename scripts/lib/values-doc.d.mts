export const BEGIN: string;
export const END: string;
export function renderValuesTable(schemaText: string, valuesText: string): string;
export function withValuesTable(doc: string, table: string): string;
