/**
 * The Better Stack log source kind (`betterstack:Source`): one source of the Telemetry API, whose
 * ingest token (a secret output) the app sends its logs with.
 *
 * Field by field, with the evidence for each (Better Stack's API reference, and the official
 * Terraform provider BetterStackHQ/terraform-provider-logtail, internal/provider/resource_source.go):
 *
 * | input | sent as | evidence |
 * | --- | --- | --- |
 * | `name` | `name` (create, update) | "Create a source": `name` required string; "Update a source": updatable |
 * | `platform` | `platform` (create only) | "Create a source": the platform list; the provider marks it ForceNew ("can be set only when you're creating a new source") |
 * | `retentionDays` | `logs_retention` (create, update) | "Create/Update a source": "Data retention for logs in days"; the provider validates 1..3652; 422 "Your plan doesn't support custom retention" |
 * | `ingestingPaused` | `ingesting_paused` (create, update) | "Create/Update a source": "Enable or disable ingesting for this source" |
 * | `dataRegion` | `data_region` (create only) | "Create a source": us_east, us_west, germany, singapore; the provider refuses a change ("data_region cannot be changed after source is created") and keeps its own value because the API answers another name (germany → eu-nbg-2) |
 * | `teamName` | `team_name` (create only) | "Create a source": "Required if using global API token to specify the team"; the provider suppresses its diff once created |
 *
 * | output | read from | evidence |
 * | --- | --- | --- |
 * | `sourceId` | `data.id` | a string ("String representation of a number", Sources API response parameters) |
 * | `token` (secret) | `attributes.token` | "Unique source token" (response parameters); the provider's "token ... used to identify and route the data you will send" |
 * | `ingestingHost` | `attributes.ingesting_host` | the provider's "host where the logs or metrics should be sent" |
 * | `tableName` | `attributes.table_name` | the provider's "table name generated for this source" |
 */
import { Checker } from "../dynamic/checker";
import { httpTransport, type HttpCollection } from "../dynamic/http-transport";
import type { Identified, Kind } from "../dynamic/kind";
import type { Props } from "../dynamic/values";
import { LOG_PLATFORMS, MAX_LOG_RETENTION_DAYS, PRINTABLE } from "../../model/logs";
import { CONFIG_KEYS, PAGE_SIZE, settingsFrom, sharedClient } from "./client";
import { DATA_REGIONS, MAX_NAME_LENGTH } from "./settings";

export interface SourceInputs {
  /** Name in Better Stack, the marker that prevents duplicates ("FinSight API [production]"). */
  name: string;
  platform: string;
  retentionDays?: number;
  ingestingPaused?: boolean;
  dataRegion?: string;
  teamName?: string;
  /** Take over an existing source with this name (or `adoptName`) instead of failing. */
  adopt?: boolean;
  /** With adopt, another name the existing source may have (made by hand, without the environment). */
  adoptName?: string;
}

/** A source as the API answers it (one JSON:API-style resource). */
export interface VendorSource extends Identified {
  id: string;
  type?: string;
  attributes: {
    name?: string | null;
    platform?: string | null;
    token?: string | null;
    logs_retention?: number | null;
    ingesting_paused?: boolean | null;
    ingesting_host?: string | null;
    table_name?: string | null;
    data_region?: string | null;
    team_id?: number | string | null;
    team_name?: string | null;
  };
}

type Body = Record<string, unknown>;

function validate(raw: Props) {
  const c = new Checker(raw, "Better Stack");
  const text = { max: MAX_NAME_LENGTH, pattern: PRINTABLE, expected: "printable text" };
  c.string("name", { required: true, ...text, expected: `a name of at most ${MAX_NAME_LENGTH} printable characters` });
  c.oneOf("platform", LOG_PLATFORMS, { required: true });
  c.number("retentionDays", { integer: true, min: 1, max: MAX_LOG_RETENTION_DAYS, unit: "days" });
  c.boolean("ingestingPaused");
  c.oneOf("dataRegion", DATA_REGIONS);
  c.string("teamName", text);
  c.boolean("adopt");
  c.string("adoptName", text);
  return c.failures;
}

const nameOf = (v: VendorSource) => String(v.attributes?.name ?? "").trim();

export const sourceKind: Kind<SourceInputs, VendorSource, Body, Body> & HttpCollection = {
  id: "betterstack:Source",
  label: "Better Stack log source",
  vendor: "Better Stack",
  collection: "/sources",
  pageSize: PAGE_SIZE,
  encoding: "json",
  configKeys: CONFIG_KEYS,
  connect: (get) => httpTransport<VendorSource>(sharedClient(settingsFrom(get, process.env)), sourceKind),
  validate,
  nameOf: (i) => String(i.name ?? ""),
  canonical: (i) => ({
    name: i.name === undefined ? undefined : String(i.name).trim(),
    platform: i.platform,
    retentionDays: i.retentionDays,
    ingestingPaused: i.ingestingPaused ?? false,
    dataRegion: i.dataRegion,
    teamName: i.teamName,
  }),
  // A new platform, region or team is a new source (and a new token): none can be changed in place.
  replaceOnChange: ["platform", "dataRegion", "teamName"],
  identifies: (v, i) => nameOf(v) === String(i.name).trim(),
  adoptable: true,
  adoptAlias: (i) => (typeof i.adoptName === "string" && i.adoptName !== "" ? { ...i, name: i.adoptName } : undefined),
  adoptRefusal: (v, i) =>
    v.attributes?.platform && v.attributes.platform !== i.platform
      ? `the existing source "${nameOf(v)}" (id ${v.id}) has the platform ${v.attributes.platform}, which Better Stack cannot change (expected the definition's platform to be ${v.attributes.platform}, or another name)`
      : undefined,
  duplicate: (id) =>
    `one already exists with this name (id ${id}) (expected a name not used in the team; set adopt: true on the definition to take over the existing source instead of creating a duplicate)`,
  createBody: (i) => ({
    name: i.name,
    platform: i.platform,
    ...(i.retentionDays !== undefined ? { logs_retention: i.retentionDays } : {}),
    ...(i.ingestingPaused !== undefined ? { ingesting_paused: i.ingestingPaused } : {}),
    ...(i.dataRegion !== undefined ? { data_region: i.dataRegion } : {}),
    ...(i.teamName !== undefined ? { team_name: i.teamName } : {}),
  }),
  // "Send only the parameters you wish to change": the managed, updatable ones.
  updateBody: (i) => ({
    name: i.name,
    ingesting_paused: i.ingestingPaused ?? false,
    ...(i.retentionDays !== undefined ? { logs_retention: i.retentionDays } : {}),
  }),
  // The region reads back under another name and the team only with global tokens: neither is observed.
  fromVendor: (v) => ({
    name: v.attributes?.name == null ? undefined : String(v.attributes.name),
    platform: v.attributes?.platform ?? undefined,
    retentionDays: v.attributes?.logs_retention ?? undefined,
    ingestingPaused: v.attributes?.ingesting_paused ?? undefined,
  }),
  extraOuts: (v, previous) => ({
    sourceId: String(v.id),
    token: v.attributes?.token ?? (typeof previous?.token === "string" ? previous.token : undefined),
    ingestingHost: v.attributes?.ingesting_host ?? undefined,
    tableName: v.attributes?.table_name ?? undefined,
  }),
  secrets: ["token"],
};
