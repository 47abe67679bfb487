/** UptimeRobot personal alert contacts (v3 /alert-contacts): e-mail only. */
import { checker, unescapeHtml, uptimeRobotKind } from "./common";

/**
 * A personal alert contact (v3 /alert-contacts). Only e-mail is creatable through v3: Pro SMS and
 * voice contacts need phone verification in the UptimeRobot app, so reference those by id in a
 * monitor's alertContacts instead.
 */
export interface AlertContactInputs {
  name: string;
  type: "Email";
  /** The e-mail address; changing it replaces the contact (v3 cannot edit it). */
  value: string;
  sslExpirationReminder?: boolean;
  adopt?: boolean;
}

export interface VendorAlertContact {
  id: number;
  friendlyName?: string | null;
  type?: unknown;
  value?: string | null;
  sslExpirationReminder?: boolean | null;
}

function vendorContactType(t: unknown): string {
  if (t === 2 || t === "2") return "Email"; // v2 numbering, in case the untyped field is numeric
  const s = String(t ?? "");
  return s.toLowerCase() === "email" ? "Email" : s;
}

export const alertContactKind = uptimeRobotKind<AlertContactInputs, VendorAlertContact>({
  id: "uptimerobot:AlertContact",
  secrets: [],
  label: "UptimeRobot alert contact",
  collection: "/alert-contacts",
  encoding: "json",
  adoptable: true,
  replaceOnChange: ["type", "value"],
  nameOf: (i) => String(i.name ?? i.value ?? ""),
  validate(raw) {
    const c = checker(raw);
    c.string("name", { required: true, max: 255 });
    c.oneOf("type", ["Email"], { required: true });
    if (raw.type === "ProSms" || raw.type === "Voice" || raw.type === "SMS") {
      c.fail("type", "SMS and voice contacts cannot be created through the v3 API (expected to verify the phone in UptimeRobot and reference the contact by id)");
    }
    c.string("value", { required: true, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, expected: "an e-mail address" });
    c.boolean("sslExpirationReminder");
    c.boolean("adopt");
    return c.failures;
  },
  canonical: (i) => ({
    name: i.name === undefined ? undefined : String(i.name).trim(),
    type: i.type,
    value: i.value === undefined ? undefined : String(i.value).trim().toLowerCase(),
    sslExpirationReminder: i.sslExpirationReminder ?? false,
  }),
  createBody: (i) => ({ type: i.type, friendlyName: i.name, value: i.value }),
  updateBody: (i) => ({ friendlyName: i.name, sslExpirationReminder: i.sslExpirationReminder ?? false }),
  fromVendor: (v) => ({
    name: v.friendlyName == null ? undefined : unescapeHtml(v.friendlyName),
    type: vendorContactType(v.type) as "Email",
    value: v.value == null ? undefined : unescapeHtml(v.value),
    sslExpirationReminder: v.sslExpirationReminder ?? undefined,
  }),
  // The marker of a contact is its address: the same e-mail twice is a duplicate whatever its name.
  identifies: (v, i) => vendorContactType(v.type) === i.type && unescapeHtml(String(v.value ?? "")).trim().toLowerCase() === String(i.value).trim().toLowerCase(),
  extraOuts: (v) => ({ alertContactId: Number(v.id) }),
});

