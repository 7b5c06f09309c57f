/**
 * The conformance suite runner: fixtures from `spec/conformance/recipes.json`, cases from
 * `spec/conformance/cases/`, judged against our validator or another implementation.
 * @module
 */
export { runConformance, judge, formatConformance } from './run.js';
export type { ConformanceOptions, ConformanceResult, CaseResult } from './run.js';
export { loadCases } from './cases.js';
export type { ConformanceCase, Citation } from './cases.js';
export { suiteDir, defaultFixtureDir, loadRecipes, generateFixtures } from './fixtures.js';
export type { GeneratedFixture } from './fixtures.js';
export { buildFixture, synth, fixtureSha256 } from './recipe.js';
export type { RecipeBook, FixtureRecipe, BaseRecipe, RecipeOp, StemRecipe, SignalPart, SampleTransform } from './recipe.js';
