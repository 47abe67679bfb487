/**
 * UptimeRobot public status pages (v3 /psps). `password` is a secret.
 *
 * Bodies are JSON. The v3 description lists only multipart/form-data, but multipart is parsed by
 * multer: one `monitorIds` part arrives as a string (rejected: "monitorIds must be an array") and an
 * empty list cannot be sent at all. UptimeRobot's Terraform provider sends PSP create and update as
 * JSON (internal/client/psp.go) and keeps multipart for logo and icon uploads only; its CLI does the
 * same (src/lib/request.ts, src/lib/form-body.ts). This project uploads no logo or icon.
 */
import { checker, ids, unescapeHtml, uptimeRobotKind } from "./common";

export interface StatusPageInputs {
  name: string;
  monitorIds?: Array<string | number>;
  customDomain?: string;
  /** Password protection (secret). UptimeRobot only reports whether one is set. */
  password?: string;
  status?: "ENABLED" | "PAUSED";
  hideUrlLinks?: boolean;
  noIndex?: boolean;
  sort?: "FriendlyNameAsc" | "FriendlyNameDesc" | "StatusUpDownPaused" | "StatusDownUpPaused";
  homepageLink?: string;
  adopt?: boolean;
}

export interface VendorPsp {
  id: number;
  friendlyName?: string;
  customDomain?: string | null;
  monitorIds?: number[] | null;
  status?: unknown;
  urlKey?: string;
  hideUrlLinks?: boolean;
  noIndex?: boolean;
  homepageLink?: string | null;
}

export const statusPageKind = uptimeRobotKind<StatusPageInputs, VendorPsp>({
  id: "uptimerobot:StatusPage",
  secrets: ["password"],
  label: "UptimeRobot status page",
  collection: "/psps",
  encoding: "json",
  adoptable: true,
  replaceOnChange: [],
  nameOf: (i) => String(i.name ?? ""),
  validate(raw) {
    const c = checker(raw);
    c.string("name", { required: true, max: 255 });
    c.idList("monitorIds");
    c.string("customDomain", { max: 255, pattern: /^[a-z0-9.-]+\.[a-z]{2,}$/i, expected: "a host name such as status.example.com" });
    c.string("password", { max: 255, secret: true });
    c.oneOf("status", ["ENABLED", "PAUSED"]);
    c.boolean("hideUrlLinks");
    c.boolean("noIndex");
    c.oneOf("sort", ["FriendlyNameAsc", "FriendlyNameDesc", "StatusUpDownPaused", "StatusDownUpPaused"]);
    c.string("homepageLink", { max: 255, pattern: /^https?:\/\/\S+$/i, expected: "an http:// or https:// URL" });
    c.boolean("adopt");
    return c.failures;
  },
  canonical: (i) => ({
    name: i.name === undefined ? undefined : String(i.name).trim(),
    monitorIds: ids(i.monitorIds),
    customDomain: i.customDomain ?? "",
    password: i.password ?? "",
    status: i.status ?? "ENABLED",
    hideUrlLinks: i.hideUrlLinks ?? false,
    noIndex: i.noIndex ?? false,
    sort: i.sort,
    homepageLink: i.homepageLink,
  }),
  createBody(i) {
    return {
      friendlyName: i.name,
      monitorIds: ids(i.monitorIds).map(Number),
      customDomain: i.customDomain,
      password: i.password,
      status: i.status ?? "ENABLED",
      hideUrlLinks: i.hideUrlLinks ?? false,
      noIndex: i.noIndex ?? false,
      sort: i.sort,
      homepageLink: i.homepageLink,
    };
  },
  updateBody(i, olds) {
    // A PATCH keeps what it does not name: a removed custom domain (or password) is sent empty, so
    // it is removed at UptimeRobot too (its Terraform provider sends the empty value,
    // internal/provider/psp/resource.go).
    const hadPassword = typeof olds.password === "string" && olds.password !== "";
    return { ...this.createBody(i), customDomain: i.customDomain ?? "", ...(i.password === undefined && hadPassword ? { password: "" } : {}) };
  },
  fromVendor: (v) => ({
    name: v.friendlyName === undefined ? undefined : unescapeHtml(v.friendlyName),
    monitorIds: v.monitorIds ? [...v.monitorIds] : undefined,
    customDomain: v.customDomain ?? undefined,
    status: typeof v.status === "string" ? (v.status.toUpperCase() as StatusPageInputs["status"]) : undefined,
    hideUrlLinks: v.hideUrlLinks,
    noIndex: v.noIndex,
    homepageLink: v.homepageLink == null ? undefined : unescapeHtml(v.homepageLink),
  }),
  identifies: (v, i) => unescapeHtml(String(v.friendlyName ?? "")).trim() === String(i.name).trim(),
  extraOuts: (v) => ({
    statusPageId: Number(v.id),
    urlKey: v.urlKey,
    publicUrl: v.customDomain ? `https://${v.customDomain}` : v.urlKey ? `https://stats.uptimerobot.com/${v.urlKey}` : undefined,
  }),
});

