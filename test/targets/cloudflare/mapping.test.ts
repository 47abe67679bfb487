/** The Cloudflare mapping under Pulumi's mocks: the seed guide's rate limits in the zone's one ruleset. */
import { beforeAll, describe, expect, it } from "vitest";
import { provisionUnderMocks, type Registered } from "../mocks";
import { finsightCopy, stackConfig } from "../../helpers";

let registered: Registered[] = [];

beforeAll(async () => {
  registered = await provisionUnderMocks("prod", [finsightCopy()], stackConfig("prod"));
});

describe("Cloudflare (prod)", () => {
  it("one http_ratelimit ruleset for the zone holding every rule, in definition order", () => {
    const rulesets = registered.filter((r) => r.type === "cloudflare:index/ruleset:Ruleset");
    expect(rulesets).toHaveLength(1);
    expect(rulesets[0].inputs).toEqual({
      zoneId: "fedcba9876543210fedcba9876543210",
      kind: "zone",
      phase: "http_ratelimit",
      name: "Rate limits (production)",
      description: "Managed by monitoring as code: every service's rate-limit rules for this zone.",
      rules: [
        {
          ref: "finsight-api-auth-register",
          description: "Registration attempts per IP",
          expression: '(http.request.uri.path eq "/api/v1/auth/register") and (http.request.method in {"POST"})',
          action: "block",
          enabled: true,
          ratelimit: { characteristics: ["cf.colo.id", "ip.src"], period: 10, requestsPerPeriod: 5, mitigationTimeout: 10 },
        },
        {
          ref: "finsight-api-api-burst",
          description: "Any API burst per IP",
          expression: '(http.request.uri.path wildcard "/api/*")',
          action: "managed_challenge",
          enabled: true,
          ratelimit: { characteristics: ["cf.colo.id", "ip.src"], period: 60, requestsPerPeriod: 100 },
        },
      ],
    });
  });
});
