/**
 * Text helpers shared by the pages (bundled into the explorer) and the server that writes
 * their HTML.
 */

/** Text safe inside HTML or XML, in content and in quoted attributes alike. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** A vocabulary name as words: PART_OF → "part of", GENE_PRODUCT → "gene product". */
export const words = (name: string) => name.toLowerCase().replace(/_/g, ' ');
