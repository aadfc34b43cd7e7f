/** A JSON object (not null, not an array): what a config's nested sections must be before their keys are read. */
export const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
