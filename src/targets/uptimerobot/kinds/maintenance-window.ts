/**
 * UptimeRobot maintenance windows (v3 /maintenance-windows): once, daily, weekly or monthly, in
 * the account's time zone.
 */
import { sortedUnique } from "../../dynamic/values";
import { checker, unescapeHtml, uptimeRobotKind } from "./common";

export interface MaintenanceWindowInputs {
  name: string;
  interval: "once" | "daily" | "weekly" | "monthly";
  /** Start date, YYYY-MM-DD (the API requires one for every interval). */
  date: string;
  /** Start time, HH:mm or HH:mm:ss. */
  time: string;
  durationMinutes: number;
  /** weekly: 1-7 (Monday = 1); monthly: 1-31, or -1 for the last day. */
  days?: number[];
  /** Applies to every monitor (cannot be changed in place: a change replaces the window). */
  autoAddMonitors?: boolean;
  paused?: boolean;
  adopt?: boolean;
}

export interface VendorMaintenanceWindow {
  id: number;
  name?: string;
  interval?: string;
  date?: string | null;
  time?: string;
  duration?: number;
  days?: number[];
  autoAddMonitors?: boolean;
  status?: string;
}

function canonicalTime(t: unknown): string | undefined {
  if (typeof t !== "string") return undefined;
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t.trim());
  if (!m) return t;
  return `${m[1].padStart(2, "0")}:${m[2]}:${m[3] ?? "00"}`;
}

export const maintenanceWindowKind = uptimeRobotKind<MaintenanceWindowInputs, VendorMaintenanceWindow>({
  id: "uptimerobot:MaintenanceWindow",
  secrets: [],
  label: "UptimeRobot maintenance window",
  collection: "/maintenance-windows",
  encoding: "json",
  adoptable: true,
  replaceOnChange: ["autoAddMonitors"],
  nameOf: (i) => String(i.name ?? ""),
  validate(raw) {
    const c = checker(raw);
    c.string("name", { required: true, max: 255, pattern: /^[\s\S]{3,}$/, expected: "a name of 3-255 characters" });
    c.oneOf("interval", ["once", "daily", "weekly", "monthly"], { required: true });
    c.string("date", { required: true, pattern: /^(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, expected: "a date YYYY-MM-DD in 19xx or 20xx" });
    c.string("time", { required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, expected: "a time HH:mm or HH:mm:ss" });
    c.number("durationMinutes", { required: true, min: 1, integer: true, unit: "minutes" });
    const days = raw.days;
    if (raw.interval === "weekly" || raw.interval === "monthly") {
      const [lo, hi] = raw.interval === "weekly" ? [1, 7] : [-1, 31];
      if (!Array.isArray(days) || days.length === 0) c.fail("days", `missing (expected the ${raw.interval === "weekly" ? "weekdays 1-7" : "days of the month 1-31 or -1"} it runs on)`);
      else
        days.forEach((d: unknown, n) => {
          if (typeof d !== "number" || !Number.isInteger(d) || d < lo || d > hi || d === 0)
            c.fail(`days[${n}]`, `${JSON.stringify(d)} is not valid (expected ${raw.interval === "weekly" ? "1-7" : "1-31 or -1"})`);
        });
    } else if (Array.isArray(days) && days.length > 0) {
      c.fail("days", `is set for a ${String(raw.interval)} window (expected days only for weekly or monthly)`);
    }
    c.boolean("autoAddMonitors");
    c.boolean("paused");
    c.boolean("adopt");
    return c.failures;
  },
  canonical: (i) => ({
    name: i.name === undefined ? undefined : String(i.name).trim(),
    interval: i.interval,
    date: typeof i.date === "string" ? i.date.slice(0, 10) : undefined,
    time: canonicalTime(i.time),
    durationMinutes: i.durationMinutes,
    days: i.interval === "weekly" || i.interval === "monthly" ? sortedUnique(i.days ?? []) : [],
    autoAddMonitors: i.autoAddMonitors ?? false,
    paused: i.paused ?? false,
  }),
  createBody(i) {
    const body: Record<string, unknown> = {
      name: i.name,
      interval: i.interval,
      date: i.date,
      time: canonicalTime(i.time),
      duration: i.durationMinutes,
      autoAddMonitors: i.autoAddMonitors ?? false,
    };
    if (i.interval === "weekly" || i.interval === "monthly") body.days = sortedUnique(i.days ?? []);
    return body;
  },
  updateBody(i) {
    const body: Record<string, unknown> = {
      name: i.name,
      interval: i.interval,
      date: i.date,
      time: canonicalTime(i.time),
      duration: i.durationMinutes,
      status: i.paused ? "paused" : "active",
    };
    if (i.interval === "weekly" || i.interval === "monthly") body.days = sortedUnique(i.days ?? []);
    return body;
  },
  fromVendor: (v) => ({
    name: v.name === undefined ? undefined : unescapeHtml(v.name),
    interval: v.interval as MaintenanceWindowInputs["interval"],
    date: typeof v.date === "string" ? v.date.slice(0, 10) : undefined,
    time: v.time,
    durationMinutes: v.duration,
    days: v.days ? [...v.days] : undefined,
    autoAddMonitors: v.autoAddMonitors,
    paused: v.status === undefined ? undefined : v.status === "paused",
  }),
  identifies: (v, i) => unescapeHtml(String(v.name ?? "")).trim() === String(i.name).trim(),
  extraOuts: (v) => ({ maintenanceWindowId: Number(v.id) }),
});

