/**
 * A small OpenAPI 3.0 request/response validator on ajv, for the fake vendor servers.
 *
 * Why not openapi-backend: its definition check rejects the published UptimeRobot v3 document
 * (OpenAPI 3.0's boolean `exclusiveMinimum: false` fails its draft-07 meta-schema, 943 errors at
 * init), and its ref parser (@apidevtools/json-schema-ref-parser 16) declares Node >= 22.19 while
 * this project targets Node 20. The conversion below handles exactly what the document uses:
 * `nullable`, boolean exclusive bounds, regex patterns written as /.../ literals, discriminated
 * `oneOf`, multipart bodies (OpenAPI's default encoding: arrays as repeated parts, objects as JSON).
 */
import Ajv, { type ValidateFunction } from "ajv";
import * as fs from "node:fs";
import YAML from "yaml";

type Json = Record<string, unknown>;

export interface ValidationProblem {
  where: string;
  message: string;
}

interface Operation {
  method: string;
  template: string;
  regex: RegExp;
  paramNames: string[];
  op: Json;
}

function convert(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(convert);
  if (!schema || typeof schema !== "object") return schema;
  const s = { ...(schema as Json) };
  if (typeof s.$ref === "string") {
    return { $ref: (s.$ref as string).replace("#/components/schemas/", "spec#/definitions/") };
  }
  for (const k of ["example", "examples", "x-enumNames", "discriminator", "deprecated", "title", "description", "format"]) delete s[k];
  for (const b of ["exclusiveMinimum", "exclusiveMaximum"] as const) {
    if (s[b] === false) delete s[b];
    else if (s[b] === true) {
      const base = b === "exclusiveMinimum" ? "minimum" : "maximum";
      s[b] = s[base];
      delete s[base];
    }
  }
  if (typeof s.pattern === "string") {
    const m = /^\/(.*)\/[a-z]*$/.exec(s.pattern);
    if (m) s.pattern = m[1];
  }
  for (const key of ["properties", "definitions"]) {
    if (s[key] && typeof s[key] === "object") {
      const out: Json = {};
      for (const [k, v] of Object.entries(s[key] as Json)) out[k] = convert(v);
      s[key] = out;
    }
  }
  for (const key of ["items", "additionalProperties", "not"]) if (s[key] && typeof s[key] === "object") s[key] = convert(s[key]);
  for (const key of ["oneOf", "anyOf", "allOf"]) if (Array.isArray(s[key])) s[key] = (s[key] as unknown[]).map(convert);
  // The document writes date-times as `oneOf: [{}, {type: string}]` (a Date or a string); a string
  // matches both branches, so no value could ever pass. Read it as anyOf.
  if (Array.isArray(s.oneOf) && (s.oneOf as unknown[]).some((x) => x && typeof x === "object" && Object.keys(x).length === 0)) {
    s.anyOf = s.oneOf;
    delete s.oneOf;
  }
  if (s.nullable === true) {
    delete s.nullable;
    if (typeof s.type === "string") {
      s.type = [s.type, "null"];
      if (Array.isArray(s.enum)) s.enum = [...(s.enum as unknown[]), null];
    } else if (s.oneOf || s.anyOf || s.allOf || s.$ref) {
      return { anyOf: [s, { type: "null" }] };
    }
  } else {
    delete s.nullable;
  }
  return s;
}

export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly ops: Operation[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly doc: Json;

  constructor(specPath: string) {
    this.doc = YAML.parse(fs.readFileSync(specPath, "utf8")) as Json;
    this.ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: false, validateFormats: false });
    const components = ((this.doc.components as Json)?.schemas ?? {}) as Json;
    const definitions: Json = {};
    for (const [k, v] of Object.entries(components)) definitions[k] = convert(v);
    this.ajv.addSchema({ $id: "spec", definitions });
    for (const [template, item] of Object.entries((this.doc.paths ?? {}) as Json)) {
      const paramNames: string[] = [];
      const regex = new RegExp(
        "^" +
          template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_m, name: string) => {
            paramNames.push(name);
            return "([^/]+)";
          }) +
          "$",
      );
      for (const [method, op] of Object.entries(item as Json)) {
        this.ops.push({ method: method.toUpperCase(), template, regex, paramNames, op: op as Json });
      }
    }
    // Literal paths win over templated ones (/monitors/uptime-stats before /monitors/{id}).
    this.ops.sort((a, b) => a.paramNames.length - b.paramNames.length);
  }

  private validator(key: string, schema: unknown): ValidateFunction {
    let v = this.compiled.get(key);
    if (!v) {
      v = this.ajv.compile(convert(schema) as Json);
      this.compiled.set(key, v);
    }
    return v;
  }

  private resolve(schema: unknown): Json {
    let s = schema as Json;
    while (s && typeof s.$ref === "string") {
      const name = (s.$ref as string).replace("#/components/schemas/", "");
      s = ((this.doc.components as Json).schemas as Json)[name] as Json;
    }
    return s ?? {};
  }

  /** Finds the operation for a method and path (without the server's base path). */
  match(method: string, path: string): { op: Operation; params: Record<string, string> } | undefined {
    for (const op of this.ops) {
      if (op.method !== method) continue;
      const m = op.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      op.paramNames.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
      return { op, params };
    }
    return undefined;
  }

  private coerce(value: string, schema: Json): unknown {
    const s = this.resolve(schema);
    if (s.type === "number" || s.type === "integer") return value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : value;
    if (s.type === "boolean") return value === "true" ? true : value === "false" ? false : value;
    return value;
  }

  private errors(v: ValidateFunction, where: string): ValidationProblem[] {
    return (v.errors ?? []).map((e) => ({ where: `${where}${e.instancePath}`, message: `${e.message ?? "invalid"}${e.params ? " " + JSON.stringify(e.params) : ""}` }));
  }

  /** Turns a multipart form into an object following the schema (OpenAPI's default multipart encoding). */
  formToObject(form: Map<string, string[]>, schema: unknown): Json {
    const s = this.resolve(schema);
    const props = (s.properties ?? {}) as Json;
    const out: Json = {};
    for (const [k, values] of form) {
      const ps = this.resolve(props[k]);
      if (ps.type === "array") out[k] = values.map((x) => this.coerce(x, (ps.items ?? {}) as Json));
      else if (ps.type === "object" || (props[k] as Json)?.$ref) {
        try {
          out[k] = JSON.parse(values[0]);
        } catch {
          out[k] = values[0];
        }
      } else out[k] = this.coerce(values[0], ps);
    }
    return out;
  }

  /**
   * Validates one request. `body` is the parsed JSON body, or a Map of multipart fields.
   * Returns the problems (empty when valid) and the body as an object.
   */
  validateRequest(req: {
    method: string;
    path: string;
    query: URLSearchParams;
    headers: Record<string, string | string[] | undefined>;
    contentType: string;
    body: unknown;
  }): { problems: ValidationProblem[]; operationId?: string; params: Record<string, unknown>; body: unknown } {
    const found = this.match(req.method, req.path);
    if (!found) return { problems: [{ where: `${req.method} ${req.path}`, message: "no such operation in the API description" }], params: {}, body: req.body };
    const { op, params: rawParams } = found;
    const problems: ValidationProblem[] = [];
    const where = `${req.method} ${op.template}`;
    const params: Record<string, unknown> = {};
    const declared = (op.op.parameters ?? []) as Json[];
    const queryNames = new Set<string>();
    for (const p of declared) {
      const name = p.name as string;
      const schema = (p.schema ?? {}) as Json;
      if (p.in === "path") {
        const value = this.coerce(rawParams[name], schema);
        params[name] = value;
        const v = this.validator(`${where}:path:${name}`, schema);
        if (!v(value)) problems.push(...this.errors(v, `${where} path ${name}`));
      } else if (p.in === "query") {
        queryNames.add(name);
        const all = req.query.getAll(name);
        if (all.length === 0) {
          if (p.required) problems.push({ where: `${where} query`, message: `missing required parameter ${name}` });
          continue;
        }
        const s = this.resolve(schema);
        const value = s.type === "array" ? all.map((x) => this.coerce(x, (s.items ?? {}) as Json)) : this.coerce(all[0], s);
        params[name] = value;
        const v = this.validator(`${where}:query:${name}`, schema);
        if (!v(value)) problems.push(...this.errors(v, `${where} query ${name}`));
      }
    }
    for (const name of new Set(req.query.keys())) {
      if (!queryNames.has(name)) problems.push({ where: `${where} query`, message: `unknown parameter ${name}` });
    }
    const security = (op.op.security ?? []) as Json[];
    if (security.length > 0) {
      const auth = req.headers.authorization;
      if (typeof auth !== "string" || !/^Bearer \S+$/.test(auth)) problems.push({ where: `${where} headers`, message: "missing bearer Authorization header" });
    }
    let body = req.body;
    const rb = op.op.requestBody as Json | undefined;
    if (rb) {
      const content = (rb.content ?? {}) as Json;
      const type = req.contentType.split(";")[0].trim().toLowerCase();
      const media = content[type] as Json | undefined;
      if (!media) {
        problems.push({ where: `${where} body`, message: `content type "${type || "none"}" is not one of ${Object.keys(content).join(", ")}` });
      } else {
        let schema = media.schema as Json;
        if (body instanceof Map) body = this.formToObject(body as Map<string, string[]>, schema);
        if (body === undefined && rb.required) problems.push({ where: `${where} body`, message: "missing required body" });
        const disc = schema.discriminator as Json | undefined;
        if (disc && body && typeof body === "object") {
          const prop = disc.propertyName as string;
          const mapping = (disc.mapping ?? {}) as Record<string, string>;
          const value = String((body as Json)[prop] ?? "").toUpperCase();
          const ref = mapping[value];
          if (!ref) problems.push({ where: `${where} body.${prop}`, message: `"${String((body as Json)[prop])}" is not one of ${Object.keys(mapping).join(", ")}` });
          else schema = { $ref: ref };
        }
        if (body !== undefined) {
          const v = this.validator(`${where}:body:${stableKey(schema)}`, schema);
          if (!v(body)) problems.push(...this.errors(v, `${where} body`));
        }
      }
    } else if (body !== undefined && !(body instanceof Map)) {
      problems.push({ where: `${where} body`, message: "a body was sent to an operation that takes none" });
    }
    return { problems, operationId: op.op.operationId as string | undefined, params, body };
  }

  /** Validates a JSON response body against the documented response of the operation. */
  validateResponse(method: string, path: string, status: number, body: unknown): ValidationProblem[] {
    const found = this.match(method, path);
    if (!found) return [];
    const resp = ((found.op.op.responses ?? {}) as Json)[String(status)] as Json | undefined;
    if (!resp) return [{ where: `${method} ${found.op.template} response`, message: `status ${status} is not documented` }];
    const schema = ((resp.content as Json | undefined)?.["application/json"] as Json | undefined)?.schema;
    if (!schema) return [];
    const v = this.validator(`${method} ${found.op.template}:response:${status}`, schema);
    return v(body) ? [] : this.errors(v, `${method} ${found.op.template} response ${status}`);
  }
}

function stableKey(schema: Json): string {
  return typeof schema.$ref === "string" ? schema.$ref : JSON.stringify(schema).slice(0, 200);
}
