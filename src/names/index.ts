/**
 * Reading DAW export names (a core; pure, browser-safe): the words of a name, the stem role it
 * says (`inferRole`, the lexicon of real names and false friends), the mix among a folder's files
 * (`findMix`), and ids from names. pack and folder validation both read names with it, so they
 * take the same file for the mix and the same words for a role.
 * @module
 */
export { inferRole, inferRoles, nameWords, type RoleInference } from './roles.js';
export { findMix, type MixSearch } from './mix.js';
export { slugify, uniqueIds, distinctiveNames, idNames, nameParts } from './ids.js';
export { tokenize, baseName, splitExtension } from './tokens.js';
