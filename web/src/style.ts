// Page chrome (the report itself is styled by src/report/style.ts).
export const APP_CSS = `
body{margin:0;background:#fff}
[hidden]{display:none!important}
.app-head h1{margin:16px 0 4px;font-size:22px}.app-sub{margin:0 0 12px;color:#424a53}
.app-drop{border:2px dashed #8c959f;border-radius:8px;padding:12px 16px;background:#f6f8fa}
.app-drop.app-over{border-color:#0969da;background:#ddf4ff}
.app-opts{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center}
.app-status{margin:10px 0 4px;font-weight:600;min-height:1.4em}
#progress{width:100%;height:12px}
.app-tools{margin-top:12px;padding:8px 12px;border:1px solid #d0d7de;border-radius:6px;background:#fff}
.app-row{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:4px 0}
.app-tools button,.app-drop button{font:inherit;padding:3px 10px}
.app-loose{margin-top:10px;display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center}
.app-kind{display:inline-block;padding:1px 8px;border-radius:10px;background:#ddf4ff;color:#0550ae;font-weight:600;text-transform:uppercase;font-size:12px}
.app-note{color:#9a6700}
/* visually hidden, still read by screen readers (after the rules it overrides) */
.app-sr{position:absolute;width:1px;height:1px;min-height:0;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.app-signatures{margin:12px 0;padding:8px 12px;border:1px solid #d0d7de;border-radius:6px}
.app-signatures h2{margin:0 0 6px;font-size:16px}.app-signatures table{border-collapse:collapse;width:100%}
.app-signatures td,.app-signatures th{text-align:left;padding:2px 8px 2px 0;vertical-align:top}
.app-sig-ok td:nth-child(2){color:#1a7f37;font-weight:600}.app-sig-bad td:nth-child(2){color:#cf222e;font-weight:600}
`;
