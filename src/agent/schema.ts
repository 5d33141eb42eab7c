/**
 * Checks a tool's input against its ToolSchema before anything runs, so a malformed call comes
 * back as an observation naming the argument instead of an exception.
 */
/** A JSON schema for an object of simple fields, as sent to the model. */
export interface ToolSchema {
  type: 'object';
  properties: Readonly<Record<string, JsonSchemaField>>;
  required?: readonly string[];
  additionalProperties?: boolean;
}

export interface JsonSchemaField {
  type: 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
}

/** The value a field holds: one of its enum's strings, a string, a number or a boolean. */
type FieldValue<F extends JsonSchemaField> = F extends { enum: readonly (infer E extends string)[] }
  ? E
  : F['type'] extends 'string'
    ? string
    : F['type'] extends 'boolean'
      ? boolean
      : number;

type RequiredKeys<S extends ToolSchema> = S['required'] extends readonly (infer K)[] ? Extract<K, keyof S['properties']> : never;

/** The input a schema admits, as a type: required fields required, the others optional (any record for a schema not known until run time). */
export type InputOf<S extends ToolSchema> = string extends keyof S['properties'] ? Record<string, unknown> : LiteralInput<S>;

type LiteralInput<S extends ToolSchema> = {
  -readonly [K in RequiredKeys<S>]: FieldValue<S['properties'][K]>;
} & {
  -readonly [K in Exclude<keyof S['properties'], RequiredKeys<S>>]?: FieldValue<S['properties'][K]>;
};

/** validateInput with the input typed by its schema when it fits. */
export function checkInput<S extends ToolSchema>(input: unknown, schema: S): { input: InputOf<S> } | { problem: string } {
  const problem = validateInput(input, schema);
  // validateInput has just checked every field against the schema InputOf<S> is read from.
  return problem === undefined ? { input: input as InputOf<S> } : { problem };
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
