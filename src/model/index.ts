export * from './codes.js';
export * from './finding.js';
export * from './units.js';
export * from './audio.js';
export * from './manifest.js';
export * from './byte-source.js';
export * from './profile.js';
export * from './report.js';
