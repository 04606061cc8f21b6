/** A value parsed from bracket-keyed form data: a string, or nested objects and arrays of them. */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

/**
 * Parses `application/x-www-form-urlencoded` data with bracket keys, as the Stripe SDK sends it
 * (`line_items[0][price_data][unit_amount]=2200`, `expand[0]=data.price.product`, `expand[]=x`)
 * into nested objects. Objects whose keys are all 0, 1, 2… become arrays, in index order.
 * Later duplicates of a plain key win; `__proto__`-like keys are dropped.
 */
export function parseFormBody(body: string | URLSearchParams): FormObject {
  const params = typeof body === "string" ? new URLSearchParams(body) : body;
  const root: FormObject = {};
  for (const [rawKey, value] of params) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    const path = match
      ? [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)]
      : [rawKey];
    assign(root, path, value);
  }
  return arrayify(root) as FormObject;
}

const UNSAFE = new Set(["__proto__", "prototype", "constructor"]);

function assign(target: FormObject, path: string[], value: string) {
  if (path.some((part) => UNSAFE.has(part))) return;
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const part = path[i] === "" ? String(Object.keys(node).length) : path[i]!;
    const next = node[part];
    if (next === undefined || typeof next === "string") {
      const created: FormObject = {};
      node[part] = created;
      node = created;
    } else {
      node = next as FormObject;
    }
  }
  const last = path[path.length - 1]!;
  node[last === "" ? String(Object.keys(node).length) : last] = value;
}

function arrayify(value: FormValue): FormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted = Object.fromEntries(keys.map((key) => [key, arrayify(value[key]!)]));
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((index) => converted[String(index)]!);
  }
  return converted;
}
