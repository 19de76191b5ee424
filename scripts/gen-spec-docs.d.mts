/** Markdown reference of every spec property, generated from schema/refarch.schema.json. */
export declare function generateSpecDocs(): string;
