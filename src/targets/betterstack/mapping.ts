/**
 * Better Stack mapping: each log source of a service becomes a `betterstack:Source`, named from its
 * stable key (`<service>-logs-<key>`). Its name in Better Stack carries the stack's environment
 * ("FinSight API [production]") so stacks can share a team; the name is what the provider looks a
 * source up by. The ingest token is published as the secret stack output `logSourceTokens`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedLogSource, ResolvedModel } from "../../resolve";
import { logicalName, type ServiceContext } from "../types";
import { Source, type SourceArgs } from "./provider";
import type { BetterStackSettings } from "./settings";

/** The stack output holding every source's ingest token: `{ [service]: { [source]: token } }`. */
export const TOKEN_OUTPUT = "logSourceTokens";

/** The name shown in Better Stack: the definition's name and the stack's environment. */
export function vendorName(model: ResolvedModel, name: string): string {
  return `${name} [${model.environment}]`;
}

/** Days the source keeps logs on this stack: the stack's setting, else the definition's, else the plan's default (undefined). */
export function retentionOf(settings: BetterStackSettings, source: ResolvedLogSource): number | undefined {
  return settings.retentionDays ?? source.retentionDays;
}

export function sourceArgs(model: ResolvedModel, settings: BetterStackSettings, source: ResolvedLogSource): SourceArgs {
  return {
    name: vendorName(model, source.name),
    platform: source.platform,
    retentionDays: retentionOf(settings, source),
    ingestingPaused: source.ingestingPaused,
    dataRegion: settings.dataRegion,
    teamName: settings.teamName,
    adopt: source.adopt,
    // A source made by hand (the seed's "FinSight API") has no environment in its name: adoption finds it under its own.
    ...(source.adopt ? { adoptName: source.name } : {}),
  };
}

/** A service's log sources, and their ingest tokens as the secret stack output `logSourceTokens`. */
export function registerService({ model, settings, service, parent, output }: ServiceContext<BetterStackSettings>): void {
  for (const source of service.logs) {
    const resource = new Source(logicalName(service.key, "logs", source.key), sourceArgs(model, settings, source), { parent });
    output(TOKEN_OUTPUT, source.key, pulumi.secret(resource.token));
  }
}
