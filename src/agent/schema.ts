/**
 * Checks a tool's input against its ToolSchema before anything runs, so a malformed call comes
 * back as an observation naming the argument instead of an exception.
 */
/** A JSON schema for an object of simple fields, as sent to the model. */
export interface ToolSchema {
  type: 'object';
  properties: Record<string, JsonSchemaField>;
  required?: string[];
  additionalProperties?: boolean;
}

export interface JsonSchemaField {
  type: 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
}

/** An error message for the model, or undefined when the input fits the schema. */
export function validateInput(input: unknown, schema: ToolSchema): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return `the arguments must be a JSON object, got ${describe(input)}.`;
  }
  const record = input as Record<string, unknown>;
  for (const name of schema.required ?? []) {
    if (record[name] === undefined || record[name] === null) {
      const field = schema.properties[name];
      return `missing required argument "${name}"${field ? ` (${field.type})` : ''}.`;
    }
  }
  for (const [name, value] of Object.entries(record)) {
    const field = schema.properties[name];
    if (!field) {
      if (schema.additionalProperties === false) {
        return `unknown argument "${name}"; expected ${Object.keys(schema.properties).join(', ')}.`;
      }
      continue;
    }
    if (value === undefined || value === null) continue;
    const problem = checkField(value, field);
    if (problem) return `argument "${name}" ${problem}.`;
  }
  return undefined;
}

function checkField(value: unknown, field: JsonSchemaField): string | undefined {
  switch (field.type) {
    case 'string':
      if (typeof value !== 'string') return `must be a string, got ${describe(value)}`;
      if (field.enum && !field.enum.includes(value)) return `must be one of ${field.enum.join(', ')}, got ${JSON.stringify(value)}`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false, got ${describe(value)}`;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return `must be an integer, got ${describe(value)}`;
      return checkRange(value, field);
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a number, got ${describe(value)}`;
      return checkRange(value, field);
  }
}

function checkRange(value: number, field: JsonSchemaField): string | undefined {
  if (field.minimum !== undefined && value < field.minimum) return `must be at least ${field.minimum}, got ${value}`;
  if (field.maximum !== undefined && value > field.maximum) return `must be at most ${field.maximum}, got ${value}`;
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
