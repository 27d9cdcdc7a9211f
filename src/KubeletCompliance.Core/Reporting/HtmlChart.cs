using System;
using System.Globalization;
using System.Linq;
using System.Text;
using KubeletCompliance.Core.Compliance;

namespace KubeletCompliance.Core.Reporting
{
    /// <summary>
    /// Nodes by distribution and status as an inline SVG of stacked bars: no script, no external resource, scales to
    /// the page width (viewBox) and prints in colour. Distribution names come from nodes, so they are escaped.
    /// </summary>
    internal static class HtmlChart
    {
        public static readonly ControlStatus[] Order = { ControlStatus.Fail, ControlStatus.Error, ControlStatus.Pass, ControlStatus.NotApplicable };

        private const int Width = 640;
        private const int LabelWidth = 170;
        private const int BarWidth = 400;
        private const int RowHeight = 28;
        private const int LegendHeight = 30;
        private const int MaxLabel = 24;

        public static string Colour(ControlStatus status)
        {
            switch (status)
            {
                case ControlStatus.Pass: return "#2e7d32";
                case ControlStatus.Fail: return "#c62828";
                case ControlStatus.Error: return "#e65100";
                default: return "#757575";
            }
        }

        public static string Render(ReportTotals totals)
        {
            var rows = totals.ByDistribution().ToList();
            int height = LegendHeight + Math.Max(1, rows.Count) * RowHeight + 8;
            int largest = rows.Count == 0 ? 1 : rows.Max(r => r.Value.Sum());
            var svg = new StringBuilder();
            svg.Append($"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"chart-title\">");
            svg.Append("<title id=\"chart-title\">Nodes by distribution and status</title>");
            Legend(svg);
            if (rows.Count == 0)
            {
                svg.Append($"<text x=\"{LabelWidth}\" y=\"{LegendHeight + 18}\" font-size=\"13\" fill=\"#444\">No nodes in this report</text>");
            }

            for (int i = 0; i < rows.Count; i++)
            {
                int y = LegendHeight + i * RowHeight;
                string name = rows[i].Key;
                string label = name.Length > MaxLabel ? name.Substring(0, MaxLabel - 1) + "\u2026" : name;
                svg.Append($"<text x=\"{LabelWidth - 8}\" y=\"{y + 17}\" text-anchor=\"end\" font-size=\"13\" fill=\"#222\"><title>{Html.Escape(name)}</title>{Html.Escape(label)}</text>");
                double x = LabelWidth;
                foreach (var status in Order)
                {
                    int count = rows[i].Value[(int)status];
                    if (count == 0)
                    {
                        continue;
                    }

                    double w = Math.Max(1.0, (double)count / largest * BarWidth);
                    svg.Append($"<rect class=\"bar {Css(status)}\" x=\"{Number(x)}\" y=\"{y + 4}\" width=\"{Number(w)}\" height=\"{RowHeight - 8}\" fill=\"{Colour(status)}\">");
                    svg.Append($"<title>{Html.Escape(name)}: {count} {status}</title></rect>");
                    x += w;
                }

                svg.Append($"<text x=\"{Number(x + 6)}\" y=\"{y + 17}\" font-size=\"13\" fill=\"#222\">{rows[i].Value.Sum()}</text>");
            }

            return svg.Append("</svg>").ToString();
        }

        public static string Css(ControlStatus status) => status == ControlStatus.NotApplicable ? "na" : status.ToString().ToLowerInvariant();

        private static void Legend(StringBuilder svg)
        {
            int x = LabelWidth;
            foreach (var status in Order)
            {
                svg.Append($"<rect x=\"{x}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{Colour(status)}\"/>");
                svg.Append($"<text x=\"{x + 16}\" y=\"16\" font-size=\"12\" fill=\"#222\">{status}</text>");
                x += status == ControlStatus.NotApplicable ? 110 : 80;
            }
        }

        private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
    }
}
