// The SCIM discovery documents (RFC 7643 §5-7): ServiceProviderConfig, ResourceTypes and a minimal Schemas list.
import { SCHEMA } from "./wire";

const CORE = "urn:ietf:params:scim:schemas:core:2.0";

export function serviceProviderConfig(base: string) {
  return {
    schemas: [`${CORE}:ServiceProviderConfig`],
    documentationUri: "https://developer.atlassian.com/cloud/admin/user-provisioning/rest/intro/",
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: 100 },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "The directory's API key as a bearer token.",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` },
  };
}

export function resourceType(kind: "User" | "Group", base: string) {
  return {
    schemas: [`${CORE}:ResourceType`],
    id: kind,
    name: kind,
    endpoint: `/${kind}s`,
    schema: kind === "User" ? SCHEMA.user : SCHEMA.group,
    ...(kind === "User"
      ? {
          schemaExtensions: [
            { schema: SCHEMA.enterprise, required: false },
            { schema: SCHEMA.atlassian, required: false },
          ],
        }
      : {}),
    meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/${kind}` },
  };
}

type Attr = [
  name: string,
  type: string,
  extra?: { multiValued?: boolean; required?: boolean; mutability?: string; uniqueness?: string },
];

const ATTRIBUTES: Record<string, { name: string; attrs: Attr[] }> = {
  [SCHEMA.user]: {
    name: "User",
    attrs: [
      ["userName", "string", { required: true, uniqueness: "server" }],
      ["name", "complex"],
      ["displayName", "string"],
      ["title", "string"],
      ["department", "string"],
      ["emails", "complex", { multiValued: true, required: true }],
      ["active", "boolean"],
      ["groups", "complex", { multiValued: true, mutability: "readOnly" }],
    ],
  },
  [SCHEMA.group]: {
    name: "Group",
    attrs: [
      ["displayName", "string", { required: true, mutability: "immutable" }],
      ["members", "complex", { multiValued: true }],
    ],
  },
  [SCHEMA.enterprise]: {
    name: "EnterpriseUser",
    attrs: [
      ["department", "string"],
      ["organization", "string"],
    ],
  },
  [SCHEMA.atlassian]: {
    name: "AtlassianExternal",
    attrs: [["atlassianAccountId", "string", { mutability: "readOnly" }]],
  },
};

export const schemaIds = (): string[] => Object.keys(ATTRIBUTES);

export function schemaDocument(id: string, base: string) {
  const s = ATTRIBUTES[id];
  if (!s) return undefined;
  return {
    schemas: [`${CORE}:Schema`],
    id,
    name: s.name,
    attributes: s.attrs.map(([name, type, extra = {}]) => ({
      name,
      type,
      multiValued: extra.multiValued ?? false,
      required: extra.required ?? false,
      mutability: extra.mutability ?? "readWrite",
      returned: "default",
      uniqueness: extra.uniqueness ?? "none",
    })),
    meta: { resourceType: "Schema", location: `${base}/Schemas/${id}` },
  };
}
