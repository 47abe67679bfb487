/**
 * A Sentry environment an alert filters on: a prerequisite the plan shows, looked up and never
 * created or deleted. Sentry makes an environment when the first event tagged with it arrives and
 * has no API to create one; an alert rule naming an environment that does not exist yet is refused
 * ("This environment has not been created.": `api/serializers/rest_framework/rule.py`
 * `validate_environment`; metric alerts: `EnvironmentField`, "Environment is not part of this
 * organization"). So on a first deploy this resource fails with what to do, the alerts that depend
 * on it wait, and everything else is provisioned; the next `pulumi up` after the first event
 * creates them.
 *
 * Listing: `GET /projects/{org}/{project}/environments/?visibility=all` (`api/endpoints/
 * project_environments.py`, `[{id, name, isHidden}]`); one: `…/environments/{name}/`
 * (`project_environment_details.py`).
 */
import { apiError } from "../../dynamic/errors";
import type { Transport } from "../../dynamic/kind";
import type { HttpClient } from "../../dynamic/http-client";
import { CONFIG_KEYS, pathOf, settingsFrom, sharedClient, splitId, type Scoped, type ScopedBody } from "../client";
import { checker, SLUG, type SentryKind } from "./common";

export interface EnvironmentInputs {
  organization: string;
  project: string;
  name: string;
  /** Always true: an existing environment is what this resource expects to find. */
  adopt?: boolean;
}

export interface VendorEnvironment {
  id: string | number;
  name: string;
  isHidden?: boolean;
}

const listPath = (org: string, project: string) => pathOf("projects", org, project, "environments");

/** What to do when the environment does not exist yet (no API can make one). */
export function missingEnvironment(org: string, project: string, name: string): string {
  return (
    `Sentry has no environment "${name}" in ${org}/${project} yet, and has no API to create one: it appears with the first event tagged environment "${name}" ` +
    `(expected the app to send one first, e.g. deploy it with SENTRY_ENVIRONMENT=${name} or run \`sentry-cli send-event -m "monitoring setup" -E ${name}\`, then \`pulumi up\` again; ` +
    `the alerts that filter on it are created then, everything else is provisioned now)`
  );
}

function environmentTransport(client: HttpClient): Transport<VendorEnvironment & Scoped, ScopedBody, ScopedBody> {
  const scoped = (v: VendorEnvironment, org: string, project: string): VendorEnvironment & Scoped => ({ ...v, sentryId: v.name, id: [org, project, v.name].join("/") });
  const get = async (id: string) => {
    const { scope, sentryId } = splitId(id, 2);
    const v = await client.request<VendorEnvironment | undefined>("GET", `${listPath(scope[0], scope[1])}${encodeURIComponent(sentryId)}/`);
    return v ? scoped(v, scope[0], scope[1]) : undefined;
  };
  return {
    async list({ fresh, near }) {
      if (!near) return [];
      const { organization, project } = near as EnvironmentInputs;
      const all = await client.listAll<VendorEnvironment>(listPath(organization, project), { fresh, query: { visibility: "all" } });
      return all.map((v) => scoped(v, organization, project));
    },
    get,
    async create({ scope, body }) {
      throw apiError(missingEnvironment(scope[0], scope[1], String(body.name)), "client", undefined, false);
    },
    // Nothing of it is ours to change: a hidden environment still filters alerts.
    update: async (id) => (await get(id)) ?? Promise.reject(apiError("it no longer exists", "not_found", 404, false)),
    // Sentry keeps environments; the alerts that used it are what goes.
    delete: async () => undefined,
  };
}

export const environmentKind: SentryKind<EnvironmentInputs, VendorEnvironment> = {
  id: "sentry:Environment",
  label: "Sentry environment",
  vendor: "Sentry",
  configKeys: CONFIG_KEYS,
  connect: (get) => environmentTransport(sharedClient(settingsFrom(get, process.env))),
  secrets: [],
  replaceOnChange: ["organization", "project", "name"],
  adoptable: true,
  nameOf: (i) => String(i.name ?? ""),
  validate(raw) {
    const c = checker(raw);
    c.string("organization", { required: true, pattern: SLUG, expected: "a Sentry organization slug" });
    c.string("project", { required: true, pattern: SLUG, expected: "a Sentry project slug" });
    c.string("name", { required: true, max: 64, expected: "an environment name of 1-64 characters" });
    return c.failures;
  },
  canonical: (i) => ({ organization: i.organization, project: i.project, name: i.name }),
  identifies: (v, i) => v.name === i.name,
  duplicate: (id) => `it exists (id ${id}) (expected adopt: true, which this resource always sets)`,
  createBody: (i) => ({ scope: [i.organization, i.project], body: { name: i.name } }),
  updateBody: (i) => ({ scope: [i.organization, i.project], body: { name: i.name } }),
  fromVendor: (v) => ({ name: v.name }),
  extraOuts: (v) => ({ hidden: v.isHidden === true }),
};
