using System;
using System.Security.Cryptography;
using System.Text;

namespace KubeletCompliance.Core.Reporting
{
    /// <summary>
    /// The report's one style sheet, and the Content-Security-Policy that allows exactly it: no script, no font, no
    /// image, no request of any kind can run or load from the page, even if a value were ever left unescaped.
    /// </summary>
    internal static class HtmlStyle
    {
        public const string Sheet = @"
:root { color-scheme: light; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', sans-serif; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
p.meta { margin: 0; color: #555; font-size: .9rem; }
.totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr)); gap: .5rem; margin: 1rem 0; }
.total { border: 1px solid #ddd; border-left-width: 6px; border-radius: 4px; padding: .5rem .75rem; }
.total b { display: block; font-size: 1.6rem; line-height: 1.1; }
.total.fail { border-left-color: #c62828; } .total.error { border-left-color: #e65100; }
.total.pass { border-left-color: #2e7d32; } .total.na { border-left-color: #757575; } .total.all { border-left-color: #1b1b1b; }
svg.chart { width: 100%; max-width: 44rem; height: auto; display: block; }
table { width: 100%; border-collapse: collapse; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid #e3e3e3; overflow-wrap: break-word; }
thead th { background: #f3f3f3; border-bottom: 2px solid #ccc; white-space: nowrap; }
td.node { font-weight: 600; white-space: pre-wrap; min-width: 9rem; max-width: 16rem; overflow-wrap: anywhere; }
td.text { white-space: pre-wrap; min-width: 12rem; overflow-wrap: anywhere; }
td.file { min-width: 10rem; max-width: 18rem; overflow-wrap: anywhere; }
td.dist { white-space: nowrap; }
code { font: .85rem/1.3 ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', monospace; white-space: pre-wrap; }
.badge { white-space: nowrap; display: inline-block; padding: .05rem .45rem; border-radius: 3px; color: #fff; font-size: .8rem; font-weight: 600; }
.badge.fail { background: #c62828; } .badge.error { background: #e65100; } .badge.pass { background: #2e7d32; } .badge.na { background: #757575; }
p.none { color: #2e7d32; font-weight: 600; }
footer { margin-top: 2rem; color: #666; font-size: .8rem; }
@media (max-width: 40rem) {
  body { padding: .5rem; }
  table, thead, tbody, tr, th, td { display: block; width: 100%; }
  thead { display: none; }
  tr { border: 1px solid #ddd; border-radius: 4px; margin-bottom: .6rem; padding: .25rem 0; }
  td, td.node, td.text, td.file { border: 0; padding: .2rem .6rem; min-width: 0; max-width: none; }
  td::before { content: attr(data-label); display: block; font-size: .75rem; font-weight: 600; color: #666; text-transform: uppercase; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  tr, .total, svg.chart { break-inside: avoid; }
  thead { display: table-header-group; }
}
";

        /// <summary>The CSP source that allows the sheet above and nothing else.</summary>
        public static string Hash()
        {
            using (var sha = SHA256.Create())
            {
                return "'sha256-" + Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(Sheet))) + "'";
            }
        }
    }
}
