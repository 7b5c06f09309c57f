/** The report's stylesheet (inlined into the exported HTML; the page uses it too). */
export const REPORT_CSS = `
.sp-report{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;max-width:1200px;margin:0 auto;padding:0 16px 32px}
.sp-report h1{font-size:20px;margin:0 0 4px}.sp-report h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}.sp-report h3{font-size:14px;margin:12px 0 4px;font-family:ui-monospace,monospace}
.sp-verdict{padding:12px 16px;border-radius:6px;border:2px solid;margin-top:16px}.sp-verdict p{margin:0}
.sp-ok{background:#e9f7ee;border-color:#1a7f37}.sp-bad{background:#fdecec;border-color:#cf222e}
.sp-pkg{font-weight:400;font-family:ui-monospace,monospace;font-size:15px;margin-left:8px;word-break:break-all}
.sp-ok-text{color:#1a7f37;font-weight:600}.sp-bad-text{color:#cf222e;font-weight:600}
.sp-legend{margin:0 0 6px;font-size:12px}.sp-key{margin-right:12px}.sp-key-clip{color:#cf222e}.sp-key-silence{color:#6e7781}.sp-key-null{color:#bc4c00}.sp-key-point{color:#8250df}
.sp-lanes{display:flex;flex-direction:column;gap:6px}
.sp-lane{display:grid;grid-template-columns:190px 1fr;gap:8px;align-items:center}
.sp-lane-label{font-size:12px;overflow:hidden;text-overflow:ellipsis}.sp-role{color:#57606a}.sp-meas{color:#57606a;font-variant-numeric:tabular-nums}
.sp-wave{width:100%;height:64px;background:#f6f8fa;border:1px solid #d0d7de;border-radius:3px;display:block}.sp-residual{height:90px}
.sp-env{fill:#0969da;stroke:#0550ae;stroke-width:.5;vector-effect:non-scaling-stroke}
.sp-res{fill:none;stroke:#6639ba;stroke-width:1.5;vector-effect:non-scaling-stroke}
.sp-tol{stroke:#cf222e;stroke-dasharray:6 4;stroke-width:1.5;vector-effect:non-scaling-stroke}
.sp-zero{stroke:#afb8c1;stroke-width:1;vector-effect:non-scaling-stroke}
.sp-clip{fill:#cf222e;fill-opacity:.45}.sp-silence{fill:#8c959f;fill-opacity:.3}.sp-nullfail{fill:#fb8f44;fill-opacity:.35}
.sp-point{stroke:#8250df;stroke-width:2;vector-effect:non-scaling-stroke}
.sp-cursor{stroke:#1b1f24;stroke-width:2;vector-effect:non-scaling-stroke}
.sp-region{fill:#0969da;fill-opacity:.12}
.sp-ticks{position:relative;height:18px;margin-left:198px;font-size:11px;color:#57606a}.sp-ticks span{position:absolute;transform:translateX(-50%)}
.sp-findings ul{list-style:none;margin:0;padding:0}
.sp-finding{margin:2px 0}.sp-finding .sp-row,.sp-finding button{display:block;width:100%;text-align:left;font:inherit;padding:4px 8px;border:1px solid transparent;border-radius:4px;background:none;color:inherit}
.sp-finding button{cursor:pointer;border-color:#d0d7de;background:#fff}.sp-finding button:hover{background:#f6f8fa}
.sp-report button:focus-visible,.sp-report select:focus-visible,.sp-report input:focus-visible{outline:3px solid #0969da;outline-offset:1px}
.sp-sev{display:inline-block;min-width:78px;font-weight:600}.sp-error{color:#cf222e}.sp-warning{color:#9a6700}.sp-info{color:#57606a}
.sp-code{font-family:ui-monospace,monospace;background:#eaeef2;padding:0 4px;border-radius:3px;margin-right:4px}.sp-at{color:#57606a;font-variant-numeric:tabular-nums}
.sp-table{border-collapse:collapse;font-size:12px;font-variant-numeric:tabular-nums}.sp-table th,.sp-table td{border:1px solid #d0d7de;padding:2px 6px;text-align:left}.sp-table th{background:#f6f8fa}
.sp-table caption{text-align:left;font-weight:600;padding:4px 0}.sp-scroll{overflow-x:auto}
`;
