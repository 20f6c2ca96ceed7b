/** Splits a JSON array (or a {"result"|"records": [...]} envelope) into JSON arrays of about `chunkChars` characters. */
export function splitRecords(text: string, options?: { chunkChars?: number }): { text: string; count: number }[] | null;
