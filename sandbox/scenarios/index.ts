// Scenario registry: a name -> a freshly built World.
import type { World } from "../store";
import { buildAcme } from "./acme";
import { buildEmpty } from "./empty";
import { buildScale } from "./scale";

const SCENARIOS: Record<string, () => World> = { acme: buildAcme, empty: buildEmpty };

export const scenarioNames = (): string[] => [...Object.keys(SCENARIOS), "scale:<key=value,...>"];

export function buildScenario(name: string): World {
  if (name === "scale" || name.startsWith("scale:")) return buildScale(name.slice("scale:".length));
  const build = SCENARIOS[name];
  if (!build) throw new Error(`Unknown scenario "${name}"; known scenarios: ${scenarioNames().join(", ")}.`);
  return build();
}
