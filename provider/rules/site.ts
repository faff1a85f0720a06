// Which site a name means: one predicate for every place that matches a site a person wrote (a conflict's side, an
// AppAccess's site, a `--site` filter) against another or a workspace's host.

/** A site as written, compared: trimmed, lower-case, without `https://` (or `http://`) and a trailing `/`. */
const plain = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/+$/, "");

/** Whether two sites are one: the same host, or a host and its first label (`acme-eu` for acme-eu.atlassian.net), each
 * as a person may write it (any case, with or without `https://`). */
export function sameSite(a: string, b: string): boolean {
  const [x, y] = [plain(a), plain(b)];
  return x === y || x.split(".")[0] === y || y.split(".")[0] === x;
}
