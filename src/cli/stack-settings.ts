/**
 * A stack's settings as a reviewer may see them: every config key's leaves, values that are
 * secrets by the schema (phone numbers, webhook URLs, integration keys, even when written in
 * plain text as placeholders) masked, and `secure:` values left out (`monitoring diff` reports
 * those from the stack file's ciphertext instead).
 */
import { OFFLINE_SECRET } from "../model";
import { isSecretAt } from "../model/issues";
import { CONFIG_NAMESPACE, settingsSchema, type RawConfig } from "../settings";
import { VENDORS } from "../targets";
import { leafEntries, pathText } from "./leaves";

export const SECRET_SETTING = "[secret]";

/** Config path → rendered value, e.g. `monitoring:vendors.cloudflare.plan` → `pro`. */
export function visibleSettings(config: RawConfig): Record<string, string> {
  const schema = settingsSchema(VENDORS);
  const out: Record<string, string> = {};
  for (const key of Object.keys(config).sort()) {
    const text = config[key];
    let value: unknown = text;
    if (/^\s*[[{]/.test(text)) {
      try {
        value = JSON.parse(text);
      } catch {
        value = text;
      }
    }
    const own = key.startsWith(`${CONFIG_NAMESPACE}:`) ? key.slice(CONFIG_NAMESPACE.length + 1) : undefined;
    for (const [segments, leaf] of leafEntries(value)) {
      if (leaf === OFFLINE_SECRET) continue;
      const secret = own !== undefined && isSecretAt(schema, [own, ...segments]);
      out[segments.length ? `${key}.${pathText(segments)}`.replace(/\.\[/g, "[") : key] = secret ? SECRET_SETTING : leaf;
    }
  }
  return out;
}
