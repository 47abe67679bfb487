/**
 * The Sentry transport over the shared client: listings of nested collections
 * (`/projects/{org}/{project}/rules/`) stay right after the provider's own writes while they are
 * cached (the production default keeps them 15 s), so a refresh right after a delete does not see
 * the rule again and a second create in the same run does not list twice; paging follows the
 * `Link` header's cursor.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiled, load, type LoadedProvider } from "../../fakes/engine";
import { FakeSentry, sentryConfig } from "../../fakes/sentry";

const { providers } = compiled<{ providers: Record<"issueAlert", object> }>("src/targets/sentry/provider");
const fake = new FakeSentry({ maxPerPage: 2 });
let issue: LoadedProvider["provider"];

beforeAll(async () => {
  await fake.start();
  issue = (await load(providers.issueAlert, sentryConfig(fake, { "sentry:cacheTtlMs": "60000" }))).provider;
});
afterAll(async () => {
  await fake.stop();
});

const rule = (name: string) => ({
  organization: "finsight",
  project: "finsight-api",
  name,
  environment: "production",
  actionMatch: "any",
  frequency: 30,
  conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }],
  actions: [{ id: "sentry.mail.actions.NotifyEmailAction", targetType: "Team", targetIdentifier: "1001" }],
});

describe("the Sentry client's listing cache", () => {
  it("keeps a cached listing of a project's rules right across creates and deletes", async () => {
    for (let i = 0; i < 5; i++) fake.seedIssueRule("finsight-api", rule(`existing ${i}`));
    const a = await issue.create(rule("a"));
    const requests = fake.stats.requests;
    const b = await issue.create(rule("b"));
    // One POST: the lookup before it used the listing the first create cached and kept right.
    expect(fake.stats.requests - requests).toBe(1);
    await expect(issue.create(rule("a"))).rejects.toThrow(/one already exists with this name and environment/);
    await issue.delete(a.id, a.outs);
    // Deleted by this process: a refresh within the cache's lifetime reports it gone.
    expect((await issue.read(a.id, a.outs)).id).toBe("");
    expect((await issue.read(b.id, b.outs)).id).toBe(b.id);
    // The listing took four pages of two (Link: rel="next"; results="true"; cursor=...).
    expect(fake.issueRules()).toHaveLength(6);
  });
});
