using System.Collections.Generic;
using KubeletCompliance.Core.Compliance;

namespace KubeletCompliance.Core.Reporting
{
    /// <summary>
    /// Counts by status, overall and per distribution. The only state a report keeps for its whole run, so it is
    /// bounded: past MaxDistributions distinct names (a hostile or hand-made CSV could have one per row) the rest
    /// are counted together under OtherDistributions.
    /// </summary>
    public sealed class ReportTotals
    {
        public const int MaxDistributions = 24;
        public const string UnknownDistribution = "(unknown)";
        public const string OtherDistributions = "(other)";

        private readonly int[] overall = new int[4];
        private readonly Dictionary<string, int[]> byDistribution = new Dictionary<string, int[]>();
        private readonly List<string> order = new List<string>();

        public int Total { get; private set; }

        public int Count(ControlStatus status) => overall[(int)status];

        public void Add(ReportRow row)
        {
            Total++;
            overall[(int)row.Status]++;
            string name = string.IsNullOrWhiteSpace(row.Distribution) ? UnknownDistribution : row.Distribution;
            if (!byDistribution.TryGetValue(name, out var counts))
            {
                if (order.Count >= MaxDistributions - 1 && name != OtherDistributions)
                {
                    name = OtherDistributions;
                }

                if (!byDistribution.TryGetValue(name, out counts))
                {
                    counts = new int[4];
                    byDistribution.Add(name, counts);
                    order.Add(name);
                }
            }

            counts[(int)row.Status]++;
        }

        /// <summary>Distributions in the order first seen, each with its counts indexed by ControlStatus.</summary>
        public IEnumerable<KeyValuePair<string, IReadOnlyList<int>>> ByDistribution()
        {
            foreach (string name in order)
            {
                yield return new KeyValuePair<string, IReadOnlyList<int>>(name, byDistribution[name]);
            }
        }
    }
}
