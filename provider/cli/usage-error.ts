// A command line the command refuses (unknown flag, bad value, missing file): the CLI prints it with the usage, exit 2.
export class UsageError extends Error {}
