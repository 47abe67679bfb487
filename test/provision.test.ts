/** Provisioning: one component per service, every vendor's resources under it. */
import { beforeAll, describe, expect, it } from "vitest";
import { provisionUnderMocks, type Registered } from "./targets/mocks";
import { finsightCopy, stackConfig } from "./helpers";

let registered: Registered[] = [];

beforeAll(async () => {
  registered = await provisionUnderMocks("prod", [finsightCopy()], stackConfig("prod"));
});

describe("components", () => {
  it("one component per service, named by its key", () => {
    const services = registered.filter((r) => r.type === "monitoring:index:Service");
    expect(services.map((s) => s.name)).toEqual(["finsight-api"]);
  });
});
