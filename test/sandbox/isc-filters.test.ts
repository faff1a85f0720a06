// The ISC filter and sorter syntax as pure functions: precedence, operators, refusals.
import { strict as assert } from "node:assert";
import { compileFilter, compileSorters, IscQueryError, parseFilter, type FieldTable } from "../../sandbox/isc/filters";

describe("isc-filters", () => {
  type Row = { name: string; n: number; ok: boolean; created: string };
  const table: FieldTable<Row> = {
    name: { ops: ["eq", "in", "sw"], get: (r) => r.name },
    ok: { ops: ["eq"], get: (r) => r.ok },
    created: { ops: ["gt", "le"], get: (r) => r.created },
  };
  const rows: Row[] = [
    { name: "alpha", n: 1, ok: true, created: "2026-11-23T14:00:00Z" },
    { name: "beta", n: 2, ok: false, created: "2026-11-23T15:00:00Z" },
    { name: "gamma", n: 3, ok: true, created: "2026-11-23T16:00:00Z" },
  ];
  const names = (filters: string) => rows.filter(compileFilter(filters, table)).map((r) => r.name);

  it("binds and tighter than or", () => {
    assert.deepEqual(parseFilter('name eq "a" or name eq "b" and ok eq true'), {
      kind: "or",
      left: { kind: "cmp", field: "name", op: "eq", values: ["a"] },
      right: {
        kind: "and",
        left: { kind: "cmp", field: "name", op: "eq", values: ["b"] },
        right: { kind: "cmp", field: "ok", op: "eq", values: [true] },
      },
    });
  });

  it("evaluates eq, in, sw, not, parentheses and time comparisons", () => {
    assert.deepEqual(names('name in ("alpha","gamma") and ok eq true'), ["alpha", "gamma"]);
    assert.deepEqual(names('not (name sw "al" or name eq "gamma")'), ["beta"]);
    assert.deepEqual(names('created gt 2026-11-23T14:30:00Z and created le "2026-11-23T15:00:00Z"'), ["beta"]);
    assert.deepEqual(names('name eq "with \\"quote\\""'), []);
  });

  it("refuses a field or operator the table does not list", () => {
    assert.throws(
      () => compileFilter('nope eq "x"', table),
      new IscQueryError('Filtering is not supported for field "nope"; supported fields: name, ok, created.'),
    );
    assert.throws(
      () => compileFilter('name co "x"', table),
      new IscQueryError('Filtering with operator "co" is not supported for field "name"; supported: eq, in, sw.'),
    );
  });

  it("refuses malformed expressions", () => {
    assert.throws(() => parseFilter('name eq "open'), IscQueryError);
    assert.throws(() => parseFilter("name equals x"), IscQueryError);
    assert.throws(() => parseFilter('name in ("a" "b")'), IscQueryError);
  });

  it("sorts by several keys with - for descending", () => {
    const order = compileSorters<Row>("-ok,name", { ok: (r) => String(r.ok), name: (r) => r.name })!;
    assert.deepEqual(
      [...rows].sort(order).map((r) => r.name),
      ["alpha", "gamma", "beta"],
    );
    assert.throws(() => compileSorters<Row>("n", { name: (r) => r.name }), IscQueryError);
  });
});
