// AppAccessSettings's check of its own inputs, without the API: types, the domain's syntax, ANYONE only with its flag,
// the roles self-signup offers, a product listed twice, and a domain the program declares twice (its program context).
import type { CheckFailure } from "../../runtime/types";
import { AppAccessSettingsInputs, type AppAccessSettingsArgs } from "./args";
import { isUnknown } from "../../runtime/values";
import { AppAccessSettingsProgram, programOf } from "../../rules/program-context";
import { ANYONE, anyoneRefusal, domainProblem, normalizeDomain, selfSignupRoleProblem } from "../../rules/self-signup";

const where = (path: PropertyKey[]) => {
  const [top, i, field] = path;
  return top === "products" && typeof i === "number"
    ? `products[${i}]${field ? `.${String(field)}` : ""}`
    : String(top);
};

export function checkSettingsArgs(news: AppAccessSettingsArgs): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const raw = news as unknown as Record<string, unknown>;
  const parsed = AppAccessSettingsInputs.safeParse(news);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      if (isUnknown(raw[String(i.path[0])])) continue;
      const at = where(i.path);
      failures.push({
        property: String(i.path[0] ?? "domain"),
        reason: at.includes("[") ? `${at}: ${i.message}` : i.message,
      });
    }
    if (failures.length) return failures;
  }
  const known = !isUnknown(news.domain) && typeof news.domain === "string";
  if (known) {
    const problem = domainProblem(news.domain);
    if (problem) failures.push({ property: "domain", reason: problem });
  }
  const products = Array.isArray(news.products) && !isUnknown(news.products) ? news.products : [];
  const anyone = known && news.domain === ANYONE;
  if (anyone && products.length > 0 && news.allowAnyDomain !== true && !isUnknown(news.allowAnyDomain)) {
    failures.push({ property: "allowAnyDomain", reason: anyoneRefusal(products.map((p) => `${p.site}/${p.product}`)) });
  }
  if (known && !anyone && news.allowAnyDomain === true) {
    failures.push({
      property: "allowAnyDomain",
      reason: `allowAnyDomain applies only to domain "ANYONE"; ${normalizeDomain(news.domain)} is one email domain. Remove allowAnyDomain.`,
    });
  }
  const seen = new Map<string, number>();
  products.forEach((p, i) => {
    if (p.role !== undefined && !isUnknown(p.role)) {
      const problem = selfSignupRoleProblem(p.role);
      if (problem) failures.push({ property: "products", reason: `products[${i}]: ${problem}` });
    }
    if (isUnknown(p.site) || isUnknown(p.product)) return;
    const key = `${p.site.toLowerCase()}/${p.product}`;
    const first = seen.get(key);
    if (first !== undefined)
      failures.push({
        property: "products",
        reason: `products[${i}] repeats products[${first}] (${p.site}/${p.product}): a domain has one setting per product. Keep one of them.`,
      });
    else seen.set(key, i);
  });
  const twin = programOf(AppAccessSettingsProgram, news).sameDomainAs;
  if (twin) {
    failures.push({
      property: "domain",
      reason: `AppAccessSettings "${twin}" of this program already declares domain ${known ? normalizeDomain(news.domain) : "the same domain"}; one domain's settings declared twice have two owners. Declare the domain once, with all its products.`,
    });
  }
  return failures;
}
