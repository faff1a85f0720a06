// What counts as an email address in an input: the one test every check uses (members, GroupMember, Admins).

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A well-formed email address: something, `@`, a domain with a dot; no white space. */
export const isEmail = (s: string): boolean => EMAIL.test(s);
