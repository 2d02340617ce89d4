/**
 * A small schema for JSON documents, so data with a wrong shape is refused when it loads, naming the field
 * (`projects[2].tags`), instead of failing later, in a card or a reply.
 */
export type Shape =
  | 'string'
  | 'number'
  | { list: Shape }
  | { oneOf: readonly string[] }
  | { fields: Readonly<Record<string, Shape>>; optional?: readonly string[] };

/** Why `value` does not fit `shape`, naming the field at `path`; null when it fits. Fields not named are allowed. */
export function shapeProblem(value: unknown, shape: Shape, path: string): string | null {
  if (shape === 'string') return typeof value === 'string' ? null : `${path} is not a string`;
  if (shape === 'number') return typeof value === 'number' && Number.isFinite(value) ? null : `${path} is not a number`;
  if ('oneOf' in shape)
    return shape.oneOf.includes(value as string) ? null : `${path} is not one of ${shape.oneOf.join(', ')}`;
  if ('list' in shape) {
    if (!Array.isArray(value)) return `${path} is not a list`;
    for (const [index, item] of value.entries()) {
      const problem = shapeProblem(item, shape.list, `${path}[${index}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path} is not an object`;
  const record = value as Record<string, unknown>;
  for (const [name, field] of Object.entries(shape.fields)) {
    const present = Object.hasOwn(record, name) && record[name] !== undefined;
    if (!present) {
      if (shape.optional?.includes(name)) continue;
      return `${path}.${name} is missing`;
    }
    const problem = shapeProblem(record[name], field, `${path}.${name}`);
    if (problem) return problem;
  }
  return null;
}
