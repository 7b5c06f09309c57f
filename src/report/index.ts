/**
 * The visual report core: waveform overviews in one streaming pass, and the report rendered as
 * a self-contained HTML string (shared by the browser page and `stempack validate --html`).
 * @module
 */
export { computeOverviews, type Overviews, type OverviewInput, type OverviewOptions, type FileOverview, type ResidualOverview } from './overview.js';
export { openPackageAudio, readRegion, type PackageAudio, type Region } from './package-audio.js';
export { writeHtmlReport, renderReportBody, esc, LANE_WIDTH, type HtmlReportOptions } from './html.js';
export { REPORT_CSS } from './style.js';
export { packageOverviews } from './package-overviews.js';
export { openLooseAudio } from './loose-audio.js';
