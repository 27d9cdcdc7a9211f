using System.Text;

namespace KubeletCompliance.Core.Reporting
{
    /// <summary>HTML text and attribute escaping: every value from a node goes through here.</summary>
    internal static class Html
    {
        public static string Escape(string text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return string.Empty;
            }

            var escaped = new StringBuilder(text.Length + 16);
            foreach (char c in text)
            {
                switch (c)
                {
                    case '&': escaped.Append("&amp;"); break;
                    case '<': escaped.Append("&lt;"); break;
                    case '>': escaped.Append("&gt;"); break;
                    case '"': escaped.Append("&quot;"); break;
                    case '\'': escaped.Append("&#39;"); break;
                    default: escaped.Append(c); break;
                }
            }

            return escaped.ToString();
        }
    }
}
