/**
 * What the UptimeRobot kinds share: the UptimeRobot-specific normalisation (HTML unescaping of what
 * the API reads back, header-key case, numeric ids) and `uptimeRobotKind`, which completes a kind's
 * semantics with its transport (the v3 collection over the shared client), its config keys, the
 * `adoptName` alias and the duplicate message.
 *
 * Evidence for each field's meaning: the v3 OpenAPI description (../shared/specs/
 * uptimerobot-v3.openapi.yaml) and, where the API behaves differently, the fake that reproduces it
 * (test/fakes/uptimerobot.ts) cites what was observed.
 */
import { Checker } from "../../dynamic/checker";
import { httpTransport, type HttpCollection } from "../../dynamic/http-transport";
import { apiError, isApiError } from "../../dynamic/errors";
import type { Identified, Kind, Transport } from "../../dynamic/kind";
import { numericId, sortedUnique, type Props } from "../../dynamic/values";
import { CONFIG_KEYS, settingsFrom, sharedClient } from "../client";

type JsonTransport<V extends Identified> = Transport<V, Record<string, unknown>, Record<string, unknown>>;

/** A kind kept in one v3 collection; `transport` adds what one collection's API does besides. */
export type UptimeRobotKind<I extends object, V extends Identified> = Kind<I, V> &
  HttpCollection & {
    transport?(t: JsonTransport<V>): JsonTransport<V>;
  };

/** What each kind file declares; the rest is the same for every UptimeRobot kind. */
export type UptimeRobotSemantics<I extends object, V extends Identified> = Omit<UptimeRobotKind<I, V>, "vendor" | "configKeys" | "connect" | "adoptAlias" | "duplicate">;

export function uptimeRobotKind<I extends object, V extends Identified>(semantics: UptimeRobotSemantics<I, V>): UptimeRobotKind<I, V> {
  const kind: UptimeRobotKind<I, V> = Object.assign(semantics, {
    vendor: "UptimeRobot",
    configKeys: CONFIG_KEYS,
    connect(get: (key: string) => string | undefined) {
      const t = createdDespite404(httpTransport<V>(sharedClient(settingsFrom(get, process.env)), kind));
      return kind.transport ? kind.transport(t) : t;
    },
    /** With adopt, `adoptName` is another name the existing object may have (e.g. made by hand without the environment suffix). */
    adoptAlias(i: I): I | undefined {
      const { adoptName } = i as { adoptName?: unknown };
      return typeof adoptName === "string" && adoptName !== "" ? { ...i, name: adoptName } : undefined;
    },
    duplicate: (id: string) =>
      `one already exists with this name (id ${id}) (expected a name not used in the account; set adopt: true on the definition to take over the existing one instead of creating a duplicate)`,
  });
  return kind;
}

/**
 * POST /monitors can persist the monitor and still answer 404 "Monitor not found", code 000-004
 * (its own read after the write missed it). UptimeRobot's Terraform provider handles exactly this
 * answer as a create that happened (recoverMonitorCreatedDespiteError in
 * internal/provider/monitor/monitor_crud_create.go, monitor_create_recover_test.go): here it is an
 * ambiguous failure that acted, so the provider looks for the object (listings can lag), takes it
 * over only if it holds what was asked (../../dynamic/kind-provider), and never posts it again.
 */
function createdDespite404<V extends Identified>(t: JsonTransport<V>): JsonTransport<V> {
  return {
    ...t,
    async create(body) {
      try {
        return await t.create(body);
      } catch (e) {
        if (isApiError(e) && e.status === 404 && e.code === "000-004") throw Object.assign(apiError(`${e.message}; UptimeRobot created it`, "server", 404, true, e.code), { acted: true });
        throw e;
      }
    },
  };
}

/** Validation helpers whose messages name UptimeRobot ids. */
export function checker(raw: Props): Checker {
  return new Checker(raw, "UptimeRobot");
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Undoes the HTML escaping UptimeRobot applies to names and URLs on read. */
export function unescapeHtml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Header maps compared without case (UptimeRobot lower-cases custom header keys). */
export function lowerKeys(h: Record<string, unknown> | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase().trim()] = String(v).trim();
  return out;
}

/** A list of ids (numbers or Pulumi ids), sorted and without repeats. */
export function ids(list: ReadonlyArray<string | number> | undefined | null): Array<number | string> {
  return sortedUnique((Array.isArray(list) ? list : []).map((x) => numericId(x) ?? String(x)));
}
