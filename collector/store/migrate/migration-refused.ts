// A migration that will not be done, and why, in words the operator acts on: the target keeps nothing of it.
export class MigrationRefused extends Error {}
