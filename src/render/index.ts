export * from './types.js';
export { render, renderPackage } from './render.js';
export { planGains, renderability } from './plan.js';
import './parallel-node.js';
